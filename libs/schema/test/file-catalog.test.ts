import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CatalogRecord, catalogBytes, catalogText, hasRawBytes, parseCatalogLine } from '../src/index.js';

const name = fc.constantFrom('a', 'b.txt', '.', '..', '', 'ü', 'x y', '.hidden');
const path = fc.oneof(
  fc.array(name, { minLength: 1, maxLength: 4 }).map((parts) => parts.join('/')),
  fc.constantFrom('/abs', 'a//b', 'a/', ''),
);
const count = fc.oneof(fc.nat(), fc.constantFrom(-1, 1.5, 0o10000, Number.MAX_SAFE_INTEGER + 2));
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const loc = fc.record(
  {
    segment: count,
    offset: count,
    length: count,
    level: maybe(count),
    unit: maybe(count),
    unit_raw: maybe(count),
    raw: maybe(count),
  },
  { requiredKeys: ['segment', 'offset'] },
);
const entry = fc.record(
  {
    path,
    type: fc.constantFrom('file', 'dir', 'symlink', 'hardlink', 'other', 'fifo'),
    size: count,
    mtime: fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constant('1')),
    mode: count,
    uid: maybe(count),
    gid: maybe(count),
    owner: maybe(fc.string({ maxLength: 300 })),
    link: maybe(fc.string()),
    sha256: maybe(fc.constantFrom('a'.repeat(64), 'A'.repeat(64), 'abc')),
    loc: maybe(loc),
    extra: maybe(fc.string()),
    deleted: maybe(fc.constantFrom(true, false)),
  },
  { requiredKeys: ['path'] },
);
const deletion = fc.record({ path, deleted: fc.constantFrom(true, false, 'yes') });

describe('parseCatalogLine', () => {
  it('accepts and returns exactly what CatalogRecord does, for entries and deletions', () => {
    fc.assert(
      fc.property(fc.oneof(entry, deletion), (record) => {
        const line = JSON.stringify(record);
        const zod = CatalogRecord.safeParse(JSON.parse(line));
        const fast = parseCatalogLine(line);
        expect(fast).toEqual(zod.success ? zod.data : undefined);
      }),
      { numRuns: 3000 },
    );
  });

  it('refuses what is not JSON or not an object', () => {
    for (const line of ['', '{', 'null', '42', '"a"', '[]']) expect(parseCatalogLine(line)).toBeUndefined();
  });
});

describe('catalogText and catalogBytes', () => {
  it('map every byte string to text and back exactly, valid UTF-8 to its own characters', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), fc.string({ unit: 'grapheme' }), (bytes, text) => {
        expect(Buffer.from(catalogBytes(catalogText(bytes)))).toEqual(Buffer.from(bytes));
        const utf8 = Buffer.from(text, 'utf8');
        expect(catalogText(utf8)).toBe(text);
        expect(hasRawBytes(text)).toBe(false);
      }),
    );
  });

  it('escape each byte that is not UTF-8 as U+DC00 + byte, which JSON writes as \\udcXX', () => {
    const text = catalogText(Buffer.from([0x61, 0xe9, 0xed, 0xa0, 0x80, 0xc3, 0xa9]));
    expect(text).toBe('a\udce9\udced\udca0\udc80é');
    expect(hasRawBytes(text)).toBe(true);
    expect(JSON.stringify(text)).toBe('"a\\udce9\\udced\\udca0\\udc80é"');
    expect(JSON.parse(JSON.stringify(text))).toBe(text);
  });
});
