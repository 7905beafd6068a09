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
  /** Offset of the member's first header (its long-name or pax header if any) in the scanned bytes. */
  offset: number;
  mode: number;
  /** Epoch seconds. */
  mtime: number;
  uid: number;
  gid: number;
  uname: string;
  gname: string;
  /** GNU sparse ('S') members: the file's real size and where its stored pieces go. */
  sparse?: { realSize: number; map: { offset: number; bytes: number }[] };
}

/** What a scanner reports besides each member's header. */
export interface TarScannerHooks {
  /** A member's data bytes, in order, after its header (and sparse extension blocks). */
  onData?: (chunk: Buffer) => void;
  /** A GNU dumpdir member's listing (incremental archives: which names the directory holds). */
  onDumpdir?: (member: TarMember, listing: Buffer) => void;
}

type Pending = { kind: 'longname' | 'longlink' | 'pax' | 'dumpdir'; bytes: Uint8Array[] };

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

  /** Bytes scanned so far. */
  private consumed = 0;
  /** Where the pending long-name/pax headers of the next member began. */
  private pendingStart: number | undefined;
  /** Data bytes of the current member still to hand to onData (the rest of `skip` is padding). */
  private dataLeft = 0;
  private member: TarMember | undefined;

  constructor(
    private readonly onMember: (member: TarMember) => void,
    private readonly hooks: TarScannerHooks = {},
  ) {}

  /** Bytes scanned so far: after the last member, the end of its (padded) data. */
  get position(): number {
    return this.consumed;
  }

  push(input: Uint8Array): void {
    const chunk = Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.length);
    const base = this.consumed;
    let offset = 0;
    while (offset < chunk.length) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, chunk.length - offset);
        if (this.collect && this.collectLeft > 0) {
          const take = Math.min(n, this.collectLeft);
          // A copy: the producer may reuse its chunk buffers.
          this.collect.bytes.push(Buffer.from(chunk.subarray(offset, offset + take)));
          this.collectLeft -= take;
        } else if (this.dataLeft > 0 && this.hooks.onData) {
          const take = Math.min(n, this.dataLeft);
          this.dataLeft -= take;
          this.hooks.onData(chunk.subarray(offset, offset + take));
        }
        this.skip -= n;
        offset += n;
        this.consumed = base + offset;
        if (this.skip === 0 && this.collect) this.finishCollect();
        continue;
      }
      if (this.headerFill === 0 && chunk.length - offset >= BLOCK) {
        // The whole header is in this chunk: read it where it is.
        offset += BLOCK;
        this.consumed = base + offset;
        this.onHeader(chunk.subarray(offset - BLOCK, offset));
        continue;
      }
      const n = Math.min(BLOCK - this.headerFill, chunk.length - offset);
      this.header.set(chunk.subarray(offset, offset + n), this.headerFill);
      this.headerFill += n;
      offset += n;
      this.consumed = base + offset;
      if (this.headerFill === BLOCK) {
        this.headerFill = 0;
        this.onHeader(this.header);
      }
    }
  }

  private onHeader(h: Buffer): void {
    if (this.sparseExtensions) {
      // Old GNU sparse extension block: 21 entries, then the "more follow" flag at byte 504.
      this.member?.sparse?.map.push(...sparseEntries(h, 0, 21));
      this.sparseExtensions = h[504] !== 0;
      if (!this.sparseExtensions) this.startData(this.pendingSparseData);
      return;
    }
    if (isZeroBlock(h)) return; // end-of-archive blocks (tar --ignore-zeros semantics)
    if (!checksumOk(h)) throw new Error('not a valid tar stream (header checksum mismatch)');
    const headerStart = this.consumed - BLOCK;
    const type = String.fromCharCode(h[156] || 0x30);
    const size = parseNumber(h.subarray(124, 136));
    const padded = Math.ceil(size / BLOCK) * BLOCK;
    this.dataLeft = 0;
    if (type === 'L' || type === 'K' || type === 'x') {
      this.pendingStart ??= headerStart;
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
    const member: TarMember = {
      name,
      linkName,
      type,
      size,
      offset: this.pendingStart ?? headerStart,
      mode: parseNumber(h.subarray(100, 108)) & 0o7777,
      mtime: parseNumber(h.subarray(136, 148)),
      uid: parseNumber(h.subarray(108, 116)),
      gid: parseNumber(h.subarray(116, 124)),
      uname: text(h.subarray(265, 297)),
      gname: text(h.subarray(297, 329)),
      ...(type === 'S'
        ? { sparse: { realSize: parseNumber(h.subarray(483, 495)), map: sparseEntries(h, 386, 4) } }
        : {}),
    };
    this.pendingStart = undefined;
    this.member = member;
    if (type === 'S' && h[482] !== 0) {
      // The rest of the sparse map follows in extension blocks; onMember waits for it.
      this.sparseExtensions = true;
      this.pendingSparseData = padded;
      return;
    }
    if (type !== 'S') this.onMember(member);
    if (type === 'D' && this.hooks.onDumpdir && size > 0) {
      this.collect = { kind: 'dumpdir', bytes: [] };
      this.collectLeft = size;
      this.skip = padded;
      return;
    }
    // Hard links, symlinks, dirs, devices carry no data even if a size is recorded (except dumpdirs).
    const noData =
      type === '1' || type === '2' || type === '3' || type === '4' || type === '5' || type === '6';
    if (type === 'S') this.startData(padded);
    else {
      this.skip = noData ? 0 : padded;
      this.dataLeft = noData ? 0 : size;
    }
  }

  private pendingSparseData = 0;

  /** A sparse member is reported once its whole map is known, just before its data. */
  private startData(padded: number): void {
    const member = this.member as TarMember;
    this.onMember(member);
    this.skip = padded;
    this.dataLeft = member.size;
  }

  private finishCollect(): void {
    const pending = this.collect;
    this.collect = undefined;
    if (!pending) return;
    const data = Buffer.concat(pending.bytes);
    if (pending.kind === 'dumpdir') this.hooks.onDumpdir?.(this.member as TarMember, data);
    else if (pending.kind === 'longname') this.nextName = text(data);
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

/** `count` (offset, numbytes) pairs of 24 bytes from `at`; an empty offset ends the list. */
function sparseEntries(h: Buffer, at: number, count: number): { offset: number; bytes: number }[] {
  const out: { offset: number; bytes: number }[] = [];
  for (let i = 0; i < count; i++) {
    const field = h.subarray(at + i * 24, at + i * 24 + 24);
    if (field[0] === 0) break;
    out.push({ offset: parseNumber(field.subarray(0, 12)), bytes: parseNumber(field.subarray(12, 24)) });
  }
  return out;
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
