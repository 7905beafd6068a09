import { readManifestFile, type LocatedEntry } from './manifest-file.js';
import { ParentBases, deltaBase, type ParentLevel } from './parent-manifest.js';
import { comparePaths } from './path-order.js';

/**
 * The parent level's manifest read alongside the walk: both are in the walk's order, so each path
 * asked is found by reading on, and every parent entry read past without being asked for is a path
 * that is gone (reported to `onGone`: the point's deletions). Held: only the files a delta can be made
 * against (they have a signature: files of 1 MiB or more), by inode, to follow renames.
 */
export class ParentCursor extends ParentBases implements ParentLevel {
  readonly findsGone = true;
  onGone?: ParentLevel['onGone'];
  private readonly entries: AsyncGenerator<LocatedEntry>;
  private current: LocatedEntry | undefined;
  private started = false;

  private constructor(file: string) {
    super(file);
    this.entries = readManifestFile(file);
  }

  /** Undefined when the manifest is not in the walk's order (an older or odd one: held whole instead). */
  static async open(file: string): Promise<ParentCursor | undefined> {
    const cursor = new ParentCursor(file);
    let previous: Buffer | undefined;
    for await (const located of readManifestFile(file)) {
      const path = located.entry.path;
      if (previous && comparePaths(previous, path) >= 0) return undefined;
      previous = path;
      if (deltaBase(located)) cursor.inodes.set(located.entry.ino, located);
    }
    return cursor;
  }

  async at(path: Buffer): Promise<LocatedEntry | undefined> {
    if (!this.started) {
      this.started = true;
      await this.advance();
    }
    while (this.current && comparePaths(this.current.entry.path, path) < 0) {
      this.onGone?.(this.current.entry);
      await this.advance();
    }
    if (!this.current || comparePaths(this.current.entry.path, path) !== 0) return undefined;
    const found = this.current;
    await this.advance();
    return found;
  }

  /** Parent entries held in memory (the delta bases). */
  get held(): number {
    return this.inodes.size;
  }

  async finish(): Promise<void> {
    if (!this.started) {
      this.started = true;
      await this.advance();
    }
    while (this.current) {
      this.onGone?.(this.current.entry);
      await this.advance();
    }
  }

  async close(): Promise<void> {
    await this.entries.return(undefined);
  }

  private async advance(): Promise<void> {
    const next = await this.entries.next();
    this.current = next.done ? undefined : next.value;
  }
}
