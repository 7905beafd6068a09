import { catalogText, type CatalogEntryType } from '@freezer/schema';
import { CatalogSpill } from '../../repository/catalog-spill.js';
import type { CatalogDraft, CatalogDraftEntry } from '../../repository/point-catalog.js';
import type { TarMember } from './tar-scanner.js';

/**
 * Builds a point's catalog draft from the members tar writes: every member is an entry (a file's raw
 * range runs from its first header to the next member), and the GNU dumpdirs of a listed-incremental
 * archive say which names each directory holds now — unchanged ones too — and which were renamed.
 */
export class TarCatalogCollector {
  private readonly entries: CatalogSpill;
  private readonly present = new Set<string>();
  private readonly renames: { from: string; to: string }[] = [];
  private sawDumpdir = false;
  private open: CatalogDraftEntry | undefined;

  /**
   * `spillFile`: where the entries wait, in the point's work directory. `findDeletions`: collect the
   * present paths (only a level with a parent has one to delete from: at level 0 the set would only
   * cost memory, ~150 bytes a path).
   */
  constructor(
    spillFile: string,
    private readonly findDeletions = true,
  ) {
    this.entries = new CatalogSpill(spillFile);
  }

  onMember(member: TarMember): void {
    this.close(member.offset);
    const path = catalogName(member.name);
    if (path === undefined) return;
    const type = entryType(member.type);
    const entry: CatalogDraftEntry = {
      entry: {
        path,
        type,
        size: type === 'file' ? (member.sparse?.realSize ?? member.size) : 0,
        mtime: member.mtime,
        mode: member.mode,
        uid: member.uid,
        gid: member.gid,
        ...(member.uname ? { owner: fromLatin1(member.uname) } : {}),
        ...(member.gname ? { group: fromLatin1(member.gname) } : {}),
        ...(type === 'symlink' ? { link: fromLatin1(member.linkName) } : {}),
        ...(type === 'hardlink' ? { link: catalogName(member.linkName) ?? member.linkName } : {}),
      },
    };
    if (type === 'file') {
      // Spilled once its end is known, when the next member starts.
      entry.raw = { start: member.offset, end: member.offset };
      this.open = entry;
    } else this.entries.add(entry);
  }

  onDumpdir(member: TarMember, listing: Buffer): void {
    this.sawDumpdir = true;
    if (!this.findDeletions) return;
    const dir = catalogName(member.name);
    if (dir !== undefined) this.present.add(dir);
    let renamedFrom: string | undefined;
    for (const item of listing.toString('latin1').split('\0')) {
      if (item.length < 2) continue;
      const code = item[0];
      const name = item.slice(1);
      if (code === 'Y' || code === 'N' || code === 'D') {
        const child = catalogName(name);
        if (child !== undefined) this.present.add(dir ? `${dir}/${child}` : child);
      } else if (code === 'R') {
        renamedFrom = catalogName(name);
      } else if (code === 'T' && renamedFrom !== undefined) {
        const to = catalogName(name);
        if (to !== undefined) this.renames.push({ from: renamedFrom, to });
        renamedFrom = undefined;
      }
    }
  }

  /** `end`: the raw length of the archive. */
  finish(end: number): CatalogDraft {
    this.close(end);
    this.entries.close();
    return {
      entries: this.entries,
      ...(this.sawDumpdir && this.findDeletions ? { present: this.present, renames: this.renames } : {}),
    };
  }

  private close(at: number): void {
    if (!this.open) return;
    if (this.open.raw) this.open.raw.end = at;
    this.entries.add(this.open);
    this.open = undefined;
  }
}

/** The scanner reads header text as latin1 (one char per byte): back to bytes, then catalog text. */
const fromLatin1 = (text: string): string => catalogText(Buffer.from(text, 'latin1'));

/**
 * A member name as a catalog path (bytes that are not UTF-8 kept as `catalogText` escapes them), no
 * './' prefix or trailing '/'; undefined for the root itself.
 */
export function catalogName(name: string): string | undefined {
  const parts = fromLatin1(name)
    .split('/')
    .filter((p) => p !== '' && p !== '.');
  return parts.length === 0 ? undefined : parts.join('/');
}

function entryType(type: string): CatalogEntryType {
  switch (type) {
    case '0':
    case '\0':
    case '7':
    case 'S':
      return 'file';
    case '1':
      return 'hardlink';
    case '2':
      return 'symlink';
    case '5':
    case 'D':
      return 'dir';
    default:
      return 'other';
  }
}
