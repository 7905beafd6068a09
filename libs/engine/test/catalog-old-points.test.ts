import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runBackup, runCli, runRestore } from './run-cli.js';
import { makeTree, snapshot } from './tree.js';

const STOCK = '/usr/bin/freezer-agent';
const run = promisify(execFile);

describe('points without a catalog (stock agent, older versions)', () => {
  it('restore whole, refuse --restore-paths with one line, and info says "no catalog"', async () => {
    if (!existsSync(STOCK))
      throw new Error('stock freezer-agent missing: apt-get install -y python3-freezer');
    const dir = mkdtempSync(join(tmpdir(), 'fz-cat-old-'));
    const src = join(dir, 'src');
    const repo = join(dir, 'repo');
    mkdirSync(src);
    makeTree(src);
    await run(
      STOCK,
      [
        '--action',
        'backup',
        '--mode',
        'fs',
        '--path-to-backup',
        src,
        '--compression',
        'gzip',
        '--storage',
        'local',
        '--container',
        repo,
        '--backup-name',
        'old',
        '--hostname',
        'h',
        '--log-file',
        join(dir, 'stock.log'),
      ],
      { env: { ...process.env, OS_AUTH_URL: 'http://127.0.0.1:1/v3' }, timeout: 120_000 },
    );
    const tree0 = snapshot(src);
    const common = ['-C', repo, '--hostname', 'h', '-N', 'old'];

    // Our level 1 on top of the stock level 0: the chain has no catalog below it, so neither has it.
    await new Promise((r) => setTimeout(r, 1100));
    writeFileSync(join(src, 'added'), 'ours\n');
    const catalogOut = join(dir, 'catalog.ndjson');
    const b = await runBackup(
      src,
      common,
      '--compression',
      'gzip',
      '--max-level',
      '3',
      '--catalog-out',
      catalogOut,
      '--metadata-out',
      '-',
    );
    expect(b.code).toBe(0);
    expect((JSON.parse(b.stdout) as { curr_backup_level: number }).curr_backup_level).toBe(1);
    expect(existsSync(catalogOut)).toBe(false);

    const info = await runCli(['--action', 'info', '-C', repo]);
    const rows = info.stdout.trim().split('\n');
    expect(rows[0]).toMatch(/CATALOG$/);
    expect(rows.slice(1)).toHaveLength(2);
    for (const row of rows.slice(1)) expect(row).toMatch(/no catalog$/);
    const json = JSON.parse((await runCli(['--action', 'info', '-C', repo, '--format', 'json'])).stdout) as {
      catalog_entries: number | null;
      timestamp: number;
    }[];
    expect(json.map((r) => r.catalog_entries)).toEqual([null, null]);

    const out = join(dir, 'selection');
    const refused = await runRestore(common, out, '--restore-paths', 'docs/readme.txt');
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toMatch(/has no file catalog .*restore it whole, without --restore-paths/);
    expect(existsSync(out)).toBe(false);

    const whole0 = join(dir, 'whole-0');
    const date = new Date((json[0]?.timestamp ?? 0) * 1000).toISOString().slice(0, 19) + 'Z';
    const r0 = await runRestore(common, whole0, '--restore-from-date', date);
    expect(r0.stderr).toBe('');
    expect(r0.code).toBe(0);
    expect(snapshot(whole0)).toEqual(tree0);
    const whole1 = join(dir, 'whole-1');
    const r1 = await runRestore(common, whole1);
    expect(r1.code).toBe(0);
    expect(snapshot(whole1)).toEqual(snapshot(src));
  }, 180_000);

  it('--no-catalog-upload writes nothing to --catalog-out (a stale file goes) yet the point keeps its catalog', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fz-cat-new-'));
    const src = join(dir, 'src');
    mkdirSync(src);
    makeTree(src);
    const common = ['-C', join(dir, 'repo'), '--hostname', 'h', '-N', 'fresh'];
    const catalogOut = join(dir, 'catalog.ndjson');
    writeFileSync(catalogOut, 'stale from an earlier run\n');
    const b = await runBackup(src, common, '--catalog-out', catalogOut, '--no-catalog-upload');
    expect(b.code).toBe(0);
    expect(existsSync(catalogOut)).toBe(false);
    // The catalog is still stored with the backup: a selection restores.
    const out = join(dir, 'out');
    const r = await runRestore(common, out, '--restore-paths', 'docs/readme.txt');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(snapshot(out)['docs/readme.txt']).toEqual(snapshot(src)['docs/readme.txt']);
  });
});
