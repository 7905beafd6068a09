// npm run bench:storage [-- --size MB] [--segment MB] [--runs N] [--limit RATE] [--work DIR] [--profile DIR]
// Level-0 backup of a deterministic, incompressible dataset by the built agent to each storage on loopback
// (real OpenSSH sshd; real Swift 2.30 for both s3 and swift), then to local + ssh + s3 at once from
// [storage:NAME] sections. Prints MiB/s, the ratio to local, and where the CPU went (the agent with its
// tar/zstd children, sshd, the Swift servers): on a 2-core machine a parallel upload is bounded by the sum
// of everyone's CPU, not by the slowest transfer. A benchmark, not a test: no assertions.
import { spawn, spawnSync } from 'node:child_process';
import { createCipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import {
  s3StorageArgs,
  s3StorageIni,
  sshStorageArgs,
  sshStorageIni,
  startSshd,
  type SshdServer,
  startSwift,
  type SwiftServer,
} from '@freezer/testkit';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? (args[i + 1] as string) : fallback;
};
const MIB = 1024 * 1024;
const sizeMiB = Number(arg('size', '512'));
const segmentMiB = Number(arg('segment', '32'));
const runs = Number(arg('runs', '1'));
/**
 * --limit 20M: --upload-limit on every run (per storage in the parallel one), which makes each transfer
 * bandwidth-bound like a real remote storage instead of bound by the CPU the loopback servers share.
 */
const limit = arg('limit', '');
const work = resolve(arg('work', '/tmp/freezer-bench-storage'));
/** --profile DIR: a V8 CPU profile of every agent run (node --cpu-prof), to see where its CPU goes. */
const profileDir = arg('profile', '');
const repoRoot = resolve(import.meta.dirname, '../..');
const agentBin = join(repoRoot, 'apps/agent/bin/freezer-agent.js');
const data = join(work, 'data');
const TICKS = 100; // USER_HZ on Linux

const log = (message: string): void => void process.stderr.write(`[bench] ${message}\n`);

/** 64 MiB files of AES-CTR keystream: the same bytes for the same size, and zstd cannot shrink them. */
function makeDataset(): void {
  const marker = join(data, `.size-${sizeMiB}`);
  if (existsSync(marker)) return;
  rmSync(data, { recursive: true, force: true });
  mkdirSync(data, { recursive: true });
  const cipher = createCipheriv('aes-128-ctr', Buffer.alloc(16, 7), Buffer.alloc(16));
  for (let left = sizeMiB, i = 0; left > 0; left -= 64, i++) {
    const parts: Buffer[] = [];
    for (let m = 0; m < Math.min(64, left); m += 8) parts.push(cipher.update(Buffer.alloc(8 * MIB)));
    writeFileSync(join(data, `part-${String(i).padStart(3, '0')}.bin`), Buffer.concat(parts));
  }
  writeFileSync(marker, '');
}

/** Parent and own utime + stime (seconds) of every process. */
function processTable(): Map<number, { ppid: number; cpu: number }> {
  const table = new Map<number, { ppid: number; cpu: number }>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const f = stat
        .slice(stat.lastIndexOf(')') + 2)
        .split(' ')
        .map(Number);
      const cpu = ((f[11] ?? 0) + (f[12] ?? 0)) / TICKS;
      table.set(Number(name), { ppid: f[1] ?? 0, cpu });
    } catch {
      // exited while we looked
    }
  }
  return table;
}

/**
 * CPU seconds used by `roots` and their descendants while `done` is pending, sampled every 100 ms
 * (sshd serves each connection from child processes, so the master's own times say nothing). A process
 * that exits loses its last < 100 ms; reaped children's times are not read, so nothing counts twice.
 */
