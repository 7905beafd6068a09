import { catalogText } from '@freezer/schema';
import { CatalogSpill } from '../../repository/catalog-spill.js';
import type { CatalogDraft, CatalogDraftEntry } from '../../repository/point-catalog.js';
import type { EntryType, ManifestEntry } from './entry.js';

/**
 * Builds an rsync point's catalog draft while its data streams by: every path is present; an entry is
 * recorded when it is new or its type, metadata or link changed, and every file stored in this level
 * (whole or as a delta) with the raw range of its data record.
 */
export class RsyncCatalogCollector {
  private readonly entries: CatalogSpill;
  private readonly present = new Set<string>();
  private open: CatalogDraftEntry | undefined;
  /** Entries found while a stored file's range is open: spilled after it, in the order found. */
  private held: CatalogDraftEntry[] = [];

  /**
   * `position`: raw bytes of the data stream handed to the encoder so far; `spillFile`: where the
   * entries wait, in the point's work directory; `findDeletions`: collect the present paths (only a
   * level above 0 has a parent to delete from: at level 0 the set would only cost memory).
   */
  constructor(
    private readonly position: () => number,
    spillFile: string,
    private readonly findDeletions = true,
  ) {
    this.entries = new CatalogSpill(spillFile);
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
    if (this.findDeletions) this.present.add(path);
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
    return { entries: this.entries, ...(this.findDeletions ? { present: this.present } : {}) };
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
