import { ByteReader } from '@freezer/delta';
import { AgentError } from '../errors.js';

// Data stream of one rsync-engine level, version 1 (inside the codec stream, like tar's archive):
//   header  "FRZRSD" ‖ version (1) ‖ 0
//   record  kind (1 whole file, 2 delta) ‖ u16 path length ‖ path ‖ (u32 length ‖ bytes)* ‖ u32 0
//           whole files then: ‖ u64 size ‖ SHA-256 (32)      (a delta carries its own check)
//   end     0x00
// Only files that changed are here; the manifest says what every other path is.

const MAGIC = Buffer.from('FRZRSD', 'latin1');
const VERSION = 1;
export const KIND_WHOLE = 1;
export const KIND_DELTA = 2;
const END = 0;

export type RecordKind = typeof KIND_WHOLE | typeof KIND_DELTA;

export const dataHeader = (): Buffer => Buffer.concat([MAGIC, Buffer.from([VERSION, 0])]);
export const dataEnd = (): Buffer => Buffer.from([END]);

export function recordHeader(kind: RecordKind, path: Buffer): Buffer {
  const head = Buffer.alloc(3);
  head[0] = kind;
  head.writeUInt16BE(path.length, 1);
  return Buffer.concat([head, path]);
}

/** One length-prefixed piece of a record's payload (empty input: nothing, the terminator is separate). */
export function* framed(chunk: Uint8Array): Generator<Uint8Array> {
  if (chunk.length === 0) return;
  const len = Buffer.alloc(4);
  len.writeUInt32BE(chunk.length);
  yield len;
  yield chunk;
}

export const payloadEnd = (): Buffer => Buffer.alloc(4);

export function wholeTrailer(size: number, sha256: Buffer): Buffer {
  const out = Buffer.alloc(40);
  out.writeBigUInt64BE(BigInt(size));
  sha256.copy(out, 8);
  return out;
}

export interface DataRecord {
  kind: RecordKind;
  path: Buffer;
  /** The payload; the next record is read only after it has been consumed (or is drained by the reader). */
  payload: AsyncGenerator<Uint8Array>;
  /** Whole files, once the payload is consumed: the size and SHA-256 the backup saw. */
  trailer?: { size: number; sha256: Buffer };
}

/** Reads the records of a decoded data stream in order. */
export async function* readDataRecords(stream: AsyncIterable<Uint8Array>): AsyncGenerator<DataRecord> {
  const reader = new ByteReader(stream);
  const header = await reader.exact(8, 'rsync data header');
  if (!MAGIC.equals(header.subarray(0, 6)) || header[6] !== VERSION)
    throw new AgentError('the rsync data stream is damaged (no FRZRSD header)');
  for (;;) {
    const kind = await reader.byte('rsync data');
    if (kind === END) break;
    if (kind !== KIND_WHOLE && kind !== KIND_DELTA)
      throw new AgentError(`the rsync data stream is damaged (record kind ${kind})`);
    const pathLength = (await reader.exact(2, 'rsync data')).readUInt16BE(0);
    const path = Buffer.from(await reader.exact(pathLength, 'rsync data'));
    const record: DataRecord = { kind, path, payload: payloadOf(reader, kind, (t) => (record.trailer = t)) };
    yield record;
    for await (const piece of record.payload) void piece;
  }
  if (!(await reader.atEnd())) throw new AgentError('the rsync data stream is damaged (bytes after its end)');
}

async function* payloadOf(
  reader: ByteReader,
  kind: RecordKind,
  onTrailer: (t: { size: number; sha256: Buffer }) => void,
): AsyncGenerator<Uint8Array> {
  for (;;) {
    let left = (await reader.exact(4, 'rsync data')).readUInt32BE(0);
    if (left === 0) break;
    while (left > 0) {
      const piece = await reader.some(left, 'rsync data');
      left -= piece.length;
      // The reader reuses its buffer.
      yield Buffer.from(piece);
    }
  }
  if (kind === KIND_WHOLE) {
    const t = await reader.exact(40, 'rsync data');
    onTrailer({ size: Number(t.readBigUInt64BE(0)), sha256: Buffer.from(t.subarray(8)) });
  }
}
