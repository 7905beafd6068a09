/** What `openssl enc -pass file:F` uses as the password: the bytes before the first '\n' (max 1023). */
export function passphraseFromFile(contents: Uint8Array): Uint8Array {
  const newline = contents.indexOf(0x0a);
  const line = newline === -1 ? contents : contents.subarray(0, newline);
  return line.subarray(0, 1023);
}
