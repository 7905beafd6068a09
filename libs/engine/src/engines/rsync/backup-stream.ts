import type { BigIntStats } from 'node:fs';
import { lstat, readlink } from 'node:fs/promises';
import { releaseBuffer } from '@freezer/codec';
import {
  BlockIndex,
  chooseBlockSize,
  ContentDigest,
  encodeDelta,
  SignatureBuilder,
  type DeltaStats,
} from '@freezer/delta';
import type { ManifestEntry } from './entry.js';
import { WHOLE_FILE_THRESHOLD } from './entry.js';
import type { DataOut } from './data-out.js';
import {
  dataEnd,
  dataHeader,
  KIND_DELTA,
  KIND_WHOLE,
  recordHeaderBytes,
  WHOLE_END_BYTES,
  writeRecordHeader,
  writeWholeEnd,
  type RecordKind,
  type WholeTrailer,
} from './data-format.js';
import type { LocatedEntry } from './manifest-file.js';
import type { ManifestWriter } from './manifest-writer.js';
import { deltaBase, type ParentLevel } from './parent-manifest.js';
import type { RsyncCatalogCollector } from './rsync-catalog.js';
import { under } from './safe-path.js';
import { openSource, type SourceFile } from './source-file.js';
import { walkTree, type WalkOptions } from './tree-walk.js';

const READ_BYTES = 1024 * 1024;

export interface RsyncBackupStats {
  files: number;
  wholeFiles: number;
  deltaFiles: number;
  unchangedFiles: number;
  literalBytes: number;
  copiedBytes: number;
  /** Bytes read from changed files. */
  bytesRead: number;
  warnings: number;
}

export const emptyStats = (): RsyncBackupStats => ({
  files: 0,
  wholeFiles: 0,
  deltaFiles: 0,
  unchangedFiles: 0,
  literalBytes: 0,
  copiedBytes: 0,
  bytesRead: 0,
  warnings: 0,
});

export interface BackupStreamInput {
  /** The directory walked, and (single-file backups) the one name in it. */
  root: string;
  names?: Buffer[];
  level: number;
  parent?: ParentLevel;
  manifest: ManifestWriter;
  walk: WalkOptions;
  stats: RsyncBackupStats;
  onProgress: (bytes: number, files: number) => void;
  /** Told about every path and data record, for the point's file catalog. */
  catalog?: RsyncCatalogCollector;
  /**
   * The consumer copies each chunk before it pulls the next one (the framed codec's block cutter
   * does), so two read buffers can take turns for every file. A consumer that may hold a chunk longer
   * (a zlib stream queues what it is given) gets a fresh buffer per read instead.
   */
  chunksCopied: boolean;
  /** Where the stream's bytes are gathered (made with the same `chunksCopied`); knows the position. */
  out: DataOut;
}

/** Two read buffers taking turns: one is filled by the thread pool while the other is being used. */
class ReadBuffers {
  private readonly pair: Buffer[] | undefined;
  private turn = 0;

  constructor(reuse: boolean) {
    this.pair = reuse ? [Buffer.allocUnsafeSlow(READ_BYTES), Buffer.allocUnsafeSlow(READ_BYTES)] : undefined;
  }

  /** Frees the pair once the last chunk was consumed (the level's other objects are encoded next). */
  release(): void {
    for (const buffer of this.pair ?? []) releaseBuffer(buffer);
  }

  /** A buffer for the next read of a file of `size` bytes (a small file needs no full megabyte). */
  next(size: bigint): Buffer {
    if (this.pair) return this.pair[this.turn++ % 2] as Buffer;
    // One byte more than the size: the read that finds the end then needs no buffer of its own.
    return Buffer.allocUnsafe(Number(size < BigInt(READ_BYTES) ? size + 1n : BigInt(READ_BYTES)));
  }
}

/**
 * The data stream of one level, pulled by the codec (so a file is read only as fast as storage takes
 * it), writing the level's manifest as a side effect: every path's entry, and each file's new signature
 * computed in the same single read that produces its data.
 */
