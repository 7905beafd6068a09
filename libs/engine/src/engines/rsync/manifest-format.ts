import type { ByteReader } from '@freezer/delta';
import { AgentError } from '../../errors.js';
import type { EntryType, HistoryStep, ManifestEntry } from './entry.js';

// Manifest (the rsync engine's engine metadata), version 2; integers big-endian:
//   header  "FRZMAN" ‖ version (2) ‖ 0
//   entry   0x01 ‖ type (1 dir, 2 file, 3 symlink, 4 hardlink) ‖ u16 path length ‖ path
//           ‖ u32 mode ‖ u32 uid ‖ u32 gid ‖ u64 mtime ns ‖ u64 ctime ns ‖ u64 size ‖ u64 dev ‖ u64 ino
//           symlink/hardlink: ‖ u16 length ‖ link
//           file: ‖ u16 steps ‖ (u16 level ‖ u16 length ‖ path)* ‖ u32 block size ‖ u64 signature length
//                 ‖ signature (FRZSIG, see @freezer/delta; absent when the block size is 0)
//   end     0x00
// Entries come in walk order (depth first, names in byte order), so a directory precedes its contents.

export const MANIFEST_MAGIC = Buffer.from('FRZMAN', 'latin1');
// Version 2: the same layout, holding version 2 signatures (version 1 held version 1 signatures).
export const MANIFEST_VERSION = 2;
const ENTRY_TAG = 1;
const END_TAG = 0;
const TYPES: EntryType[] = ['dir', 'file', 'symlink', 'hardlink'];
/** Offset of the u64 size inside an encoded entry, from the end of its path. */
const SIZE_AFTER_PATH = 4 + 4 + 4 + 8 + 8;

export function manifestHeader(): Buffer {
  return Buffer.concat([MANIFEST_MAGIC, Buffer.from([MANIFEST_VERSION, 0])]);
}

export const manifestEnd = (): Buffer => Buffer.from([END_TAG]);

export interface EncodedEntry {
  bytes: Buffer;
  /** Where the u64 size is, and (files) the u64 signature length: patched once the file has been read. */
  sizeAt: number;
  signatureLengthAt: number;
}

/** The entry up to (not including) its signature, in one buffer (a tree's worth of entries goes by). */
export function encodeEntry(e: ManifestEntry): EncodedEntry {
  const history = e.type === 'file' ? (e.history ?? []) : [];
  const link = e.type === 'symlink' || e.type === 'hardlink' ? (e.link ?? Buffer.alloc(0)) : undefined;
  let length = 4 + checkedU16(e.path.length) + SIZE_AFTER_PATH + 8 + 8 + 8;
  if (link) length += 2 + checkedU16(link.length);
  if (e.type === 'file') {
    length += 2 + checkedU16(history.length) * 4 + 12;
    for (const step of history) {
      checkedU16(step.level);
      length += checkedU16(step.path.length);
    }
  }
  const out = Buffer.allocUnsafe(length);
  out[0] = ENTRY_TAG;
  out[1] = TYPES.indexOf(e.type) + 1;
  out.writeUInt16BE(e.path.length, 2);
  let at = 4 + e.path.copy(out, 4);
  at = out.writeUInt32BE(e.mode >>> 0, at);
  at = out.writeUInt32BE(e.uid >>> 0, at);
  at = out.writeUInt32BE(e.gid >>> 0, at);
  at = out.writeBigUInt64BE(e.mtimeNs, at);
  at = out.writeBigUInt64BE(e.ctimeNs, at);
  const sizeAt = at;
  at = out.writeBigUInt64BE(e.size, at);
  at = out.writeBigUInt64BE(e.dev, at);
  at = out.writeBigUInt64BE(e.ino, at);
  let signatureLengthAt = -1;
  if (link) {
    at = out.writeUInt16BE(link.length, at);
    at += link.copy(out, at);
  } else if (e.type === 'file') {
    at = out.writeUInt16BE(history.length, at);
    for (const step of history) {
      at = out.writeUInt16BE(step.level, at);
      at = out.writeUInt16BE(step.path.length, at);
      at += step.path.copy(out, at);
    }
    at = out.writeUInt32BE(e.blockSize ?? 0, at);
    signatureLengthAt = at;
    at = out.writeBigUInt64BE(0n, at);
  }
  return { bytes: out, sizeAt, signatureLengthAt };
}

