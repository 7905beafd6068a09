import {
  chmodSync,
  closeSync,
  ftruncateSync,
  lchownSync,
  lstatSync,
  lutimesSync,
  mkdirSync,
  openSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeSync,
} from 'node:fs';
import { catalogBytes, type CatalogEntry } from '@freezer/schema';
import { AgentError } from '../errors.js';

/** Where a file's stored bytes go: in order, or (a sparse file) piece by piece at these offsets. */
export type SparseMap = { offset: number; bytes: number }[];

/** Writes one restored file as its data streams by (synchronously: it is fed from a parser callback). */
export interface FileSink {
  write(chunk: Buffer): void;
  close(): void;
}

/**
 * Writes selected entries under a restore root and nothing else but their parent directories. Every
 * path component below the root is checked with lstat before use: a symlink there (restored earlier,
 * or planted) is refused, so nothing is ever written outside the root.
 */
export class SelectionWriter {
  private readonly dirs: CatalogEntry[] = [];
  private readonly asRoot = process.getuid?.() === 0;
  bytesWritten = 0;
  files = 0;

  constructor(
    private readonly root: string,
    private readonly overwrite: boolean,
  ) {}

  dir(entry: CatalogEntry): void {
    const path = this.prepare(entry.path);
    const existing = lstatOrUndefined(path);
    if (existing && !existing.isDirectory()) {
      if (!this.overwrite) throw new AgentError(`${path} exists and is not a directory`);
      rmSync(path, { recursive: true, force: true });
    }
    if (!existing?.isDirectory()) mkdirSync(path);
    this.dirs.push(entry);
  }

  symlink(entry: CatalogEntry): void {
    const path = this.prepare(entry.path);
    this.clear(path);
    symlinkSync(Buffer.from(catalogBytes(entry.link ?? '')), path);
    if (this.asRoot && entry.uid !== undefined && entry.gid !== undefined)
      lchownSync(path, entry.uid, entry.gid);
    lutimesSync(path, entry.mtime, entry.mtime);
    this.files++;
  }

  /** `meta` gives mode, owner and times (a hard link's are its target's). */
  file(path: string, meta: CatalogEntry, sparse?: { realSize: number; map: SparseMap }): FileSink {
    const abs = this.prepare(path);
    this.clear(abs);
    const fd = openSync(abs, 'wx', 0o600);
    let written = 0;
    let piece = 0;
    let inPiece = 0;
    return {
      write: (chunk: Buffer) => {
        this.bytesWritten += chunk.length;
        if (!sparse) {
          writeSync(fd, chunk, 0, chunk.length, written);
          written += chunk.length;
          return;
        }
        let at = 0;
        while (at < chunk.length && piece < sparse.map.length) {
          const p = sparse.map[piece] as { offset: number; bytes: number };
          const n = Math.min(p.bytes - inPiece, chunk.length - at);
          writeSync(fd, chunk, at, n, p.offset + inPiece);
          at += n;
          inPiece += n;
          if (inPiece === p.bytes) {
            piece++;
            inPiece = 0;
          }
        }
      },
      close: () => {
        if (sparse) ftruncateSync(fd, sparse.realSize);
        closeSync(fd);
        if (this.asRoot && meta.uid !== undefined && meta.gid !== undefined)
          lchownSync(abs, meta.uid, meta.gid);
        chmodSync(abs, meta.mode);
        utimesSync(abs, meta.mtime, meta.mtime);
        this.files++;
      },
    };
  }

  /** Directory modes and times last (deepest first): writing inside a directory changes its mtime. */
  finish(): void {
    for (const entry of [...this.dirs].sort((a, b) => b.path.length - a.path.length)) {
      const path = this.under(entry.path);
      if (this.asRoot && entry.uid !== undefined && entry.gid !== undefined)
        lchownSync(path, entry.uid, entry.gid);
      chmodSync(path, entry.mode);
      utimesSync(path, entry.mtime, entry.mtime);
    }
  }

  /**
   * A catalog path's file name under the root, as bytes: a name that is not UTF-8 (escaped in the
   * catalog) is restored with its own bytes.
   */
  private under(path: string): Buffer {
    return Buffer.concat([Buffer.from(`${this.root.replace(/\/+$/, '')}/`), catalogBytes(path)]);
  }

  /** Makes the parent directories of a catalog path (refusing symlinks); returns its absolute path. */
  private prepare(path: string): Buffer {
    const parts = path.split('/');
    if (parts.some((p) => p === '' || p === '.' || p === '..'))
      throw new AgentError(`refusing "${path}": it points outside the restore directory`);
    for (let i = 1; i < parts.length; i++) {
      const current = this.under(parts.slice(0, i).join('/'));
      const st = lstatOrUndefined(current);
      if (!st) mkdirSync(current);
      else if (st.isSymbolicLink())
        throw new AgentError(`refusing "${path}": it goes through the symlink "${current}"`);
      else if (!st.isDirectory()) throw new AgentError(`refusing "${path}": "${current}" is not a directory`);
    }
    return this.under(path);
  }

  private clear(path: Buffer): void {
    const existing = lstatOrUndefined(path);
    if (!existing) return;
    if (!this.overwrite) throw new AgentError(`${path} exists: use --overwrite`);
    rmSync(path, { recursive: true, force: true });
  }
}

function lstatOrUndefined(path: Buffer): ReturnType<typeof lstatSync> | undefined {
  try {
    return lstatSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}