export async function* rsyncBackupStream(input: BackupStreamInput): AsyncGenerator<Uint8Array> {
  const { manifest, stats } = input;
  const hardDereference = input.walk.dereference === 'hard' || input.walk.dereference === 'all';
  const firstLinks = new Map<bigint, Buffer>();
  const buffers = new ReadBuffers(input.chunksCopied);
  const { out } = input;
  out.put(dataHeader());
  for await (const item of walkTree(input.root, input.names, input.walk)) {
    const st = item.stat;
    const meta = metaOf(item.rel, st);
    // Asked once per path, in the walk's order (the parent may be read alongside the walk).
    const prev = await input.parent?.at(meta.path);
    const before = prev?.entry;
    if (st.isDirectory()) {
      await manifest.begin({ ...meta, type: 'dir', size: 0n });
      input.catalog?.entry('dir', { ...meta, size: 0n }, undefined, before);
    } else if (st.isSymbolicLink()) {
      const link = await readlink(item.abs, { encoding: 'buffer' });
      await manifest.begin({ ...meta, type: 'symlink', link });
      input.catalog?.entry('symlink', meta, link, before);
    } else if (st.isFile()) {
      const first = !hardDereference && st.nlink > 1n ? firstLinks.get(st.ino) : undefined;
      if (first) {
        await manifest.begin({ ...meta, type: 'hardlink', link: first });
        input.catalog?.entry('hardlink', { ...meta, size: 0n }, first, before);
        continue;
      }
      if (prev && unchanged(prev.entry, st)) {
        // Not opened, let alone read: tar's incremental test, on metadata alone.
        if (!hardDereference && st.nlink > 1n) firstLinks.set(st.ino, item.rel);
        stats.files++;
        await carriedOver(input, meta, st, prev);
        continue;
      }
      const handle = await openSource(item.abs, st.size).catch((err: NodeJS.ErrnoException) => {
        stats.warnings++;
        input.walk.log.warn(`${item.rel.toString()}: ${err.code ?? err.message}; skipped`);
        return undefined;
      });
      if (!handle) continue;
      if (!hardDereference && st.nlink > 1n) firstLinks.set(st.ino, item.rel);
      stats.files++;
      try {
        yield* fileRecord(input, meta, st, prev, handle, buffers);
      } finally {
        await handle.close();
      }
    } else {
      stats.warnings++;
      input.walk.log.warn(
        `${item.rel.toString()}: sockets, FIFOs and devices are not kept by --engine rsync; skipped`,
      );
    }
  }
  // What the parent has beyond the walk is gone (reported to the catalog as deletions).
  await input.parent?.finish();
  if (out.full(1)) yield out.take();
  out.put(dataEnd());
  yield* out.end();
  buffers.release();
}

type Meta = Omit<ManifestEntry, 'type'>;

function metaOf(path: Buffer, st: BigIntStats): Meta {
  return {
    path,
    mode: Number(st.mode & 0o7777n),
    uid: Number(st.uid),
    gid: Number(st.gid),
    mtimeNs: st.mtimeNs,
    ctimeNs: st.ctimeNs,
    size: st.size,
    dev: st.dev,
    ino: st.ino,
  };
}

/** Same size, times and inode as at the parent level: tar's test for "not modified". */
function unchanged(prev: ManifestEntry, st: BigIntStats): boolean {
  return (
    prev.type === 'file' &&
    prev.size === st.size &&
    prev.mtimeNs === st.mtimeNs &&
    prev.ctimeNs === st.ctimeNs &&
    prev.ino === st.ino
  );
}

/** A file not stored again: its history and signature carry over from the parent. */
async function carriedOver(
  input: BackupStreamInput,
  meta: Meta,
  st: BigIntStats,
  prev: LocatedEntry,
): Promise<void> {
  const { manifest } = input;
  const patch = await manifest.begin({
    ...meta,
    type: 'file',
    history: prev.entry.history,
    blockSize: prev.entry.blockSize,
  });
  await patch(st.size, prev.signatureLength);
  await manifest.copyFrom((input.parent as ParentLevel).file, prev.signatureOffset, prev.signatureLength);
  input.catalog?.entry('file', meta, undefined, prev.entry);
  input.stats.unchangedFiles++;
  input.onProgress(0, 1);
}

