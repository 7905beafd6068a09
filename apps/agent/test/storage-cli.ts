// Shared by the storage-*.test.ts files: the built agent as a real process, source trees that change
// between levels, exact tree snapshots, and the level 0–2 / restore / info / retention walk every
// storage driver must pass.
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  appendFileSync,
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

export const AGENT = fileURLToPath(new URL('../bin/freezer-agent.js', import.meta.url));
const MIB = 1024 * 1024;

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** Wall time of the whole process, for the generous lower bounds of the transfer-limit checks. */
  ms: number;
}

export interface RunningAgent {
  pid: number;
  done: Promise<CliResult>;
}

/** Credentials of the test runner's own shell must not leak into a driver's env fallbacks. */
function cleanEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^(OS_|ST_|AWS_|ACCESS_KEY|SECRET_KEY|ENDPOINT)/.test(k)) env[k] = v;
  }
  return { ...env, ...extra };
}

/** Starts `node apps/agent/bin/freezer-agent.js ARGS` (the built bundle, as users run it). */
export function startAgent(args: string[], env: NodeJS.ProcessEnv = {}): RunningAgent {
  if (!existsSync(fileURLToPath(new URL('../dist/main.js', import.meta.url)))) {
    throw new Error('apps/agent is not built: run `npx turbo run build --filter=@freezer/agent` first');
  }
  const started = performance.now();
  const child = spawn(process.execPath, [AGENT, ...args], {
    env: cleanEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (c: Buffer) => out.push(c));
  child.stderr.on('data', (c: Buffer) => err.push(c));
  const done = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) =>
      resolve({
        code: code ?? (signal ? 128 : 1),
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        ms: performance.now() - started,
      }),
    );
  });
  return { pid: child.pid ?? -1, done };
}

export function agent(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return startAgent(args, env).done;
}

/** Runs the agent and fails the test with its stderr when it does not exit 0. */
export async function agentOk(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  const r = await agent(args, env);
  expect(r.stderr, `freezer-agent ${args.join(' ')}`).toBe('');
  expect(r.code).toBe(0);
  return r;
}

export function tempDir(tag: string): string {
  return mkdtempSync(join(tmpdir(), `fz-agent-${tag}-`));
}

export const randomTag = (): string => randomBytes(4).toString('hex');

const OLD = new Date('2022-01-02T03:04:05Z');

function put(path: string, data: string | Buffer, mode = 0o644): void {
  writeFileSync(path, data);
  chmodSync(path, mode);
  utimesSync(path, OLD, OLD);
}

/** A tree with the file types a backup must keep; `bigBytes` of incompressible data spans segments. */
export function makeSourceTree(root: string, bigBytes = 1.5 * MIB): void {
  mkdirSync(join(root, 'docs/deep'), { recursive: true });
  mkdirSync(join(root, 'empty-dir'));
  mkdirSync(join(root, 'private'), { mode: 0o700 });
  put(join(root, 'docs/readme.txt'), 'hello storage\n'.repeat(2000));
  put(join(root, 'docs/deep/big.bin'), randomBytes(bigBytes), 0o600);
  put(join(root, 'empty.txt'), '', 0o640);
  put(join(root, 'run.sh'), '#!/bin/sh\necho hi\n', 0o755);
  put(join(root, 'private/secret'), 'top secret', 0o400);
  symlinkSync('docs/readme.txt', join(root, 'link-to-readme'));
  utimesSync(join(root, 'empty-dir'), OLD, OLD);
}

/** Level 1: an append, a new file, a deletion. Level 2: a rename, a mode change, a new directory. */
export function changeTree(root: string, level: number): void {
  if (level === 1) {
    appendFileSync(join(root, 'docs/readme.txt'), 'appended at level 1\n');
    writeFileSync(join(root, 'new-at-1.txt'), randomBytes(4096));
    rmSync(join(root, 'empty.txt'));
  } else {
    writeFileSync(join(root, 'renamed.txt'), readFileSync(join(root, 'new-at-1.txt')));
    rmSync(join(root, 'new-at-1.txt'));
    chmodSync(join(root, 'run.sh'), 0o700);
    mkdirSync(join(root, `dir-at-${level}`));
    writeFileSync(join(root, `dir-at-${level}`, 'f'), `level ${level}\n`);
  }
}

