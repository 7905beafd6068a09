import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { catalogText } from '@freezer/schema';
import { decodeLine, dirFromKey, dirKey, encodeRecord, lineName } from '../src/catalog/record-lines.js';
import { nameMatcher } from '../src/catalog/name-matcher.js';

describe('catalog record lines', () => {
  it('round-trip any name, owner and link, tabs, newlines and backslashes included', () => {
    const text = fc.string({ minLength: 1, maxLength: 40 });
    fc.assert(
      fc.property(
        text.filter((s) => !s.includes('/') && s !== '.' && s !== '..'),
        text,
        text,
        fc.nat(),
        (name, owner, link, size) => {
          const entry = {
            path: `dir/${name}`,
            type: 'symlink' as const,
            size,
            mtime: 1.5,
            mode: 0o777,
            owner,
            link,
          };
          const line = encodeRecord(entry);
          expect(line.split('\n')).toHaveLength(1);
          expect(lineName(line)).toBe(name);
          expect(decodeLine(line)).toEqual({
            name,
            type: 'symlink',
            size,
            mtime: 1.5,
            mode: 0o777,
            owner,
            link,
          });
        },
      ),
    );
  });

  it('keep the bytes of a name that is not UTF-8 through UTF-8 storage', () => {
    const name = catalogText(Buffer.from('a\\udce9-\xe9\xff', 'latin1'));
    const owner = catalogText(Buffer.from([0xc3, 0x28]));
    const line = encodeRecord({ path: `d/${name}`, type: 'file', size: 1, mtime: 2, mode: 0o644, owner });
    const stored = Buffer.from(line, 'utf8').toString('utf8');
    expect(lineName(stored)).toBe(name);
    expect(decodeLine(stored)).toMatchObject({ name, owner });
    const folder = catalogText(Buffer.from('caf\xe9', 'latin1'));
    expect(dirKey('plain/dir')).toBe('plain/dir');
    expect(dirFromKey(Buffer.from(dirKey(folder), 'utf8').toString('utf8'))).toBe(folder);
  });

  it('encode a deletion as the name alone', () => {
    expect(decodeLine(encodeRecord({ path: 'a/b\tc', deleted: true }))).toEqual({
      name: 'b\tc',
      deleted: true,
    });
  });
});

describe('catalog search queries', () => {
  it('match names without "/", whole paths with it; globs keep "*" within a folder', () => {
    expect(nameMatcher('Report').test('my-report.TXT')).toBe(true);
    expect(nameMatcher('Report').onPath).toBe(false);
    const glob = nameMatcher('src/*.c');
    expect([glob.onPath, glob.test('src/a.c'), glob.test('src/x/a.c'), glob.test('lib/src/a.c')]).toEqual([
      true,
      true,
      false,
      false,
    ]);
    expect(nameMatcher('**/util/*.[ch]').test('a/b/util/x.h')).toBe(true);
    expect(nameMatcher('f?le').test('file')).toBe(true);
    expect(nameMatcher('f?le').test('fiile')).toBe(false);
    expect(nameMatcher('a+b(c)').test('xa+b(c)y')).toBe(true);
  });

  it('refuse a bracket range the pattern cannot hold as a bad request, not a crash', () => {
    expect(() => nameMatcher('[-5e-324]')).toThrow(expect.objectContaining({ kind: 'bad_request' }));
    expect(() => nameMatcher('file-[z-a].txt')).toThrow(/not a valid pattern/);
  });

  it('name the longest literal piece, which every match contains', () => {
    expect(nameMatcher('project-03/**/file-00[0-4]?.c').literal).toBe('project-03');
    expect(nameMatcher('*.JPG').literal).toBe('.jpg');
    expect(nameMatcher('*').literal).toBe('');
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (a, b) => {
        const q = `${a}*${b}`;
        const m = nameMatcher(q);
        const sample = `${a}zz${b}`;
        if (m.test(sample)) expect(sample.toLowerCase()).toContain(m.literal);
      }),
    );
  });
});
