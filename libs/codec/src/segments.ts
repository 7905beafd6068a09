import { createHash } from 'node:crypto';
import { releaseBuffer } from './buffer-release.js';
import { parkBuffer, takeBuffer } from './parked-buffers.js';
import { CodecError } from './errors.js';
import type { SegmentDigest } from './types.js';

/**
 * Cut a byte stream into `segmentSize` pieces (last one shorter), recording each one's SHA-256. Each
 * part is hashed right after it is copied, while it is still in the CPU cache. A segment buffer is
 * allocated only when bytes for it arrive. Without `segmentsHeld` none is reused: the storage driver
 * may still hold any earlier segment (s3 uploads a part while the next one is cut). With it, the
 * driver has said how many it may still read when it asks for the next, and that many + 1 buffers
 * take turns: a long backup then makes no segment-sized garbage at all.
 */
export async function* cutSegments(
  source: AsyncIterable<Uint8Array>,
  segmentSize: number,
  digests: SegmentDigest[],
  segmentsHeld?: number,
): AsyncGenerator<Buffer> {
  const ring: Buffer[] = [];
  let turn = 0;
  const take = (): Buffer => {
    if (segmentsHeld === undefined) return Buffer.allocUnsafeSlow(segmentSize);
    const slot = turn++ % (segmentsHeld + 1);
    return (ring[slot] ??= takeBuffer(segmentSize));
  };
  let segment: Buffer | undefined;
  let filled = 0;
  let hash = createHash('sha256');
  const emit = (full: Buffer): Buffer => {
    const out = filled === segmentSize ? full : full.subarray(0, filled);
    digests.push({ bytes: out.length, sha256: hash.digest('hex') });
    hash = createHash('sha256');
    segment = undefined;
    filled = 0;
    return out;
  };
  for await (const chunk of source) {
    let offset = 0;
    while (offset < chunk.length) {
      segment ??= take();
      const part = Math.min(segmentSize - filled, chunk.length - offset);
      const piece = chunk.subarray(offset, offset + part);
      segment.set(piece, filled);
      hash.update(piece);
      filled += part;
      offset += part;
      if (filled === segmentSize) yield emit(segment);
    }
  }
  if (segment !== undefined && filled > 0) yield emit(segment);
  // The driver asked for more, so it holds none of them: the next object's encoder need not wait
  // for a collection to get this memory back.
  if (segmentsHeld === 0) for (const buffer of ring.splice(0)) parkBuffer(buffer);
}

/**
 * Pass stored bytes through while re-cutting them at `segmentSize` and checking each segment against
 * the recorded digests. A segment's bytes are released only after its hash matched, so nothing
 * downstream ever sees unverified data. With `reuse`, each segment is copied into one buffer that the
 * next segment overwrites: the consumer must be done with a segment (or have copied what it keeps)
 * before it pulls the next one, and the storage's read chunks are garbage as soon as they are copied
 * instead of being held until their segment's hash matched.
 */
export async function* checkSegments(
  stored: AsyncIterable<Uint8Array>,
  segmentSize: number,
  expected: SegmentDigest[],
  reuse = false,
  freeSource = false,
): AsyncGenerator<Buffer> {
  if (reuse) {
    yield* checkIntoOneBuffer(stored, segmentSize, expected, freeSource);
    return;
  }
  let index = 0;
  let held: Buffer[] = [];
  let bytes = 0;
  let hash = createHash('sha256');
  const close = (): Buffer[] => {
    const want = expected[index];
    if (want === undefined) {
      throw new CodecError('corrupt', `stored data has more segments than the ${expected.length} recorded`);
    }
    if (bytes < want.bytes) {
      throw new CodecError('truncated', `segment ${index} is ${bytes} bytes, ${want.bytes} recorded`);
    }
    if (bytes !== want.bytes || hash.digest('hex') !== want.sha256) {
      throw new CodecError('corrupt', `segment ${index} does not match its recorded SHA-256`);
    }
    const out = held;
    held = [];
    bytes = 0;
    hash = createHash('sha256');
    index++;
    return out;
  };
  for await (const raw of stored) {
    let chunk = Buffer.from(raw.buffer, raw.byteOffset, raw.length);
    while (chunk.length > 0) {
      const want = expected[index];
      // Segments are segmentSize long except the last; the recorded size says where this one ends.
      const limit = want === undefined ? segmentSize : Math.min(want.bytes, segmentSize);
      const part = chunk.subarray(0, Math.max(1, limit - bytes));
      hash.update(part);
      held.push(part);
      bytes += part.length;
      chunk = chunk.subarray(part.length);
      if (bytes >= limit) yield* close();
    }
  }
  if (bytes > 0) yield* close();
  if (index < expected.length) {
    throw new CodecError('truncated', `stored data has ${index} segments, ${expected.length} recorded`);
  }
}

function checkSegment(index: number, bytes: number, sha256: string, expected: SegmentDigest[]): void {
  const want = expected[index];
  if (want === undefined) {
    throw new CodecError('corrupt', `stored data has more segments than the ${expected.length} recorded`);
  }
  if (bytes < want.bytes) {
    throw new CodecError('truncated', `segment ${index} is ${bytes} bytes, ${want.bytes} recorded`);
  }
  if (bytes !== want.bytes || sha256 !== want.sha256) {
    throw new CodecError('corrupt', `segment ${index} does not match its recorded SHA-256`);
  }
}

async function* checkIntoOneBuffer(
  stored: AsyncIterable<Uint8Array>,
  segmentSize: number,
  expected: SegmentDigest[],
  freeSource: boolean,
): AsyncGenerator<Buffer> {
  let segment: Buffer | undefined;
  let index = 0;
  let bytes = 0;
  let hash = createHash('sha256');
  const close = (): Buffer => {
    checkSegment(index, bytes, hash.digest('hex'), expected);
    const out = (segment as Buffer).subarray(0, bytes);
    bytes = 0;
    hash = createHash('sha256');
    index++;
    return out;
  };
  for await (const raw of stored) {
    let chunk = raw;
    while (chunk.length > 0) {
      const want = expected[index];
      const limit = want === undefined ? segmentSize : Math.min(want.bytes, segmentSize);
      // A segment's limit is fixed from its first byte on and never exceeds segmentSize: one buffer of
      // that size serves them all (pages a short segment never writes are not resident).
      if (bytes === 0 && (segment === undefined || segment.length < Math.max(limit, 1)))
        segment = takeBuffer(Math.max(segmentSize, limit, 1));
      const part = chunk.subarray(0, Math.max(1, limit - bytes));
      (segment as Buffer).set(part, bytes);
      hash.update(part);
      bytes += part.length;
      chunk = chunk.subarray(part.length);
      if (bytes >= limit) yield close();
    }
    // Copied whole into the segment buffer: the storage's chunk is dead.
    if (freeSource) releaseBuffer(raw);
  }
  if (bytes > 0) yield close();
  if (index < expected.length) {
    throw new CodecError('truncated', `stored data has ${index} segments, ${expected.length} recorded`);
  }
  // The consumer asked past the last segment: it is done with the buffer.
  if (segment !== undefined) parkBuffer(segment);
}
