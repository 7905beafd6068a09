import { keyOf, type ManifestEntry } from './entry.js';
import { readManifestFile, signatureStream, type LocatedEntry } from './manifest-file.js';

/** The parent level's manifest as a level ≥ 1 backup asks it, path by path in the walk's order. */
export interface ParentLevel {
  /** The local manifest file (signatures are read from it by offset). */
  readonly file: string;
  /** Whether the parent's paths the walk did not find are reported to `onGone` (else nothing is). */
  readonly findsGone: boolean;
  onGone?: (entry: ManifestEntry) => void;
  /** The parent's entry at this path; paths are asked in the walk's order, each once. */
  at(path: Buffer): Promise<LocatedEntry | undefined>;
  /**
   * The parent's file with this inode (devices are not compared, like tar's --no-check-device: a
   * snapshot mount gets a new one each time). Used to follow a rename, when the file's path is new.
   */
  byInode(ino: bigint): LocatedEntry | undefined;
  /** Takes a parent file as a rename's base, once only: it must not serve two new files. */
  claim(located: LocatedEntry): boolean;
  signature(located: LocatedEntry): AsyncIterable<Uint8Array>;
  /** The walk is done: what the parent has beyond it is gone. */
  finish(): Promise<void>;
  /** Releases the manifest file (the backup ended, possibly early). */
  close(): Promise<void>;
}

/**
 * What both ways of reading the parent share: its delta bases by inode (to follow a rename), each
 * claimed once, and their signatures streamed from the local manifest file by offset.
 */
export abstract class ParentBases {
  protected readonly inodes = new Map<bigint, LocatedEntry>();
  private readonly claimed = new Set<string>();

  protected constructor(readonly file: string) {}

  byInode(ino: bigint): LocatedEntry | undefined {
    return this.inodes.get(ino);
  }

  claim(located: LocatedEntry): boolean {
    const key = keyOf(located.entry.path);
    if (this.claimed.has(key)) return false;
    this.claimed.add(key);
    return true;
  }

  signature(located: LocatedEntry): AsyncIterable<Uint8Array> {
    return signatureStream(this.file, located.signatureOffset, located.signatureLength);
  }
}

/**
 * The parent level's manifest held whole, indexed by path and by inode: for a parent manifest that
 * is not in the walk's order (see parent-cursor.ts for the one that is). The entries stay small in
 * memory; signatures stay in the local file and are streamed by offset when a file changed.
 */
export class ParentManifest extends ParentBases implements ParentLevel {
  readonly findsGone = false;
  private readonly byPath = new Map<string, LocatedEntry>();

  private constructor(file: string) {
    super(file);
  }

  static async load(file: string): Promise<ParentManifest> {
    const parent = new ParentManifest(file);
    for await (const located of readManifestFile(file)) {
      parent.byPath.set(keyOf(located.entry.path), located);
      if (located.entry.type === 'file') parent.inodes.set(located.entry.ino, located);
    }
    return parent;
  }

  at(path: Buffer): Promise<LocatedEntry | undefined> {
    return Promise.resolve(this.byPath.get(keyOf(path)));
  }

  finish(): Promise<void> {
    return Promise.resolve();
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

/** A parent file a delta can be made against: it has a signature. */
export const deltaBase = (l: LocatedEntry | undefined): l is LocatedEntry =>
  l !== undefined && l.entry.type === 'file' && (l.entry.blockSize ?? 0) > 0 && l.signatureLength > 0;
