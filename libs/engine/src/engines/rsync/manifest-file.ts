import { createReadStream } from 'node:fs';
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
  const reader = new ByteReader(createReadStream(path, { highWaterMark: 1024 * 1024 }));
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
