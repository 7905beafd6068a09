import { closeSync, openSync, readSync, writeSync } from 'node:fs';

/** Flips the low bit of the byte at `at` in `file`: the smallest corruption a check must catch. */
export function flipByte(file: string, at: number): void {
  const fd = openSync(file, 'r+');
  try {
    const b = Buffer.alloc(1);
    readSync(fd, b, 0, 1, at);
    b[0] = (b[0] ?? 0) ^ 0x01;
    writeSync(fd, b, 0, 1, at);
  } finally {
    closeSync(fd);
  }
}
