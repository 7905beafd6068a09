import { createHash, randomBytes } from 'node:crypto';
import { encode, decode, type EncodeOptions, type EncodeSummary, type StreamParams } from '../src/index.js';

/** Yield `data` in chunks of `chunk` bytes (like a pipe or a storage read would). */
export async function* chunksOf(data: Uint8Array, chunk = 65_536): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < data.length; offset += chunk) yield data.subarray(offset, offset + chunk);
}

/** Half random, half repetitive text: compresses about 2:1 like a typical tar of mixed files. */
export function mixedData(bytes: number): Buffer {
  const out = Buffer.allocUnsafe(bytes);
  const text = Buffer.from('freezer backup line 0123456789 abcdefghijklmnopqrstuvwxyz\n');
  for (let offset = 0; offset < bytes; offset += 8192) {
    const end = Math.min(bytes, offset + 8192);
    if ((offset / 8192) % 2 === 0) randomBytes(end - offset).copy(out, offset);
    else for (let i = offset; i < end; i++) out[i] = text[i % text.length] as number;
  }
  return out;
}

/** Deterministic pseudo-random words: compresses well, and better at higher levels. */
export function wordData(bytes: number): Buffer {
  const words = [
    'backup',
    'restore',
    'freezer',
    'segment',
    'level',
    'chain',
    'tar',
    'zstd',
    'swift',
    'node',
    'agent',
  ];
  const parts: string[] = [];
  let length = 0;
  let state = 12345;
  while (length < bytes) {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    const word = `${words[state % words.length]}${state % 97} `;
    parts.push(word);
    length += word.length;
  }
  return Buffer.from(parts.join('')).subarray(0, bytes);
}

export async function collect(source: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of source) parts.push(Buffer.from(chunk));
  return Buffer.concat(parts);
}

export interface Encoded {
  segments: Buffer[];
  summary: EncodeSummary;
}

export async function encodeAll(data: Uint8Array, opts: EncodeOptions, chunk?: number): Promise<Encoded> {
  const result = encode(chunksOf(data, chunk), opts);
  const segments: Buffer[] = [];
  for await (const segment of result.segments) segments.push(Buffer.from(segment));
  return { segments, summary: await result.summary };
}

export async function decodeAll(
  stored: Uint8Array,
  params: StreamParams,
  passphrase?: Uint8Array,
  chunk = 50_000,
): Promise<Buffer> {
  return collect(decode(chunksOf(stored, chunk), params, passphrase));
}

export function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Run `fn`, returning the error it throws (fails the test when it does not throw). */
export async function caught(fn: () => Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await fn();
  } catch (err) {
    return err as Error & { code?: string };
  }
  throw new Error('expected an error, none was thrown');
}
