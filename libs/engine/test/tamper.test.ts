import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { flipByte } from '@freezer/testkit';
import { runCli } from './run-cli.js';
import { makeTree } from './tree.js';

function dataFiles(repo: string): string[] {
  const base = join(repo, 'data/tar/h_t');
  const chain = readdirSync(base)[0] as string;
  return readdirSync(join(base, chain))
    .sort()
    .map((level) => join(base, chain, level, 'data'));
}

const setups: { title: string; args: string[] }[] = [
  { title: 'zstd + aes-256-gcm', args: ['--compression', 'zstd'] },
  {
    title: 'gzip + openssl (stock format)',
    args: ['--compression', 'gzip', '--encryption-format', 'openssl'],
  },
];

for (const setup of setups) {
  describe(`tampering is caught before anything is restored (${setup.title})`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'fz-tamper-'));
    const src = join(dir, 'src');
    const clean = join(dir, 'clean-repo');
    const pass = join(dir, 'pass');
    let caseNo = 0;

    beforeAll(async () => {
      writeFileSync(pass, 'secret\n');
      mkdirSync(src);
      makeTree(src);
      const backup = [
        '-F',
        src,
        '-N',
        't',
        '--hostname',
        'h',
        '-C',
        clean,
        '--encrypt-pass-file',
        pass,
        '-M',
        '128K',
        ...setup.args,
      ];
      expect((await runCli(backup)).code).toBe(0);
      appendFileSync(join(src, 'docs/readme.txt'), 'level one\n');
      expect((await runCli(backup)).code).toBe(0);
    });

    async function restoreAfter(damage: (repo: string) => void, passFile = pass) {
      const repo = join(dir, `repo-${++caseNo}`);
      cpSync(clean, repo, { recursive: true });
      damage(repo);
      const target = join(dir, `target-${caseNo}`);
      const r = await runCli([
        '--action',
        'restore',
        '-N',
        't',
        '--hostname',
        'h',
        '-C',
        repo,
        '--restore-abs-path',
        target,
        '--encrypt-pass-file',
        passFile,
      ]);
      const leftovers = existsSync(target) ? readdirSync(target) : [];
      return { ...r, leftovers };
    }

    it('restores when nothing is damaged', async () => {
      const r = await restoreAfter(() => undefined);
      expect(r.code).toBe(0);
      expect(r.leftovers.length).toBeGreaterThan(5);
    });

    it('a flipped byte in the last level', async () => {
      const r = await restoreAfter((repo) => {
        const file = dataFiles(repo)[1] as string;
        flipByte(file, Math.floor(statSync(file).size / 2));
      });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/level 1_\d+: .*(corrupt|SHA-256|tag|does not match)/i);
      expect(r.stderr).toMatch(/nothing was restored/);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.leftovers).toEqual([]);
    });

    it('truncated data', async () => {
      const r = await restoreAfter((repo) => {
        const file = dataFiles(repo)[0] as string;
        truncateSync(file, Math.floor(statSync(file).size * 0.7));
      });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/level 0_\d+: .*(truncat|short|missing|segment|size)/i);
      expect(r.leftovers).toEqual([]);
    });

    it('a deleted data object', async () => {
      const r = await restoreAfter((repo) => rmSync(dataFiles(repo)[1] as string));
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/level 1_\d+: .*(does not exist|not found)/i);
      expect(r.leftovers).toEqual([]);
    });

    it('a wrong key', async () => {
      const wrong = join(dir, 'wrong');
      writeFileSync(wrong, 'not the secret\n');
      const r = await restoreAfter(() => undefined, wrong);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/wrong (encryption )?key/i);
      expect(r.leftovers).toEqual([]);
    });
  });
}
