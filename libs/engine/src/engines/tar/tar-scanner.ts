// A pass-through reader of GNU tar headers: counts members while backing up and checks every member
// name before tar sees it on restore. It only looks at headers; member data is skipped, never copied
// (except the few bytes of GNU long-name and pax records).

const BLOCK = 512;

export interface TarMember {
  name: string;
  linkName: string;
  /** The typeflag: '0' file, '1' hard link, '2' symlink, '5' dir, 'D' GNU dumpdir, 'S' GNU sparse… */
  type: string;
  size: number;
}

type Pending = { kind: 'longname' | 'longlink' | 'pax'; bytes: Uint8Array[] };

export class TarScanner {
  private header = Buffer.alloc(BLOCK);
  private headerFill = 0;
  private skip = 0;
  private collect: Pending | undefined;
  private collectLeft = 0;
  private sparseExtensions = false;
  private nextName: string | undefined;
  private nextLink: string | undefined;
  private paxPath: string | undefined;
  private paxLink: string | undefined;

  constructor(private readonly onMember: (member: TarMember) => void) {}

  push(input: Uint8Array): void {
    const chunk = Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.length);
    let offset = 0;
    while (offset < chunk.length) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, chunk.length - offset);
        if (this.collect && this.collectLeft > 0) {
          const take = Math.min(n, this.collectLeft);
          // A copy: the producer may reuse its chunk buffers.
          this.collect.bytes.push(Buffer.from(chunk.subarray(offset, offset + take)));
          this.collectLeft -= take;
        }
        this.skip -= n;
        offset += n;
        if (this.skip === 0 && this.collect) this.finishCollect();
        continue;
      }
      if (this.headerFill === 0 && chunk.length - offset >= BLOCK) {
        // The whole header is in this chunk: read it where it is.
        this.onHeader(chunk.subarray(offset, offset + BLOCK));
        offset += BLOCK;
        continue;
      }
      const n = Math.min(BLOCK - this.headerFill, chunk.length - offset);
      this.header.set(chunk.subarray(offset, offset + n), this.headerFill);
      this.headerFill += n;
      offset += n;
      if (this.headerFill === BLOCK) {
        this.headerFill = 0;
        this.onHeader(this.header);
      }
    }
  }

  private onHeader(h: Buffer): void {
    if (this.sparseExtensions) {
      // Old GNU sparse extension block: 21 entries, then the "more follow" flag at byte 504.
      this.sparseExtensions = h[504] !== 0;
      if (!this.sparseExtensions) this.skip = this.pendingSparseData;
      return;
    }
    if (isZeroBlock(h)) return; // end-of-archive blocks (tar --ignore-zeros semantics)
    if (!checksumOk(h)) throw new Error('not a valid tar stream (header checksum mismatch)');
    const type = String.fromCharCode(h[156] || 0x30);
    const size = parseNumber(h.subarray(124, 136));
    const padded = Math.ceil(size / BLOCK) * BLOCK;
    if (type === 'L' || type === 'K' || type === 'x') {
      this.collect = { kind: type === 'L' ? 'longname' : type === 'K' ? 'longlink' : 'pax', bytes: [] };
      this.collectLeft = size;
      this.skip = padded;
      if (padded === 0) this.finishCollect();
      return;
    }
    if (type === 'g') {
      this.skip = padded;
      return;
    }
    const magic = text(h.subarray(257, 263));
    const prefix = magic === 'ustar' ? text(h.subarray(345, 500)) : '';
    const baseName = text(h.subarray(0, 100));
    const name = this.paxPath ?? this.nextName ?? (prefix ? `${prefix}/${baseName}` : baseName);
    const linkName = this.paxLink ?? this.nextLink ?? text(h.subarray(157, 257));
    this.nextName = this.nextLink = this.paxPath = this.paxLink = undefined;
    this.onMember({ name, linkName, type, size });
    if (type === 'S' && h[482] !== 0) {
      this.sparseExtensions = true;
      this.pendingSparseData = padded;
      return;
    }
    // Hard links, symlinks, dirs, devices carry no data even if a size is recorded (except dumpdirs).
    this.skip =
      type === '1' || type === '2' || type === '3' || type === '4' || type === '5' || type === '6'
        ? 0
        : padded;
  }

  private pendingSparseData = 0;

  private finishCollect(): void {
    const pending = this.collect;
    this.collect = undefined;
    if (!pending) return;
    const data = Buffer.concat(pending.bytes);
    if (pending.kind === 'longname') this.nextName = text(data);
    else if (pending.kind === 'longlink') this.nextLink = text(data);
    else {
      const records = parsePax(data);
      if (records.path !== undefined) this.paxPath = records.path;
      if (records.linkpath !== undefined) this.paxLink = records.linkpath;
    }
  }
}

/** A NUL-terminated header field. Decoded in place: a copy per field was the scanner's largest cost. */
function text(bytes: Buffer): string {
  const end = bytes.indexOf(0);
  // latin1 keeps every byte of a non-UTF-8 name distinct, which is all the checks need.
  return bytes.toString('latin1', 0, end === -1 ? bytes.length : end);
}

function isZeroBlock(h: Buffer): boolean {
  for (let i = 0; i < BLOCK; i++) if (h[i] !== 0) return false;
  return true;
}

function parseNumber(field: Buffer): number {
  if ((field[0] ?? 0) & 0x80) {
    let value = 0;
    for (let i = 1; i < field.length; i++) value = value * 256 + (field[i] ?? 0);
    return value;
  }
  const digits = text(field).trim();
  return digits === '' ? 0 : parseInt(digits, 8);
}

function checksumOk(h: Buffer): boolean {
  const recorded = parseNumber(h.subarray(148, 156));
  // The checksum field itself counts as eight spaces.
  let sum = 8 * 0x20;
  for (let i = 0; i < 148; i++) sum += h[i] as number;
  for (let i = 156; i < BLOCK; i++) sum += h[i] as number;
  return sum === recorded;
}

function parsePax(data: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let pos = 0;
  while (pos < data.length) {
    const space = data.indexOf(0x20, pos);
    if (space === -1) break;
    const length = Number(data.subarray(pos, space).toString('latin1'));
    if (!Number.isInteger(length) || length <= 0) break;
    const record = data.subarray(space + 1, pos + length - 1).toString('latin1');
    const eq = record.indexOf('=');
    if (eq > 0) out[record.slice(0, eq)] = record.slice(eq + 1);
    pos += length;
  }
  return out;
}
