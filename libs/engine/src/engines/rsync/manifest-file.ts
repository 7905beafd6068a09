import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { ByteReader } from '@freezer/delta';
import { AgentError } from '../../errors.js';
import type { ManifestEntry } from './entry.js';
import { readEntry, readManifestHeader, skipBytes } from './manifest-format.js';

export interface LocatedEntry {
  entry: ManifestEntry;
  /** Where the entry's signature starts in the file, and its length (0: none). */
  signatureOffset: number;
  signatureLength: number;
}

/**
 * Streams the entries of a local manifest file in order, signatures skipped (their place is reported
 * so they can be read later by offset).
 */
export async function* readManifestFile(path: string): AsyncGenerator<LocatedEntry> {
  const reader = new ByteReader(reusedReads(path));
  await readManifestHeader(reader);
  let offset = 8;
  for (;;) {
    const next = await readEntry(reader);
    if (!next) break;
    offset += next.bytes;
    yield { entry: next.entry, signatureOffset: offset, signatureLength: next.signatureLength };
    await skipBytes(reader, next.signatureLength);
    offset += next.signatureLength;
  }
  if (!(await reader.atEnd())) throw new AgentError('the rsync manifest is damaged (bytes after its end)');
}

/** A signature stored in a manifest file, as a stream. */
export function signatureStream(path: string, offset: number, length: number): AsyncIterable<Uint8Array> {
  return createReadStream(path, { start: offset, end: offset + length - 1, highWaterMark: 1024 * 1024 });
}

const READ_BYTES = 256 * 1024;

/**
 * A file's bytes through one reused buffer. The ByteReader copies what it keeps across chunks and the
 * entry reader copies what it keeps of a chunk, so each chunk is dead when the next is read: a fresh
 * buffer per read (a read stream's way) only left megabytes of garbage per pass over a manifest, and a
 * restore makes several passes.
 */
async function* reusedReads(path: string): AsyncGenerator<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafeSlow(READ_BYTES);
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, READ_BYTES, null);
      if (bytesRead === 0) return;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}
