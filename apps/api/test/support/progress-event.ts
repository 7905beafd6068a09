/** A progress event a node sends, told apart by the bytes it has read (and stored). */
export const progressEvent = (bytes: number) => ({
  phase: 'backup' as const,
  files_done: 1,
  bytes_read: bytes,
  bytes_stored: bytes,
  rate: 100,
  elapsed_seconds: 1,
});
