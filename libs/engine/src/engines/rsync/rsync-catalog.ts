import { catalogText } from '@freezer/schema';
import { CatalogSpill, PathSpill } from '../../repository/catalog-spill.js';
import type { CatalogDraft, CatalogDraftEntry } from '../../repository/point-catalog.js';
import type { EntryType, ManifestEntry } from './entry.js';

/**
 * Builds an rsync point's catalog draft while its data streams by: every path is present; an entry is
 * recorded when it is new or its type, metadata or link changed, and every file stored in this level
 * (whole or as a delta) with the raw range of its data record.
 */
/**
 * How deletions are found: 'none' at level 0 (no parent to delete from), 'listed' when the parent's
 * manifest is read alongside the walk (what it has beyond the walk is reported to `gone`), 'present'
 * otherwise (every path is collected, and the catalog's parent state is compared with them).
 */
export type DeletionMode = 'none' | 'listed' | 'present';

export class RsyncCatalogCollector {
  private readonly entries: CatalogSpill;
  private readonly present = new Set<string>();
  private readonly deleted: PathSpill | undefined;
  private open: CatalogDraftEntry | undefined;
  /** Entries found while a stored file's range is open: spilled after it, in the order found. */
  private held: CatalogDraftEntry[] = [];

  /**
   * `position`: raw bytes of the data stream handed to the encoder so far; `spillFile`: where the
   * entries wait, in the point's work directory (the deletions, if listed, beside it).
   */
  constructor(
    private readonly position: () => number,
    spillFile: string,
    private readonly deletions: DeletionMode = 'present',
  ) {
    this.entries = new CatalogSpill(spillFile);
    this.deleted = deletions === 'listed' ? new PathSpill(`${spillFile}.deleted`) : undefined;
  }

  /** A path of the parent level that the walk did not find. */
  gone(path: Buffer): void {
    if (path.length > 0) this.deleted?.add(catalogText(path));
  }

  entry(
    type: EntryType,
    meta: Omit<ManifestEntry, 'type'>,
    link: Buffer | undefined,
    parent?: ManifestEntry,
    stored = false,
  ): void {
    if (meta.path.length === 0) return; // the backed-up directory itself
    const path = catalogText(meta.path);
    if (this.deletions === 'present') this.present.add(path);
    const changed =
      stored ||
      !parent ||
      parent.type !== type ||
      parent.mode !== meta.mode ||
      parent.uid !== meta.uid ||
      parent.gid !== meta.gid ||
      parent.mtimeNs !== meta.mtimeNs ||
      parent.size !== meta.size ||
      !sameBytes(parent.link, link);
    if (!changed) return;
    const entry: CatalogDraftEntry = {
      entry: {
        path,
        type,
        size: type === 'file' ? Number(meta.size) : 0,
        mtime: Number(meta.mtimeNs) / 1e9,
        mode: meta.mode,
        uid: meta.uid,
        gid: meta.gid,
        ...(link ? { link: catalogText(link) } : {}),
      },
    };
    if (stored) {
      this.spillHeld();
      const at = this.position();
      entry.raw = { start: at, end: at };
      this.open = entry;
    }
    if (this.open) this.held.push(entry);
    else this.entries.add(entry);
  }

  recordEnd(): void {
    if (this.open?.raw) this.open.raw.end = this.position();
    this.spillHeld();
  }

  finish(): CatalogDraft {
    this.spillHeld();
    this.entries.close();
    this.deleted?.close();
    return {
      entries: this.entries,
      ...(this.deletions === 'present' ? { present: this.present } : {}),
      ...(this.deleted ? { deleted: this.deleted } : {}),
    };
  }

  private spillHeld(): void {
    for (const entry of this.held) this.entries.add(entry);
    this.held = [];
    this.open = undefined;
  }
}

function sameBytes(a: Buffer | undefined, b: Buffer | undefined): boolean {
  if (!a || !b) return a === b;
  return a.equals(b);
}