async function* fileRecord(
  input: BackupStreamInput,
  meta: Meta,
  st: BigIntStats,
  prev: LocatedEntry | undefined,
  handle: SourceFile,
  buffers: ReadBuffers,
): AsyncGenerator<Uint8Array> {
  const { manifest, parent, stats } = input;
  const base = await baseOf(input, meta.path, st, prev);
  const delta = base !== undefined && st.size >= BigInt(WHOLE_FILE_THRESHOLD);
  const step = { level: input.level, path: meta.path };
  const blockSize = blockSizeOf(st.size, delta ? base.entry.blockSize : undefined);
  const patch = await manifest.begin({
    ...meta,
    type: 'file',
    history: delta ? [...(base.entry.history ?? []), step] : [step],
    blockSize,
  });
  const builder = blockSize > 0 ? new SignatureBuilder(blockSize) : undefined;
  let size = 0;
  let signatureLength = 0;
  let firstChunk = 1;
  const writeSignature = async (): Promise<void> => {
    const sig = builder?.take();
    if (!sig || sig.length === 0) return;
    signatureLength += sig.length;
    await manifest.write(sig);
  };
  /**
   * The file's bytes, read once. A whole file is signed here; a delta's signature is built by the
   * encoder (it reuses the parent's records for blocks that did not move). Either way the signature
   * finished so far goes to the manifest before the next read, so it never piles up in memory.
   */
  // A delta's encoder copies each chunk before asking for the next, so its reads can always take turns.
  const own = delta && !input.chunksCopied ? new ReadBuffers(true) : buffers;
  const read = (): Promise<Buffer> => handle.read(own.next(st.size));
  async function* tapped(): AsyncGenerator<Uint8Array> {
    // One read ahead: the next megabyte is copied in by the thread pool while this one is hashed.
    let next = read();
    try {
      for (;;) {
        await writeSignature();
        const piece = await next;
        if (piece.length === 0) break;
        next = read();
        size += piece.length;
        if (!delta) builder?.push(piece);
        input.onProgress(piece.length, firstChunk);
        firstChunk = 0;
        yield piece;
      }
    } finally {
      // Stopped early (an error downstream): let the read in flight finish before the file is closed.
      await next.catch(() => undefined);
    }
  }

  const { out } = input;
  input.catalog?.entry('file', meta, undefined, prev?.entry, true);
  if (delta && parent && builder) {
    yield* header(out, KIND_DELTA, meta.path);
    const index = await BlockIndex.read(parent.signature(base));
    const deltaStats: DeltaStats = { newSize: 0, literalBytes: 0, copiedBytes: 0 };
    for await (const piece of encodeDelta(tapped(), index, { signature: builder, stats: deltaStats }))
      yield* framed(out, piece);
    yield* payloadEnd(out);
    stats.deltaFiles++;
    stats.literalBytes += deltaStats.literalBytes;
    stats.copiedBytes += deltaStats.copiedBytes;
  } else if (!builder) {
    size = yield* smallFile(input, meta.path, st.size, handle);
    stats.wholeFiles++;
  } else {
    yield* header(out, KIND_WHOLE, meta.path, blockSize);
    for await (const chunk of tapped()) yield* framed(out, chunk);
    builder.finish();
    yield* wholeEnd(out, { size, digest: builder.digest });
    stats.wholeFiles++;
  }
  input.catalog?.recordEnd();
  await writeSignature();
  stats.bytesRead += size;
  await patch(BigInt(size), signatureLength);
}

/**
 * A delta keeps its base's block size, so the blocks that did not change carry over into the new
 * signature without being hashed; only when the file has grown or shrunk 4x does it get the size
 * fitting its new length (and is signed afresh).
 */
