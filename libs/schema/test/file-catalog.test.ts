import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CatalogHeader,
  CatalogRecord,
  catalogBytes,
  catalogText,
  hasRawBytes,
  parseCatalogHeader,
  parseCatalogLine,
} from '../src/index.js';

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

const int = fc.oneof(
  { arbitrary: fc.integer(), weight: 8 },
  { arbitrary: fc.constantFrom(-1, 1.5, Number.MAX_SAFE_INTEGER + 2), weight: 1 },
);
/** Mostly the valid value, so that a good share of the generated headers pass as a whole. */
const mostly = <T>(valid: T, ...invalid: unknown[]) =>
  fc.oneof(
    { arbitrary: fc.constant(valid), weight: 8 },
    { arbitrary: fc.constantFrom(...invalid), weight: 1 },
  );
const header = fc.record(
  {
    format: mostly('freezer-catalog', 'other', 1),
    version: mostly(1, 2, '1'),
    engine: mostly('tar', '', 3),
    hostname: mostly('h', ''),
    backup_name: mostly('b', '', null),
    level: fc.oneof({ arbitrary: fc.nat(), weight: 8 }, { arbitrary: count, weight: 1 }),
    time_stamp: int,
    level0_time_stamp: int,
    parents: fc.oneof(
      { arbitrary: fc.array(int, { maxLength: 3 }), weight: 8 },
      { arbitrary: fc.constant('1'), weight: 1 },
    ),
    extra: maybe(fc.string()),
  },
  { requiredKeys: [] },
);

describe('parseCatalogHeader', () => {
  it('accepts and returns exactly what CatalogHeader does', () => {
    fc.assert(
      fc.property(header, (value) => {
        const parsed = JSON.parse(JSON.stringify(value)) as unknown;
        const zod = CatalogHeader.safeParse(parsed);
        expect(parseCatalogHeader(parsed)).toEqual(zod.success ? zod.data : undefined);
      }),
      { numRuns: 3000 },
    );
  });

  it('accepts a whole valid header and refuses what is not an object', () => {
    const valid = {
      format: 'freezer-catalog',
      version: 1,
      engine: 'tar',
      hostname: 'h',
      backup_name: 'b',
      level: 1,
      time_stamp: 20,
      level0_time_stamp: 10,
      parents: [10],
    };
    expect(parseCatalogHeader(valid)).toEqual(valid);
    for (const value of [null, 42, 'a', [], undefined]) expect(parseCatalogHeader(value)).toBeUndefined();
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