/** path → type, mode, owner, mtime (files and links), size and SHA-256 or link target. */
export function snapshot(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string): void => {
    for (const name of readdirSync(join(root, rel)).sort()) {
      const r = rel ? `${rel}/${name}` : name;
      const full = join(root, r);
      const st = lstatSync(full);
      const head = `${(st.mode & 0o7777).toString(8)} ${st.uid}:${st.gid}`;
      if (st.isSymbolicLink()) out[r] = `link ${head} -> ${readlinkSync(full)}`;
      else if (st.isDirectory()) {
        out[r] = `dir ${head}`;
        walk(r);
      } else {
        const sha = createHash('sha256').update(readFileSync(full)).digest('hex');
        out[r] = `file ${head} ${Math.floor(st.mtimeMs / 1000)} ${st.size} ${sha}`;
      }
    }
  };
  walk('');
  return out;
}

export interface InfoPoint {
  name: string;
  host: string;
  level: number;
  timestamp: number;
  level_zero_timestamp: number;
  encrypted: boolean;
}

export async function info(storageArgs: string[], env: NodeJS.ProcessEnv = {}): Promise<InfoPoint[]> {
  const r = await agentOk(['--action', 'info', '--format', 'json', ...storageArgs], env);
  return JSON.parse(r.stdout) as InfoPoint[];
}

export const isoZ = (unixSeconds: number): string =>
  new Date(unixSeconds * 1000).toISOString().replace('.000Z', 'Z');

/** How one test reaches one storage: its CLI options and the env its credentials live in. */
export interface StorageUnderTest {
  args: string[];
  env?: NodeJS.ProcessEnv;
}

/**
 * The walk every driver must pass: levels 0, 1, 2 with encryption, `info`, restore of the newest point
 * and restore-from-date to each point (trees compared exactly), then a new chain and `admin` retention
 * removing the old one.
 */
export async function levelsRestoreRetention(target: StorageUnderTest, name: string): Promise<void> {
  const env = target.env ?? {};
  const dir = tempDir(name);
  const src = join(dir, 'src');
  const key = join(dir, 'key');
  writeFileSync(key, `pass-${randomTag()}\n`);
  makeSourceTree(src);
  const common = [...target.args, '-N', name, '--hostname', 'agenttest'];
  const backup = (...extra: string[]): Promise<CliResult> =>
    agentOk(
      [
        '--action',
        'backup',
        '-F',
        src,
        ...common,
        '--encrypt-pass-file',
        key,
        '--max-segment-size',
        '512K',
        ...extra,
      ],
      env,
    );

  const snaps: Record<string, string>[] = [];
  for (let level = 0; level <= 2; level++) {
    if (level > 0) changeTree(src, level);
    await backup();
    snaps.push(snapshot(src));
  }

  const points = (await info(target.args, env)).filter((p) => p.name === name);
  expect(points.map((p) => p.level)).toEqual([0, 1, 2]);
  expect(points.every((p) => p.encrypted && p.host === 'agenttest')).toBe(true);
  expect(new Set(points.map((p) => p.level_zero_timestamp)).size).toBe(1);

  const restore = async (out: string, ...extra: string[]): Promise<Record<string, string>> => {
    await agentOk(
      ['--action', 'restore', ...common, '--encrypt-pass-file', key, '--restore-abs-path', out, ...extra],
      env,
    );
    return snapshot(out);
  };
  expect(await restore(join(dir, 'newest'))).toEqual(snaps[2]);
  for (const [i, point] of points.entries()) {
    expect(await restore(join(dir, `at-${i}`), '--restore-from-date', isoZ(point.timestamp))).toEqual(
      snaps[i],
    );
  }

  // A new chain, then retention: everything older than it goes, the new chain stays restorable.
  await backup('--no-incremental');
  const after = (await info(target.args, env)).filter((p) => p.name === name);
  expect(after.map((p) => p.level)).toEqual([0, 1, 2, 0]);
  const newest = after[3]!;
  await agentOk(['--action', 'admin', ...common, '--remove-from-date', isoZ(newest.timestamp)], env);
  const kept = (await info(target.args, env)).filter((p) => p.name === name);
  expect(kept).toEqual([newest]);
  expect(await restore(join(dir, 'after-retention'))).toEqual(snaps[2]);
  rmSync(dir, { recursive: true, force: true });
}

