import { ByteReader } from '@freezer/delta';
import { AgentError } from '../../errors.js';

// Data stream of one rsync-engine level, version 2 (inside the codec stream, like tar's archive):
//   header  "FRZRSD" ‖ version (2) ‖ 0
//   record  kind (1 whole file, 2 delta) ‖ u16 path length ‖ path ‖ whole files: u32 digest block size
//           ‖ (u32 length ‖ bytes)* ‖ u32 0 ‖ whole files: u64 size ‖ content digest (32)
//           (a delta carries its own check)
//   end     0x00
// Only files that changed are here; the manifest says what every other path is. The content digest is
// @freezer/delta's ContentDigest: over the block hashes of the file's signature (block size > 0), or a
// plain SHA-256 for files without one. Version 1 had a plain SHA-256 for every whole file.

const MAGIC = Buffer.from('FRZRSD', 'latin1');
const VERSION = 2;
export const KIND_WHOLE = 1;
export const KIND_DELTA = 2;
const END = 0;

export type RecordKind = typeof KIND_WHOLE | typeof KIND_DELTA;

export const dataHeader = (): Buffer => Buffer.concat([MAGIC, Buffer.from([VERSION, 0])]);
export const dataEnd = (): Buffer => Buffer.from([END]);

/** Bytes of a record's header. */
export const recordHeaderBytes = (kind: RecordKind, path: Buffer): number =>
  3 + path.length + (kind === KIND_WHOLE ? 4 : 0);

/**
 * Writes a record's header at `at` (room for `recordHeaderBytes` is the caller's); returns its length.
 * `digestBlockSize`: whole files, the block size of the trailer's content digest (0: plain SHA-256).
 */
export function writeRecordHeader(
  into: Buffer,
  at: number,
  kind: RecordKind,
  path: Buffer,
  digestBlockSize = 0,
): number {
  into[at] = kind;
  into.writeUInt16BE(path.length, at + 1);
  path.copy(into, at + 3);
  if (kind === KIND_WHOLE) into.writeUInt32BE(digestBlockSize, at + 3 + path.length);
  return recordHeaderBytes(kind, path);
}

export interface WholeTrailer {
  size: number;
  digest: Buffer;
}

const TRAILER_BYTES = 8 + 32;
/** A whole file's payload terminator and trailer. */
export const WHOLE_END_BYTES = 4 + TRAILER_BYTES;

/** Writes a whole file's payload terminator and trailer at `at`; returns WHOLE_END_BYTES. */
export function writeWholeEnd(into: Buffer, at: number, t: WholeTrailer): number {
  into.writeUInt32BE(0, at);
  into.writeBigUInt64BE(BigInt(t.size), at + 4);
  t.digest.copy(into, at + 12);
  return WHOLE_END_BYTES;
}

export interface DataRecord {
  kind: RecordKind;
  path: Buffer;
  /** Whole files: the block size of the trailer's content digest (0: plain SHA-256). */
  digestBlockSize: number;
  /** The payload; the next record is read only after it has been consumed (or is drained by the reader). */
  payload: AsyncGenerator<Uint8Array>;
  /** Whole files, once the payload is consumed: the size and content digest the backup saw. */
  trailer?: WholeTrailer;
}

/**
 * Reads the records of a decoded data stream in order. `fromRecord`: the stream starts at a record
 * (a ranged read of part of a level), not at the data header; the caller stops when it has its records.
 */
export async function* readDataRecords(
  stream: AsyncIterable<Uint8Array>,
  fromRecord = false,
): AsyncGenerator<DataRecord> {
  const reader = new ByteReader(stream);
  if (!fromRecord) {
    const header = await reader.exact(8, 'rsync data header');
    if (!MAGIC.equals(header.subarray(0, 6)))
      throw new AgentError('the rsync data stream is damaged (no FRZRSD header)');
    if (header[6] !== VERSION)
      throw new AgentError(
        `rsync data stream version ${header[6]} is not supported (this agent reads version ${VERSION})`,
      );
  }
  for (;;) {
    const kind = await reader.byte('rsync data');
    if (kind === END) break;
    if (kind !== KIND_WHOLE && kind !== KIND_DELTA)
      throw new AgentError(`the rsync data stream is damaged (record kind ${kind})`);
    const pathLength = (await reader.exact(2, 'rsync data')).readUInt16BE(0);
    const path = Buffer.from(await reader.exact(pathLength, 'rsync data'));
    const digestBlockSize = kind === KIND_WHOLE ? (await reader.exact(4, 'rsync data')).readUInt32BE(0) : 0;
    const record: DataRecord = {
      kind,
      path,
      digestBlockSize,
      payload: payloadOf(reader, kind, (t) => (record.trailer = t)),
    };
    yield record;
    for await (const piece of record.payload) void piece;
  }
  if (!(await reader.atEnd())) throw new AgentError('the rsync data stream is damaged (bytes after its end)');
}

async function* payloadOf(
  reader: ByteReader,
  kind: RecordKind,
  onTrailer: (t: WholeTrailer) => void,
): AsyncGenerator<Uint8Array> {
  for (;;) {
    let left = (await reader.exact(4, 'rsync data')).readUInt32BE(0);
    if (left === 0) break;
    while (left > 0) {
      const piece = await reader.some(left, 'rsync data');
      left -= piece.length;
      // A view, not a copy (restore moved 500 MiB through here): every consumer writes or copies a
      // piece before it pulls the next one.
      yield piece;
    }
  }
  if (kind === KIND_WHOLE) {
    const t = await reader.exact(TRAILER_BYTES, 'rsync data');
    onTrailer({ size: Number(t.readBigUInt64BE(0)), digest: Buffer.from(t.subarray(8)) });
  }
}
