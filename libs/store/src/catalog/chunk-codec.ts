import { createHash } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { lineName } from './record-lines.js';

/** A sealed chunk: its lines deflated, and the hash of the plain text that lets points share it. */
export interface SealedChunk {
  hash: string;
  body: Buffer;
  /** The lines' names, lower case, one per line. */
  names: string;
}

export function sealChunk(lines: readonly string[]): SealedChunk {
  const text = lines.join('\n');
  return {
    hash: createHash('sha256').update(text).digest('base64url'),
    body: deflateRawSync(text, { level: 6 }),
    names: lines.map((l) => lineName(l).toLowerCase().replace(/\n/g, ' ')).join('\n'),
  };
}

export function chunkText(body: Uint8Array): string {
  return inflateRawSync(body).toString('utf8');
}

export function openChunk(body: Uint8Array): string[] {
  const text = chunkText(body);
  return text === '' ? [] : text.split('\n');
}
