import { randomBytes } from 'node:crypto';
import { closeSync, ftruncateSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';

const PIECE = 64 * 1024;
const ZEROS = Buffer.alloc(PIECE);
/** Temporary names: one random part per process and a counter (a random draw per file cost ~16 µs). */
const TEMP_PREFIX = `.freezer-restore-${randomBytes(4).toString('hex')}-`;
let tempCount = 0;

/**
 * Writes a file next to its final place and renames it there once complete, so a failed rebuild never
 * leaves a half file and a delta's base (the previous version at the final path) stays readable until
 * the new version replaces it. `inPlace`: the final path is new in a restore directory that was empty
 * (a failed restore empties it again), so the file is created there directly — the rename was a second
 * directory operation per file, and most of a small-file restore's time is the file system's.
 *
 * Runs of zeros become holes: sparse files stay sparse. The file calls are synchronous, as in GNU tar:
 * into the page cache they take microseconds, while each trip through the thread pool (where the
 * decompression tasks also run) cost more than the write itself in a tree of small files.
 */
export async function writeFileAtomically(
  finalPath: Buffer,
  content: AsyncIterable<Uint8Array>,
  onBytes: (n: number) => void,
  inPlace = false,
): Promise<number> {
  // Byte paths throughout: a name that is not UTF-8 must survive.
  const cut = finalPath.lastIndexOf(0x2f) + 1;
  // A short temporary name: the final name may already be near the 255-byte limit.
  const temp = inPlace
    ? finalPath
    : Buffer.concat([finalPath.subarray(0, cut), Buffer.from(`${TEMP_PREFIX}${tempCount++}`)]);
  const fd = openSync(temp, 'wx', 0o600);
  let position = 0;
  let written = 0;
  try {
    for await (const chunk of content) {
      // Runs of non-zero 64 KiB pieces go out in one write (one call per chunk in the usual case,
      // not one per piece); all-zero pieces are skipped and become holes.
      let runStart = 0;
      for (let at = 0; at < chunk.length; at += PIECE) {
        const pieceEnd = Math.min(at + PIECE, chunk.length);
        if (!ZEROS.subarray(0, pieceEnd - at).equals(chunk.subarray(at, pieceEnd))) continue;
        writeAll(fd, chunk.subarray(runStart, at), position + runStart);
        runStart = pieceEnd;
      }
      if (runStart < chunk.length) {
        writeAll(fd, chunk.subarray(runStart), position + runStart);
        written = position + chunk.length;
      }
      position += chunk.length;
      onBytes(chunk.length);
    }
    // Only a file that ends in a hole needs its length set (the new file is empty otherwise).
    if (written < position) ftruncateSync(fd, position);
    closeSync(fd);
    if (!inPlace) renameSync(temp, finalPath);
    return position;
  } catch (err) {
    try {
      closeSync(fd);
    } catch {
      // Closed already (the rename failed).
    }
    rmSync(temp, { force: true });
    throw err;
  }
}

function writeAll(fd: number, bytes: Uint8Array, position: number): void {
  for (let done = 0; done < bytes.length;)
    done += writeSync(fd, bytes, done, bytes.length - done, position + done);
}
