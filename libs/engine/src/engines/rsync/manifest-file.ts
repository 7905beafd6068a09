import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { AgentError } from '../../errors.js';
import type { ManifestEntry } from './entry.js';
import { checkManifestHeader, decodeEntry, MANIFEST_END } from './manifest-format.js';

export interface LocatedEntry {
  entry: ManifestEntry;
  /** Where the entry's signature starts in the file, and its length (0: none). */
  signatureOffset: number;
  signatureLength: number;
}

/**
 * Streams the entries of a local manifest file in order, signatures skipped (their place is reported
 * so they can be read later by offset; a signature is never read here). One reused buffer: an entry
 * is decoded from it synchronously, and only what does not fit is carried into the next read.
 */
export async function* readManifestFile(path: string): AsyncGenerator<LocatedEntry> {
  const handle = await open(path, 'r');
  try {
    const size = (await handle.stat()).size;
    let buffer = Buffer.allocUnsafeSlow(READ_BYTES);
    /** The buffer holds the file's bytes from `base` on, `filled` of them; the next entry is at `at`. */
    let base = 0;
    let filled = 0;
    let at = 8;
    const readAt = async (offset: number): Promise<void> => {
      // Bytes already read from `offset` on are kept; a buffer too small for one entry doubles.
      const keep = offset >= base && offset < base + filled ? base + filled - offset : 0;
      if (keep === buffer.length) {
        const bigger = Buffer.allocUnsafeSlow(buffer.length * 2);
        buffer.copy(bigger, 0, offset - base, offset - base + keep);
        buffer = bigger;
      } else if (keep > 0) buffer.copy(buffer, 0, offset - base, offset - base + keep);
      base = offset;
      filled = keep;
      while (filled < buffer.length && base + filled < size) {
        const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, base + filled);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
    };
    await readAt(0);
    checkManifestHeader(buffer.subarray(0, Math.min(8, filled)));
    for (;;) {
      const view = buffer.subarray(at - base, filled);
      const next = decodeEntry(view, 0);
      if (next === undefined) {
        if (base + filled >= size) throw new AgentError('the rsync manifest is damaged (it ends early)');
        await readAt(at);
        continue;
      }
      if (next === MANIFEST_END) {
        if (at + 1 !== size) throw new AgentError('the rsync manifest is damaged (bytes after its end)');
        return;
      }
      const signatureOffset = at + next.bytes;
      yield { entry: next.entry, signatureOffset, signatureLength: next.signatureLength };
      at = signatureOffset + next.signatureLength;
      if (at >= base + filled) await readAt(at);
    }
  } finally {
    await handle.close();
  }
}

/** A signature stored in a manifest file, as a stream. */
export function signatureStream(path: string, offset: number, length: number): AsyncIterable<Uint8Array> {
  return createReadStream(path, { start: offset, end: offset + length - 1, highWaterMark: 1024 * 1024 });
}

/** Bytes read at a time (one buffer, reused for the whole file). */
const READ_BYTES = 256 * 1024;
