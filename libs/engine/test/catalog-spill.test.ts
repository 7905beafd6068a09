import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CatalogRecord, catalogText } from '@freezer/schema';
import { afterAll, describe, expect, it } from 'vitest';
import type { EncodeOptions } from '@freezer/codec';
import { openStorage } from '@freezer/storage';
import { PlainCatalogOut } from '../src/repository/catalog-plain-out.js';
import { CatalogSpill } from '../src/repository/catalog-spill.js';
import { catalogObjectPath, type PointId } from '../src/repository/layout.js';
import { eachCatalogRecord, storeCatalog, type CatalogDraftEntry } from '../src/repository/point-catalog.js';

const entry = (i: number, path = `dir/file-${i}`): CatalogDraftEntry => ({
  entry: { path, type: 'file', size: i, mtime: 1_700_000_000 + i, mode: 0o644, owner: 'ann' },
  raw: { start: i * 1024, end: i * 1024 + 512 },
});

const dirs: string[] = [];
const tempDir = (prefix: string): string => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('catalog spill', () => {
  it('writes entries to its file as they come (memory stays bounded) and reads them back in order', async () => {
    const dir = tempDir('fz-spill-');
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
    const dir = tempDir('fz-plain-');
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

describe('a stored catalog, streamed both ways', () => {
  it('stores records as they are made and reads them back one by one, checking every line', async () => {
    const dir = tempDir('fz-catstore-');
    const storage = await openStorage({ type: 'local', container: dir });
    const point = {
      identity: 'h_n',
      level: 0,
      timestamp: 1_800_000_000,
      levelZeroTs: 1_800_000_000,
    } as PointId;
    const header = {
      format: 'freezer-catalog' as const,
      version: 1 as const,
      engine: 'tar',
      hostname: 'h',
      backup_name: 'n',
      level: 0,
      time_stamp: 1_800_000_000,
      level0_time_stamp: 1_800_000_000,
      parents: [],
    };
    const n = 50_000;
    async function* records(): AsyncGenerator<CatalogRecord> {
      for (let i = 0; i < n; i++) yield entry(i).entry;
    }
    const plain: Buffer[] = [];
    const codec: EncodeOptions = { compression: 'zstd', encryption: 'none', segmentSize: 1 << 20 };
    const part = await storeCatalog(storage, point, header, records(), codec, (p) =>
      plain.push(Buffer.from(p)),
    );
    expect(part.entries).toBe(n);
    expect(Buffer.concat(plain).toString('utf8').split('\n')).toHaveLength(n + 2);
    let seen = 0;
    const back = await eachCatalogRecord(storage, point, part, undefined, (r) => {
      expect(r).toEqual(entry(seen).entry);
      seen += 1;
    });
    expect(back).toEqual(header);
    expect(seen).toBe(n);

    const damaged = Buffer.from(await storage.getObject(catalogObjectPath(point)));
    const at = damaged.length >> 1;
    damaged[at] = (damaged[at] ?? 0) ^ 1;
    await storage.putObject(catalogObjectPath(point), damaged);
    await expect(eachCatalogRecord(storage, point, part, undefined, () => undefined)).rejects.toThrow(
      /does not match its recorded SHA-256/,
    );
  });
});
