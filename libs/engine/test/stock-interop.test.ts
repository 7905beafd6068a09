import { execFile } from 'node:child_process';
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  renameSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runCli, runRestore } from './run-cli.js';
import { makeTree, snapshot } from './tree.js';

const STOCK = '/usr/bin/freezer-agent';
const run = promisify(execFile);

/** The Debian freezer-agent; it needs OS_AUTH_URL set even for local storage (nothing listens there). */
async function stock(args: string[], logDir: string): Promise<void> {
  if (!existsSync(STOCK)) throw new Error('stock freezer-agent missing: apt-get install -y python3-freezer');
  await run(STOCK, [...args, '--log-file', join(logDir, 'stock.log')], {
    env: { ...process.env, OS_AUTH_URL: 'http://127.0.0.1:1/v3' },
    timeout: 120_000,
  });
}

function mutate(src: string): void {
  appendFileSync(join(src, 'docs/readme.txt'), 'level one\n');
  unlinkSync(join(src, 'empty.txt'));
  renameSync(join(src, 'script.sh'), join(src, 'renamed.sh'));
  writeFileSync(join(src, 'added'), 'added in level 1\n');
}

const modes: { title: string; stockArgs: string[]; ourArgs: string[] }[] = [
  { title: 'gzip', stockArgs: [], ourArgs: [] },
  {
    title: 'gzip + openssl encryption',
    stockArgs: ['ENC'],
    ourArgs: ['ENC', '--encryption-format', 'openssl'],
  },
];

for (const mode of modes) {
  describe(`interop with the stock freezer-agent (${mode.title})`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'fz-stock-'));
    const pass = join(dir, 'pass');
    writeFileSync(pass, 'shared secret\n');
    const enc = (args: string[]) => args.flatMap((a) => (a === 'ENC' ? ['--encrypt-pass-file', pass] : [a]));

    it('stock backs up levels 0 and 1, we restore each point exactly', async () => {
      const src = join(dir, 'stock-src');
      const repo = join(dir, 'stock-repo');
      mkdirSync(src);
      makeTree(src);
      const common = ['--storage', 'local', '--container', repo, '--backup-name', 'n', '--hostname', 'h'];
      const backup = [
        '--action',
        'backup',
        '--mode',
        'fs',
        '--path-to-backup',
        src,
        '--compression',
        'gzip',
        '--max-level',
        '3',
        ...common,
        ...enc(mode.stockArgs),
      ];
      const l0 = snapshot(src);
      await stock(backup, dir);
      await new Promise((r) => setTimeout(r, 1100)); // stock timestamps are whole seconds
      mutate(src);
      const l1 = snapshot(src);
      await stock(backup, dir);

      const out = join(dir, 'ours-restored');
      const r = await runRestore(['-C', repo, '--hostname', 'h', '-N', 'n'], out, ...enc(mode.stockArgs));
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(snapshot(out)).toEqual(l1);

      const info = JSON.parse(
        (await runCli(['--action', 'info', '-C', repo, '--format', 'json'])).stdout,
      ) as { level: number; timestamp: number }[];
      expect(info.map((i) => i.level)).toEqual([0, 1]);
      const out0 = join(dir, 'ours-restored-0');
      const date = new Date((info[0]?.timestamp ?? 0) * 1000).toISOString().slice(0, 19) + 'Z';
      const r0 = await runRestore(
        ['-C', repo, '--hostname', 'h', '-N', 'n'],
        out0,
        '--restore-from-date',
        date,
        ...enc(mode.stockArgs),
      );
      expect(r0.code).toBe(0);
      expect(snapshot(out0)).toEqual(l0);
    });

    it('we back up levels 0 and 1 with --compression gzip, stock restores exactly', async () => {
      const src = join(dir, 'our-src');
      const repo = join(dir, 'our-repo');
      mkdirSync(src);
      makeTree(src);
      const backup = [
        '-F',
        src,
        '-C',
        repo,
        '--hostname',
        'h',
        '-N',
        'n',
        '--compression',
        'gzip',
        '-M',
        '1M',
        ...enc(mode.ourArgs),
      ];
      expect((await runCli(backup)).code).toBe(0);
      mutate(src);
      const l1 = snapshot(src);
      expect((await runCli(backup)).code).toBe(0);

      const out = join(dir, 'stock-restored');
      await stock(
        [
          '--action',
          'restore',
          '--storage',
          'local',
          '--container',
          repo,
          '--backup-name',
          'n',
          '--hostname',
          'h',
          '--restore-abs-path',
          out,
          ...enc(mode.stockArgs),
        ],
        dir,
      );
      expect(snapshot(out)).toEqual(l1);
    });
  });
}
