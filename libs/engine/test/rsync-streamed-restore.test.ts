import { createCipheriv, createHash } from 'node:crypto';
import {
  appendFileSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManifestWriter } from '../src/engines/rsync/manifest-writer.js';
import { scanManifest } from '../src/engines/rsync/manifest-scan.js';
import { comparePaths } from '../src/engines/rsync/path-order.js';
import { walkTree } from '../src/engines/rsync/tree-walk.js';
import { Logger } from '../src/logger.js';
import { runCli } from './run-cli.js';
import { snapshot } from './tree.js';

// The rsync restore of a chain whose manifest is in the walk's order holds no entry per file: a tree
// of 3,000 small files (and a large file changed as a delta, one renamed, links) restores with at most
// the delta and the renamed file held, where the plan that holds everything had 3,000 entries.

const MiB = 1024 * 1024;
const FILES = 3000;

function noise(seed: number, bytes: number): Buffer {
  const key = createHash('sha256').update(`streamed-${seed}`).digest();
  return createCipheriv('aes-256-ctr', key, Buffer.alloc(16)).update(Buffer.alloc(bytes));
}

describe('--engine rsync restore streamed in path order', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fz-rsync-streamed-'));
  const src = join(dir, 'src');
  const logFile = join(dir, 'agent.log');
  const common = ['-C', join(dir, 'repo'), '--hostname', 'h', '-N', 'many', '--engine', 'rsync'];
  common.push('--compression', 'zstd', '--encrypt-pass-file', join(dir, 'pass'));

  beforeAll(async () => {
    writeFileSync(join(dir, 'pass'), 'streamed restore\n');
    for (let i = 0; i < FILES; i++) {
      const sub = join(src, `d${String(Math.floor(i / 100)).padStart(2, '0')}`);
      if (i % 100 === 0) mkdirSync(sub, { recursive: true });
      writeFileSync(join(sub, `f${i % 100}.txt`), `file ${i}\n`.repeat(100 + (i % 50)));
    }
    // Names whose byte order differs from a plain byte comparison of whole paths ('-' and '.' sort
    // below '/'): the walk goes into "a" before "a-b" and "a.c".
    mkdirSync(join(src, 'a/b'), { recursive: true });
    writeFileSync(join(src, 'a/b/inner'), 'inner\n');
    writeFileSync(join(src, 'a-b'), 'dash\n');
    writeFileSync(join(src, 'a.c'), 'dot\n');
    mkdirSync(join(src, 'empty'));
    writeFileSync(join(src, 'zz-large.img'), noise(1, 2 * MiB));
    writeFileSync(join(src, 'a.c-large.img'), noise(2, 2 * MiB));
    linkSync(join(src, 'a.c'), join(src, 'd00/hard'));
    symlinkSync('../a.c', join(src, 'd01/sym'));
    const level0 = await runCli(['--action', 'backup', '-F', src, '--always-level', '1', ...common]);
    expect(level0.stderr).toBe('');
    // Level 1: a delta, a large file renamed to a path before its old one, edits and deletions.
    appendFileSync(join(src, 'zz-large.img'), noise(3, 64 * 1024));
    renameSync(join(src, 'zz-large.img'), join(src, 'a-large.img'));
    const renamed = join(src, 'a.c-large.img');
    writeFileSync(renamed, Buffer.concat([readFileSync(renamed), noise(4, 4096)]));
    for (let i = 0; i < FILES; i += 97)
      appendFileSync(
        join(src, `d${String(Math.floor(i / 100)).padStart(2, '0')}`, `f${i % 100}.txt`),
        'changed\n',
      );
    unlinkSync(join(src, 'd05/f7.txt'));
    rmSync(join(src, 'd07'), { recursive: true });
    const level1 = await runCli(['--action', 'backup', '-F', src, '--always-level', '1', ...common]);
    expect(level1.stderr).toBe('');
  }, 120_000);

  afterAll(() => {
    console.log(readFileSync(logFile, 'utf8'));
    rmSync(dir, { recursive: true, force: true });
  });

  it('restores the chain byte-identical holding only the delta and the renamed file', async () => {
    const target = join(dir, 'restored');
    const r = await runCli([
      '--action',
      'restore',
      ...common,
      '--restore-abs-path',
      target,
      '--log-file',
      logFile,
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(snapshot(target)).toEqual(snapshot(src));
    const held = /streamed in path order, at most (\d+) file\(s\) held/.exec(readFileSync(logFile, 'utf8'));
    expect(held).not.toBeNull();
    expect(Number(held?.[1])).toBeGreaterThanOrEqual(1);
    expect(Number(held?.[1])).toBeLessThanOrEqual(3);
  }, 60_000);

  it('sorts paths as the walk visits them', async () => {
    const log = new Logger({ quiet: true });
    const walked: Buffer[] = [];
    for await (const item of walkTree(src, undefined, {
      exclude: [],
      dereference: 'none',
      log,
      onWarning: () => undefined,
    }))
      walked.push(item.rel);
    const sorted = [...walked].sort(comparePaths);
    expect(sorted.map(String)).toEqual(walked.map(String));
    expect(walked.map(String).indexOf('a/b/inner')).toBeLessThan(walked.map(String).indexOf('a-b'));
  });

  it('leaves a manifest out of the walk order to the plan that holds every entry', async () => {
    const file = join(dir, 'unordered-manifest');
    const writer = await ManifestWriter.create(file);
    const meta = { mode: 0o644, uid: 0, gid: 0, mtimeNs: 0n, ctimeNs: 0n, size: 0n, dev: 0n, ino: 0n };
    for (const name of ['', 'b', 'a']) {
      const path = Buffer.from(name);
      const patch = await writer.begin(
        name === ''
          ? { ...meta, type: 'dir', path }
          : { ...meta, type: 'file', path, history: [{ level: 0, path }], blockSize: 0 },
      );
      await patch(0n, 0);
    }
    await writer.finish();
    expect(await scanManifest(file, new Set([0]))).toBeUndefined();
  });
});
