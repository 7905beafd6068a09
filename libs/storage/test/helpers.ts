import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export async function tempDir(tag: string): Promise<{ path: string; cleanup: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), `fz-storage-${tag}-`));
  return { path, cleanup: () => rm(path, { recursive: true, force: true }) };
}

/** Deterministic-size random segments, each its own buffer (as the engine hands them over). */
export function makeSegments(count: number, size: number): Uint8Array[] {
  return Array.from({ length: count }, () => new Uint8Array(randomBytes(size)));
}

export async function* fromArray(segments: Uint8Array[]): AsyncIterable<Uint8Array> {
  for (const s of segments) yield s;
}

/** Yields `good` segments then throws, like a tar process that dies mid-backup. */
export async function* failingAfter(segments: Uint8Array[], good: number): AsyncIterable<Uint8Array> {
  let i = 0;
  for (const s of segments) {
    if (i++ === good) throw new Error('producer failed');
    yield s;
  }
}

export function sha256(parts: Iterable<Uint8Array>): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest('hex');
}

export async function readAll(stream: AsyncIterable<Uint8Array>): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for await (const c of stream) out.push(c);
  return out;
}