function checkedU16(n: number): number {
  if (n > 0xffff) throw new AgentError(`a path or level of ${n} does not fit the rsync manifest`);
  return n;
}

export async function readManifestHeader(reader: ByteReader): Promise<void> {
  const header = await reader.exact(8, 'manifest header');
  if (!MANIFEST_MAGIC.equals(header.subarray(0, 6)))
    throw new AgentError('the rsync manifest is damaged (no FRZMAN header)');
  if (header[6] !== MANIFEST_VERSION)
    throw new AgentError(
      `rsync manifest version ${header[6]} is not supported (this agent reads version ${MANIFEST_VERSION}): ` +
        'back up under a new --backup-name to start a new chain',
    );
}

/** The next entry (its signature, if any, still unread: `signatureLength` bytes), or undefined at the end. */
export async function readEntry(
  reader: ByteReader,
): Promise<{ entry: ManifestEntry; signatureLength: number; bytes: number } | undefined> {
  const tag = await reader.byte('manifest');
  if (tag === END_TAG) return undefined;
  if (tag !== ENTRY_TAG) throw new AgentError(`the rsync manifest is damaged (record tag ${tag})`);
  const type = TYPES[(await reader.byte('manifest')) - 1];
  if (!type) throw new AgentError('the rsync manifest is damaged (unknown entry type)');
  const path = await bytes(reader);
  const f = await reader.exact(SIZE_AFTER_PATH + 24, 'manifest entry');
  const entry: ManifestEntry = {
    type,
    path,
    mode: f.readUInt32BE(0),
    uid: f.readUInt32BE(4),
    gid: f.readUInt32BE(8),
    mtimeNs: f.readBigUInt64BE(12),
    ctimeNs: f.readBigUInt64BE(20),
    size: f.readBigUInt64BE(28),
    dev: f.readBigUInt64BE(36),
    ino: f.readBigUInt64BE(44),
  };
  let size = 2 + 2 + path.length + f.length;
  let signatureLength = 0;
  if (type === 'symlink' || type === 'hardlink') {
    entry.link = await bytes(reader);
    size += 2 + entry.link.length;
  } else if (type === 'file') {
    const steps = (await reader.exact(2, 'manifest history')).readUInt16BE(0);
    const history: HistoryStep[] = [];
    size += 2;
    for (let i = 0; i < steps; i++) {
      const level = (await reader.exact(2, 'manifest history')).readUInt16BE(0);
      const stepPath = await bytes(reader);
      // Usually the file's own path: one Buffer for both (a restore plan holds every entry).
      history.push({ level, path: stepPath.equals(path) ? path : stepPath });
      size += 4 + stepPath.length;
    }
    const tail = await reader.exact(12, 'manifest entry');
    entry.history = history;
    entry.blockSize = tail.readUInt32BE(0);
    signatureLength = Number(tail.readBigUInt64BE(4));
    size += 12;
  }
  return { entry, signatureLength, bytes: size };
}

async function bytes(reader: ByteReader): Promise<Buffer> {
  const n = (await reader.exact(2, 'manifest')).readUInt16BE(0);
  return Buffer.from(await reader.exact(n, 'manifest'));
}

/** Skips `n` bytes (a signature the caller does not need). */
export async function skipBytes(reader: ByteReader, n: number): Promise<void> {
  for (let left = n; left > 0;) left -= (await reader.some(left, 'manifest signature')).length;
}
