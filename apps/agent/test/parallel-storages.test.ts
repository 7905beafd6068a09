import { closeSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  s3StorageArgs,
  s3StorageIni,
  sshStorageArgs,
  sshStorageIni,
  startSshd,
  type SshdServer,
  startSwift,
  type SwiftServer,
  waitFor,
} from '@freezer/testkit';
import {
  agent,
  agentOk,
  changeTree,
  filesBelow,
  info,
  makeSourceTree,
  randomTag,
  snapshot,
  startAgent,
  tempDir,
  type StorageUnderTest,
} from './storage-cli.js';
import { SwiftInspector } from './storage-swift-inspect.js';

const MIB = 1024 * 1024;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

// polled every 50 ms: the moments it waits for (an upload under way) do not last long
const until = (what: string, check: () => boolean) => waitFor(what, check, 30_000, 50);

function rssBytes(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return Number(/(\d+)/.exec(line ?? '')?.[1] ?? 0) * 1024;
}

/** Bytes in the `.partial-` temporaries below a folder: how far an unfinished upload has got. */
function partialBytes(root: string): number {
  return filesBelow(root)
    .filter((f) => f.includes('.partial-'))
    .reduce((sum, f) => sum + statSync(f).size, 0);
}

/** Seed "Parallel backup": one stream, a config file with one [storage:NAME] section per storage. */
describe('freezer-agent backing up to local + ssh + s3 at once ([storage:NAME] sections)', () => {
  let sshd: SshdServer;
  let swift: SwiftServer;
  let inspect: SwiftInspector;
  let knownHosts: string;
  let dir: string;
  let key: string;
  const tag = randomTag();
  const remote = `/home/fzstoragetest/parallel-${tag}`;
  const bucket = `fz-parallel-${tag}`;

  /** Each copy on its own, through the plain command-line options of one driver. */
  const copies = (): Record<string, StorageUnderTest> => ({
    disk: { args: ['--storage', 'local', '-C', join(dir, 'repo')] },
    offsite: { args: sshStorageArgs(sshd, remote, knownHosts) },
    objects: { args: s3StorageArgs(swift, bucket) },
  });

  const writeConfig = (name: string, src: string, encrypted: boolean): string => {
    const ini = join(dir, `${name}.ini`);
    const lines = [
      '[default]',
      `path_to_backup = ${src}`,
      `backup_name = ${name}`,
      'hostname = agenttest',
      ...(encrypted ? [`encrypt_pass_file = ${key}`] : []),
      '',
      '[storage:disk]',
      'storage = local',
      `container = ${join(dir, 'repo')}`,
      '',
      '[storage:offsite]',
      ...sshStorageIni(sshd, remote, knownHosts),
      '',
      '[storage:objects]',
      ...s3StorageIni(swift, bucket),
    ];
    writeFileSync(ini, `${lines.join('\n')}\n`);
    return ini;
  };

  const levelsOf = async (target: StorageUnderTest, name: string): Promise<number[]> =>
    (await info(target.args)).filter((p) => p.name === name).map((p) => p.level);

  const restoreEach = async (name: string, expected: Record<string, string>, extra: string[] = []) => {
    for (const [copy, target] of Object.entries(copies())) {
      const out = join(dir, `${name}-from-${copy}`);
      const common = ['-N', name, '--hostname', 'agenttest', ...extra];
      await agentOk(['--action', 'restore', ...target.args, ...common, '--restore-abs-path', out]);
      expect(snapshot(out), `restored from ${copy}`).toEqual(expected);
    }
  };

  beforeAll(async () => {
    [sshd, swift] = await Promise.all([startSshd(), startSwift()]);
    knownHosts = await sshd.knownHosts();
    inspect = new SwiftInspector(swift);
    await inspect.login();
    dir = tempDir('parallel');
    key = join(dir, 'key');
    writeFileSync(key, `pass-${tag}\n`);
  });
  afterAll(async () => {
    await sshd?.cleanup();
    await swift?.cleanup();
    rmSync(remote, { recursive: true, force: true });
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('stores every level on all three; each copy alone restores an identical tree', async () => {
    const src = join(dir, 'src-copies');
    makeSourceTree(src);
    const ini = writeConfig('copies', src, true);
    await agentOk(['--config', ini, '--max-segment-size', '512K']);
    changeTree(src, 1);
    await agentOk(['--config', ini, '--max-segment-size', '512K']);
    for (const target of Object.values(copies())) expect(await levelsOf(target, 'copies')).toEqual([0, 1]);
    expect((await info(['--config', ini])).map((p) => p.level)).toEqual([0, 1]);
    await restoreEach('copies', snapshot(src), ['--encrypt-pass-file', key]);
  });

  it('ssh stopped mid-upload fails the whole backup naming [storage:offsite]; the others keep nothing', async () => {
    const src = join(dir, 'src-down');
    makeSourceTree(src, 64 * 1024);
    const ini = writeConfig('down', src, false);
    await agentOk(['--config', ini]);

    writeFileSync(join(src, 'large.bin'), randomBytes(12 * MIB));
    const running = startAgent(['--config', ini, '--max-segment-size', '1M', '--upload-limit', '2M']);
    await until('the ssh upload has started', () => partialBytes(join(remote, 'data')) > 0);
    await sshd.stop();
    const failed = await running.done;
    expect(failed.code).toBe(1);
    expect(failed.stderr.trim().split('\n')).toHaveLength(1);
    expect(failed.stderr).toMatch(/^freezer-agent: error: storage 'offsite': /);

    await sshd.start();
    for (const target of Object.values(copies())) expect(await levelsOf(target, 'down')).toEqual([0]);
    // the healthy storages were told to give up: no temporaries on disk, no open multipart upload
    expect(filesBelow(join(dir, 'repo')).filter((f) => f.includes('.partial-'))).toEqual([]);
    expect(await inspect.s3Leftovers(bucket, 'data/tar/agenttest_down/')).toEqual([]);

    await agentOk(['--config', ini]);
    for (const target of Object.values(copies())) expect(await levelsOf(target, 'down')).toEqual([0, 1]);
    await restoreEach('down', snapshot(src));
  });

  it('a storage unreachable from the start fails the backup naming its section', async () => {
    const src = join(dir, 'src-unreachable');
    makeSourceTree(src, 1024);
    await sshd.stop();
    try {
      const r = await agent(['--config', writeConfig('unreachable', src, false)]);
      expect(r.code).toBe(1);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(
        /^freezer-agent: error: storage 'offsite': ssh:fzstoragetest@127\.0\.0\.1:\d+\S*: cannot connect/,
      );
    } finally {
      await sshd.start();
    }
    expect(await levelsOf(copies().disk!, 'unreachable')).toEqual([]);
  });

  it('a paused storage holds the whole backup back: no copy races ahead, memory stays flat', async () => {
    const src = join(dir, 'src-pause');
    makeSourceTree(src, 1024);
    const total = 96 * MIB;
    const fd = openSync(join(src, 'stream.bin'), 'w');
    for (let written = 0; written < total; written += 8 * MIB) writeSync(fd, randomBytes(8 * MIB));
    closeSync(fd);
    const ini = writeConfig('pause', src, false);
    const proxy = inspect.pid('proxy');

    const running = startAgent(['--config', ini, '--max-segment-size', '4M', '--compression', 'none']);
    const local = join(dir, 'repo', 'data', 'tar', 'agenttest_pause');
    let resumed = false;
    try {
      await until('the local copy is being written', () => partialBytes(local) > 0);
      process.kill(proxy, 'SIGSTOP'); // the s3 endpoint stops answering mid-upload
      await sleep(1500);
      const [localAt, rssAt] = [partialBytes(local), rssBytes(running.pid)];
      await sleep(2500);
      const [localLater, rssLater] = [partialBytes(local), rssBytes(running.pid)];
      process.kill(proxy, 'SIGCONT');
      resumed = true;
      // Unbounded buffering would let the local copy run to the end (96 MiB) while s3 is paused.
      expect(localLater).toBe(localAt);
      expect(localLater).toBeLessThan(40 * MIB);
      expect(rssLater - rssAt).toBeLessThan(16 * MIB);
    } finally {
      if (!resumed) process.kill(proxy, 'SIGCONT');
    }
    const r = await running.done;
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    for (const target of Object.values(copies())) expect(await levelsOf(target, 'pause')).toEqual([0]);
  });
});
