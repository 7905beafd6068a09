import { keyOf } from './entry.js';
import { readManifestFile, signatureStream, type LocatedEntry } from './manifest-file.js';

/**
 * The parent level's manifest, indexed by path and by inode (to follow renames). The entries stay
 * small in memory; signatures stay in the local file and are streamed by offset when a file changed.
 */
export class ParentManifest {
  private readonly byPath = new Map<string, LocatedEntry>();
  private readonly inodes = new Map<bigint, LocatedEntry>();
  private readonly claimed = new Set<string>();

  private constructor(readonly file: string) {}

  static async load(file: string): Promise<ParentManifest> {
    const parent = new ParentManifest(file);
    for await (const located of readManifestFile(file)) {
      parent.byPath.set(keyOf(located.entry.path), located);
      if (located.entry.type === 'file') parent.inodes.set(located.entry.ino, located);
    }
    return parent;
  }

  /** The parent's entry at this path. */
  at(path: Buffer): LocatedEntry | undefined {
    return this.byPath.get(keyOf(path));
  }

  /**
   * The parent's file with this inode (devices are not compared, like tar's --no-check-device: a
   * snapshot mount gets a new one each time). Used to follow a rename, when the file's path is new.
   */
  byInode(ino: bigint): LocatedEntry | undefined {
    return this.inodes.get(ino);
  }

  /** Takes a parent file as a rename's base, once only: it must not serve two new files. */
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
