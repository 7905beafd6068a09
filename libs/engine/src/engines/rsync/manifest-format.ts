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

/** Checks the 8 header bytes of a manifest. */
export function checkManifestHeader(header: Buffer): void {
  if (header.length < 8 || !MANIFEST_MAGIC.equals(header.subarray(0, 6)))
    throw new AgentError('the rsync manifest is damaged (no FRZMAN header)');
  if (header[6] !== MANIFEST_VERSION)
    throw new AgentError(
      `rsync manifest version ${header[6]} is not supported (this agent reads version ${MANIFEST_VERSION}): ` +
        'back up under a new --backup-name to start a new chain',
    );
}

/** An entry decoded from bytes in memory: the entry, its signature's length, and its own length. */
export interface DecodedEntry {
  entry: ManifestEntry;
  signatureLength: number;
  bytes: number;
}

/** What `decodeEntry` found at the end tag. */
export const MANIFEST_END = 'end';

/**
 * The entry at `at` of `buf` (its signature, if any, follows it: `signatureLength` bytes), the end tag,
 * or undefined when `buf` ends before the entry does (the caller reads more and asks again). Paths and
 * links are copied out, so `buf` can be reused. Synchronous: a manifest has an entry per path, and a
 * promise per field cost ~5 µs an entry.
 */
export function decodeEntry(buf: Buffer, at: number): DecodedEntry | typeof MANIFEST_END | undefined {
  if (at >= buf.length) return undefined;
  const tag = buf[at] as number;
  if (tag === END_TAG) return MANIFEST_END;
  if (tag !== ENTRY_TAG) throw new AgentError(`the rsync manifest is damaged (record tag ${tag})`);
  if (at + 4 > buf.length) return undefined;
  const type = TYPES[(buf[at + 1] as number) - 1];
  if (!type) throw new AgentError('the rsync manifest is damaged (unknown entry type)');
  const pathLength = buf.readUInt16BE(at + 2);
  let p = at + 4 + pathLength;
  if (p + SIZE_AFTER_PATH + 24 > buf.length) return undefined;
  const path = Buffer.from(buf.subarray(at + 4, p));
  const entry: ManifestEntry = {
    type,
    path,
    mode: buf.readUInt32BE(p),
    uid: buf.readUInt32BE(p + 4),
    gid: buf.readUInt32BE(p + 8),
    mtimeNs: buf.readBigUInt64BE(p + 12),
    ctimeNs: buf.readBigUInt64BE(p + 20),
    size: buf.readBigUInt64BE(p + 28),
    dev: buf.readBigUInt64BE(p + 36),
    ino: buf.readBigUInt64BE(p + 44),
  };
  p += SIZE_AFTER_PATH + 24;
  let signatureLength = 0;
  if (type === 'symlink' || type === 'hardlink') {
    if (p + 2 > buf.length) return undefined;
    const n = buf.readUInt16BE(p);
    if (p + 2 + n > buf.length) return undefined;
    entry.link = Buffer.from(buf.subarray(p + 2, p + 2 + n));
    p += 2 + n;
  } else if (type === 'file') {
    if (p + 2 > buf.length) return undefined;
    const steps = buf.readUInt16BE(p);
    p += 2;
    const history: HistoryStep[] = [];
    for (let i = 0; i < steps; i++) {
      if (p + 4 > buf.length) return undefined;
      const level = buf.readUInt16BE(p);
      const n = buf.readUInt16BE(p + 2);
      if (p + 4 + n > buf.length) return undefined;
      const stepPath = buf.subarray(p + 4, p + 4 + n);
      // Usually the file's own path: one Buffer for both.
      history.push({ level, path: stepPath.equals(path) ? path : Buffer.from(stepPath) });
      p += 4 + n;
    }
    if (p + 12 > buf.length) return undefined;
    entry.history = history;
    entry.blockSize = buf.readUInt32BE(p);
    signatureLength = Number(buf.readBigUInt64BE(p + 4));
    p += 12;
  }
  return { entry, signatureLength, bytes: p - at };
}