/**
 * `--upload-limit 1M` / `--download-limit 1M` through the agent: generous lower bounds only (the real
 * figures are in the benchmark). A restore reads the data twice (verify, then extract).
 */
export async function transferLimitsHold(target: StorageUnderTest, name: string): Promise<void> {
  const env = target.env ?? {};
  const dir = tempDir(`${name}-limit`);
  const src = join(dir, 'src');
  mkdirSync(src);
  put(join(src, 'noise.bin'), randomBytes(2 * MIB));
  const common = [...target.args, '-N', name, '--hostname', 'agenttest'];
  const up = await agentOk(['-F', src, ...common, '--upload-limit', '1M'], env);
  // 2 MiB at 1 MiB/s is ≥ 1.75 s after the bucket's burst; without the limit it is a fraction of that.
  expect(up.ms).toBeGreaterThan(1300);
  const down = await agentOk(
    ['--action', 'restore', ...common, '--restore-abs-path', join(dir, 'out'), '--download-limit', '1M'],
    env,
  );
  expect(down.ms).toBeGreaterThan(1300);
  expect(snapshot(join(dir, 'out'))).toEqual(snapshot(src));
  rmSync(dir, { recursive: true, force: true });
}

export interface FaultControl {
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Called just before the upload that is to fail starts (e.g. to count what the server holds). */
  arm?(): void;
  /** True once the server holds (part of) the new upload: the moment to pull the plug. */
  uploadStarted(): boolean;
  /** What the one error line must name: the storage. */
  names: RegExp;
  /**
   * What the failed upload left on the server that no listing shows (unfinished multipart uploads,
   * segments without a manifest). There must be some right after the outage (the cleanup could not
   * reach the server), and none once the next backup has run.
   */
  leftovers?(): Promise<string[]>;
}

async function waitUntil(what: string, check: () => boolean, exited: () => boolean): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (check()) return;
    if (exited()) throw new Error(`the agent exited before ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting until ${what}`);
}

/**
 * The server goes away in the middle of a throttled upload: exit 1 with one line naming the storage,
 * nothing new listed; once it is back the next backup works and retention sees a consistent set.
 */
export async function serverStoppedMidUpload(
  target: StorageUnderTest,
  name: string,
  fault: FaultControl,
): Promise<void> {
  const env = target.env ?? {};
  const dir = tempDir(`${name}-fault`);
  const src = join(dir, 'src');
  makeSourceTree(src, 64 * 1024);
  const common = [...target.args, '-N', name, '--hostname', 'agenttest'];
  const backupArgs = ['-F', src, ...common, '--max-segment-size', '1M'];
  await agentOk(backupArgs, env);

  put(join(src, 'large.bin'), randomBytes(12 * MIB));
  fault.arm?.();
  const running = startAgent([...backupArgs, '--upload-limit', '2M'], env);
  let exited = false;
  void running.done.then(() => (exited = true));
  await waitUntil('the upload reached the server', fault.uploadStarted, () => exited);
  await fault.stop();
  const failed = await running.done;
  expect(failed.code).toBe(1);
  const lines = failed.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^freezer-agent: error: /);
  expect(lines[0]).toMatch(fault.names);

  await fault.start();
  if (fault.leftovers) expect(await fault.leftovers()).not.toEqual([]);
  expect((await info(target.args, env)).filter((p) => p.name === name).map((p) => p.level)).toEqual([0]);
  await agentOk([...backupArgs, '--no-incremental'], env);
  if (fault.leftovers) expect(await fault.leftovers()).toEqual([]);
  const both = (await info(target.args, env)).filter((p) => p.name === name);
  expect(both.map((p) => p.level)).toEqual([0, 0]);
  await agentOk(['--action', 'admin', ...common, '--keep-last', '1'], env);
  expect((await info(target.args, env)).filter((p) => p.name === name)).toEqual([both[1]]);
  if (fault.leftovers) expect(await fault.leftovers()).toEqual([]);
  await agentOk(['--action', 'restore', ...common, '--restore-abs-path', join(dir, 'out')], env);
  expect(snapshot(join(dir, 'out'))).toEqual(snapshot(src));
  rmSync(dir, { recursive: true, force: true });
}

/** Every file below `root` (recursive), for watching a server's data folder. */
export function filesBelow(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}