async function cpuDuring(roots: number[], done: Promise<unknown>): Promise<number> {
  const last = new Map<number, number>();
  const first = new Map<number, number>();
  let finished = false;
  void done.finally(() => (finished = true));
  for (;;) {
    const table = processTable();
    const inTree = (pid: number): boolean => {
      for (let p = pid, hops = 0; p > 1 && hops < 32; p = table.get(p)?.ppid ?? 0, hops++) {
        if (roots.includes(p)) return true;
      }
      return false;
    };
    for (const [pid, { cpu }] of table) {
      if (!inTree(pid)) continue;
      if (!first.has(pid)) first.set(pid, roots.includes(pid) ? cpu : 0);
      last.set(pid, cpu);
    }
    if (finished) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  let total = 0;
  for (const [pid, cpu] of last) total += cpu - (first.get(pid) ?? 0);
  return total;
}

interface Servers {
  sshd: SshdServer;
  swift: SwiftServer;
  knownHosts: string;
  pids: { sshd: number; swift: number[] };
}

interface Run {
  seconds: number;
  agentCpu: number;
  sshdCpu: number;
  swiftCpu: number;
  rssMB: number;
}

/** One `freezer-agent` level 0 under GNU time, with the servers' CPU sampled while it runs. */
async function backup(servers: Servers, storageArgs: string[], name: string): Promise<Run> {
  const command = [
    process.execPath,
    ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${join(profileDir, name)}`] : []),
    agentBin,
    ...['-F', data, '-N', name, '--hostname', 'bench', '--no-incremental'],
    ...['--max-segment-size', `${segmentMiB}M`, ...storageArgs],
    ...(limit ? ['--upload-limit', limit] : []),
  ];
  const child = spawn('/usr/bin/time', ['-f', '@@TIME %e %U %S %M', ...command], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number>((res) => child.on('close', (code) => res(code ?? 1)));
  const [sshdCpu, swiftCpu, status] = await Promise.all([
    cpuDuring([servers.pids.sshd], exited),
    cpuDuring(servers.pids.swift, exited),
    exited,
  ]);
  const line = stderr.split('\n').find((l) => l.startsWith('@@TIME '));
  if (status !== 0 || !line) throw new Error(`backup ${name} failed: ${stderr.slice(-800)}`);
  const [, e, u, s, m] = line.split(' ').map(Number) as number[];
  return { seconds: e!, agentCpu: u! + s!, sshdCpu, swiftCpu, rssMB: m! / 1024 };
}

const median = (xs: Run[]): Run => [...xs].sort((a, b) => a.seconds - b.seconds)[Math.floor(xs.length / 2)]!;

if (!existsSync('/usr/bin/time')) throw new Error('/usr/bin/time missing: apt-get install -y time');
log('building the agent');
if (spawnSync('node', ['build.mjs'], { cwd: join(repoRoot, 'apps/agent'), stdio: 'inherit' }).status !== 0) {
  throw new Error('building the agent failed');
}
mkdirSync(work, { recursive: true });
log(`dataset: ${sizeMiB} MiB of incompressible bytes in ${data}`);
makeDataset();
const datasetBytes = sizeMiB * MIB;
spawnSync('/bin/sh', ['-c', `cat ${data}/*.bin > /dev/null`]); // warm the page cache once

log('starting sshd and Swift on loopback');
const [sshd, swift] = await Promise.all([startSshd(), startSwift()]);
const tag = randomBytes(3).toString('hex');
const remote = `/home/${sshd.username}/bench-${tag}`;
const localRepo = join(work, 'repo');
const swiftPids = readFileSync(join(swift.base, 'run/pids'), 'utf8')
  .trim()
  .split('\n')
  .map((l) => Number(l.split(' ')[1]));
const servers: Servers = {
  sshd,
  swift,
  knownHosts: await sshd.knownHosts(),
  pids: { sshd: await sshd.pid(), swift: swiftPids },
};
const sshArgs = sshStorageArgs(sshd, remote, servers.knownHosts);
const s3Args = s3StorageArgs(swift, `fz-bench-${tag}`);
const ini = join(work, 'parallel.ini');
writeFileSync(
  ini,
  [
    '[storage:local]',
    'storage = local',
    `container = ${localRepo}`,
    '[storage:ssh]',
    ...sshStorageIni(sshd, remote, servers.knownHosts),
    '[storage:s3]',
    ...s3StorageIni(swift, `fz-bench-${tag}`),
    '',
  ].join('\n'),
);

const targets: [string, string[]][] = [
  ['local', ['--storage', 'local', '-C', localRepo]],
  ['ssh', sshArgs],
  ['s3', s3Args],
  ['swift', ['--storage', 'swift', '-C', `bench${tag}`]], // tempauth from ST_* below
  ['local+ssh+s3', ['--config', ini]],
];
process.env.ST_AUTH = swift.authUrl;
process.env.ST_USER = swift.user;
process.env.ST_KEY = swift.key;

const results = new Map<string, Run>();
try {
  for (const [label, storageArgs] of targets) {
    const measured: Run[] = [];
    for (let i = 0; i < runs; i++) {
      log(`${label}: run ${i + 1}/${runs}`);
      measured.push(await backup(servers, storageArgs, `b-${label.replace(/\W/g, '')}-${i}`));
    }
    results.set(label, median(measured));
  }
} finally {
  await sshd.cleanup();
  await swift.cleanup();
  rmSync(remote, { recursive: true, force: true });
  rmSync(localRepo, { recursive: true, force: true });
}

const local = results.get('local')!;
const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
console.log(
  `\nlevel 0 of ${sizeMiB} MiB (incompressible, ${segmentMiB} MiB segments, zstd), ${cpus().length} cores, ` +
    `${limit ? `--upload-limit ${limit}, ` : ''}load average ${load}, median of ${runs} run(s)\n`,
);
console.log('| target | time | MiB/s | vs local | agent CPU | sshd CPU | Swift CPU | agent RSS |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
for (const [label, r] of results) {
  const mibs = datasetBytes / MIB / r.seconds;
  console.log(
    `| ${label} | ${r.seconds.toFixed(2)} s | ${mibs.toFixed(0)} | ${(local.seconds / r.seconds).toFixed(2)}× | ` +
      `${r.agentCpu.toFixed(1)} s | ${r.sshdCpu.toFixed(1)} s | ${r.swiftCpu.toFixed(1)} s | ${r.rssMB.toFixed(0)} MB |`,
  );
}
const singles = ['local', 'ssh', 's3'].map((l) => results.get(l)!);
const slowest = Math.max(...singles.map((r) => r.seconds));
const parallel = results.get('local+ssh+s3')!;
const cpuBound = (parallel.agentCpu + parallel.sshdCpu + parallel.swiftCpu) / cpus().length;
console.log(
  `\nparallel / slowest single = ${(parallel.seconds / slowest).toFixed(2)}× (target ≤ 1.3×); ` +
    `the parallel run's CPU over ${cpus().length} cores alone needs ${cpuBound.toFixed(2)} s ` +
    `(${(cpuBound / slowest).toFixed(2)}× the slowest single)`,
);
