import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { catalogText } from '@freezer/schema';
import { describe, expect, it } from 'vitest';
import { PlainCatalogOut } from '../src/repository/catalog-plain-out.js';
import { CatalogSpill } from '../src/repository/catalog-spill.js';
import type { CatalogDraftEntry } from '../src/repository/point-catalog.js';

const entry = (i: number, path = `dir/file-${i}`): CatalogDraftEntry => ({
  entry: { path, type: 'file', size: i, mtime: 1_700_000_000 + i, mode: 0o644, owner: 'ann' },
  raw: { start: i * 1024, end: i * 1024 + 512 },
});

describe('catalog spill', () => {
  it('writes entries to its file as they come (memory stays bounded) and reads them back in order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fz-spill-'));
    const spill = new CatalogSpill(join(dir, 'draft.ndjson'));
    const raw = catalogText(Buffer.from('caf\xe9', 'latin1'));
    const n = 30_000;
    for (let i = 0; i < n; i++) spill.add(entry(i, i === 7 ? `dir/${raw}` : undefined));
    // Over a MiB of lines was added: most of it is on disk before the spill is closed.
    expect(statSync(spill.path).size).toBeGreaterThan(1 << 20);
    const back: CatalogDraftEntry[] = [];
    for await (const e of spill.entries()) back.push(e);
    expect(back).toHaveLength(n);
    expect(spill.count).toBe(n);
    expect(back[7]?.entry.path).toBe(`dir/${raw}`);
    expect(back[n - 1]).toEqual(entry(n - 1));
    expect(back.map((e) => e.entry.size)).toEqual(Array.from({ length: n }, (_, i) => i));
  });
});

describe('--catalog-out as the catalog streams', () => {
  it('appears only when the point is committed; a failed point leaves the old file alone', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fz-plain-'));
    const file = join(dir, 'sub', 'catalog.ndjson');
    const ok = new PlainCatalogOut(file);
    ok.write(Buffer.from('{"a":1}\n'));
    ok.write(Buffer.from('{"b":2}\n'));
    ok.close();
    expect(existsSync(file)).toBe(false);
    ok.commit(true);
    expect(readFileSync(file, 'utf8')).toBe('{"a":1}\n{"b":2}\n');
    expect(statSync(file).mode & 0o777).toBe(0o600);

    writeFileSync(file, 'old\n');
    const failed = new PlainCatalogOut(file);
    failed.write(Buffer.from('partial'));
    failed.commit(false);
    expect(readFileSync(file, 'utf8')).toBe('old\n');
    expect(existsSync(`${file}.part`)).toBe(false);
  });
});