function blockSizeOf(size: bigint, baseBlockSize: number | undefined): number {
  if (size < BigInt(WHOLE_FILE_THRESHOLD)) return 0;
  const fitting = chooseBlockSize(Number(size));
  if (baseBlockSize && fitting < 4 * baseBlockSize && 4 * fitting > baseBlockSize) return baseBlockSize;
  return fitting;
}

/**
 * The parent's version of this file to delta against: the same path, or, for a new path, the file with
 * the same inode whose old path is gone (a rename). Only files with a signature qualify.
 */
async function baseOf(
  input: BackupStreamInput,
  path: Buffer,
  st: BigIntStats,
  prev: LocatedEntry | undefined,
): Promise<LocatedEntry | undefined> {
  if (prev) return deltaBase(prev) ? prev : undefined;
  const parent = input.parent;
  const renamed = parent?.byInode(st.ino);
  if (!parent || !deltaBase(renamed)) return undefined;
  const oldPathNow = await lstat(under(input.root, renamed.entry.path)).catch(() => undefined);
  if (oldPathNow) return undefined;
  return parent.claim(renamed) ? renamed : undefined;
}

/**
 * A file without a signature (under WHOLE_FILE_THRESHOLD) as a whole-file record, read straight into
 * the stage in as few reads as fit (one, for most), its check a plain SHA-256 (ContentDigest at block
 * size 0). A read that returns less than asked for is the file's end, as GNU tar takes it; a file that
 * grew since its stat is read on until then. Returns the bytes read.
 */
async function* smallFile(
  input: BackupStreamInput,
  path: Buffer,
  statSize: bigint,
  handle: SourceFile,
): AsyncGenerator<Uint8Array, number> {
  const { out } = input;
  yield* header(out, KIND_WHOLE, path, 0);
  const digest = new ContentDigest(0);
  const expected = Number(statSize);
  let size = 0;
  for (;;) {
    // One byte more than expected: a read that fills it all means the file grew.
    const want = expected - size + 1;
    if (out.full(4 + Math.min(want, PIECE_MIN))) yield out.take();
    const space = out.space(4, want);
    const piece = await handle.read(space);
    if (piece.length === 0) break;
    const { buffer, at } = out.writer;
    buffer.writeUInt32BE(piece.length, at);
    out.commit(4 + piece.length);
    digest.update(piece);
    input.onProgress(piece.length, size === 0 ? 1 : 0);
    size += piece.length;
    if (piece.length < space.length) break;
  }
  if (size === 0) input.onProgress(0, 1);
  yield* wholeEnd(out, { size, digest: digest.digest() });
  return size;
}

/** A small file is read into the stage when at least this much (or all of it) fits there. */
const PIECE_MIN = 64 * 1024;

function* header(out: DataOut, kind: RecordKind, path: Buffer, digestBlockSize = 0): Generator<Uint8Array> {
  const n = recordHeaderBytes(kind, path);
  if (out.full(n)) yield out.take();
  const { buffer, at } = out.writer;
  out.commit(writeRecordHeader(buffer, at, kind, path, digestBlockSize));
}

/** A big-endian u32 staged: a payload piece's length, or 0 for the payload's end. */
function* u32(out: DataOut, value: number): Generator<Uint8Array> {
  if (out.full(4)) yield out.take();
  const { buffer, at } = out.writer;
  buffer.writeUInt32BE(value, at);
  out.commit(4);
}

/** One length-prefixed piece of a record's payload (empty input: nothing, the terminator is separate). */
function* framed(out: DataOut, piece: Uint8Array): Generator<Uint8Array> {
  if (piece.length === 0) return;
  yield* u32(out, piece.length);
  yield* out.pass(piece);
}

const payloadEnd = (out: DataOut): Generator<Uint8Array> => u32(out, 0);

function* wholeEnd(out: DataOut, trailer: WholeTrailer): Generator<Uint8Array> {
  if (out.full(WHOLE_END_BYTES)) yield out.take();
  const { buffer, at } = out.writer;
  out.commit(writeWholeEnd(buffer, at, trailer));
}
