// npm run bench:restore [-- --size MB] [--work DIR] [--encrypt]
// Single-file restore: a 1 MiB file from level 0 and from level 3 of a ~1 GB tree (~20k files), with
// `--restore-paths` (ranged reads of only the codec units that hold it), versus a full restore of the
// chain, `restic restore --include` and `borg extract PATH`, in the same run. For each: seconds and
// bytes read from the repository, counted the same way for every tool (strace of read/pread calls on
// files below the repository and the tool's cache; ours also reports its own counter). A benchmark, not
// a test: no assertions. Peers come from Debian: apt-get install -y restic borgbackup strace time.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { makeDataset, mutateDataset } from './lib/agent-dataset.js';
import { duBytes, measure, warmCache } from './lib/measure.js';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? (args[i + 1] as string) : fallback;
};
const sizeMB = Number(arg('size', '1000'));
const encrypt = args.includes('--encrypt');
const work = resolve(arg('work', '/tmp/freezer-bench-restore'));
const repoRoot = resolve(import.meta.dirname, '../..');
const agent = `node ${join(repoRoot, 'apps/agent/bin/freezer-agent.js')}`;
const data = join(work, 'data');
const NEEDLE = 'needle/needle-1mb.bin';
const LEVELS = 3;

function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

function sh(command: string, env: NodeJS.ProcessEnv = {}): string {
  const r = spawnSync('/bin/sh', ['-c', command], { env: { ...process.env, ...env }, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`failed (${r.status}): ${command}\n${r.stderr.slice(-2000)}`);
  return r.stdout;
}

/** Bytes the command read from files below any of `dirs` (read/pread/readv/preadv, every process). */
function bytesReadBelow(command: string, dirs: string[], env: NodeJS.ProcessEnv = {}): number {
  const trace = join(work, 'strace.log');
  rmSync(trace, { force: true });
  sh(`strace -f -qq -y -e trace=read,pread64,readv,preadv,preadv2 -o ${trace} /bin/sh -c '${command}'`, env);
  let total = 0;
  const re = /\b(?:read|pread64|readv|preadv2?)\(\d+<([^>]*)>.*\)\s+=\s+(\d+)\s*$/;
  for (const line of readFileSync(trace, 'utf8').split('\n')) {
    const m = re.exec(line);
    if (m && dirs.some((d) => (m[1] as string).startsWith(d))) total += Number(m[2]);
  }
  return total;
}

interface Result {
  what: string;
  seconds: number;
  bytes: number;
  ourCounter?: number;
  stored: number;
  ok: boolean;
}
const results: Result[] = [];

function verify(file: string, expected: Buffer): boolean {
  try {
    return readFileSync(file).equals(expected);
  } catch {
    return false;
  }
}

/** Times `command` once, then runs it again under strace for the bytes it read (strace slows it down). */
function run(
  what: string,
  command: (target: string) => string,
  dirs: string[],
  stored: number,
  expected: Buffer,
  env: NodeJS.ProcessEnv = {},
  restoredAt: (target: string) => string = (t) => join(t, NEEDLE),
): void {
  log(what);
  const target = join(work, 'restore-target');
  rmSync(target, { recursive: true, force: true });
  const timed = measure(command(target), env);
  const ok = verify(restoredAt(target), expected);
  let ourCounter: number | undefined;
  try {
    const report = JSON.parse(readFileSync(join(work, 'report.json'), 'utf8')) as {
      bytes_read_from_storage?: number;
    };
    ourCounter = report.bytes_read_from_storage;
  } catch {
    ourCounter = undefined;
  }
  rmSync(join(work, 'report.json'), { force: true });
  rmSync(target, { recursive: true, force: true });
  const bytes = bytesReadBelow(command(target), dirs, env);
  rmSync(target, { recursive: true, force: true });
  rmSync(join(work, 'report.json'), { force: true });
  results.push({ what, seconds: timed.seconds, bytes, ourCounter, stored, ok });
}

// --- the dataset, with a 1 MiB needle that changes before level 3 ---
if (spawnSync('node', ['build.mjs'], { cwd: join(repoRoot, 'apps/agent'), stdio: 'inherit' }).status !== 0) {
  throw new Error('building the agent failed');
}
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
log(`dataset: ${sizeMB} MB in ${data}`);
const info = makeDataset(data, sizeMB);
mkdirSync(join(data, 'needle'), { recursive: true });
const needles: Buffer[] = [randomBytes(1024 * 1024)];
writeFileSync(join(data, NEEDLE), needles[0] as Buffer);
log(`dataset: ${info.files + 1} files, ${(info.bytes / 1e6).toFixed(0)} MB`);

const ours = join(work, 'repo-ours');
const restic = join(work, 'repo-restic');
const borg = join(work, 'repo-borg');
const pass = join(work, 'pass');
writeFileSync(pass, 'bench\n');
const encArgs = encrypt ? `--encrypt-pass-file ${pass}` : '';
const resticEnv = { RESTIC_PASSWORD: 'bench', RESTIC_CACHE_DIR: join(work, 'restic-cache') };
const borgEnv = {
  BORG_BASE_DIR: join(work, 'borg-base'),
  BORG_UNKNOWN_UNENCRYPTED_REPO_ACCESS_IS_OK: 'yes',
  BORG_RELOCATED_REPO_ACCESS_IS_OK: 'yes',
};
sh(`restic init -q --repo ${restic}`, resticEnv);
sh(`borg init -e none ${borg}`, borgEnv);
const times: number[] = [];
for (let level = 0; level <= LEVELS; level++) {
  if (level > 0) {
    // The shared dataset's ~1 % change once; then a few additions and appends per level.
    if (level === 1) mutateDataset(data);
    else {
      mkdirSync(join(data, `extra-${level}`), { recursive: true });
      for (let i = 0; i < 20; i++)
        writeFileSync(join(data, `extra-${level}`, `f-${i}.bin`), randomBytes(64 * 1024));
      appendFileSync(join(data, 'db/big-1.dat'), randomBytes(4 * 1024 * 1024));
    }
    if (level === LEVELS) {
      needles.push(randomBytes(1024 * 1024));
      writeFileSync(join(data, NEEDLE), needles[1] as Buffer);
    }
    spawnSync('sleep', ['1.1']);
  }
  warmCache(data);
  log(`level ${level}: ours, restic, borg`);
  const out = sh(
    `${agent} -F ${data} -C ${ours} -N bench --hostname bench --max-level 5 --compression zstd ${encArgs} --metadata-out -`,
  );
  times.push((JSON.parse(out) as { time_stamp: number }).time_stamp);
  sh(`restic backup -q --repo ${restic} ${data}`, resticEnv);
  sh(`cd ${data} && borg create --compression lz4 ${borg}::l${level} .`, borgEnv);
}
const oursStored = duBytes(join(ours, 'data'));
const resticStored = duBytes(restic);
const borgStored = duBytes(borg);
const snapshots = (
  JSON.parse(sh(`restic snapshots --json --repo ${restic}`, resticEnv)) as { id: string; time: string }[]
)
  .sort((a, b) => a.time.localeCompare(b.time))
  .map((s) => s.id);
const iso = (ts: number): string => new Date(ts * 1000).toISOString().replace('.000Z', 'Z');
const oursRestore = (extra: string) => (t: string) =>
  `${agent} --action restore -C ${ours} -N bench --hostname bench ${encArgs} --restore-abs-path ${t} ` +
  `--metadata-out ${join(work, 'report.json')} ${extra}`;

for (const [label, index] of [
  ['level 0', 0],
  [`level ${LEVELS}`, LEVELS],
] as const) {
  const expected = needles[index === 0 ? 0 : 1] as Buffer;
  const date = `--restore-from-date ${iso(times[index] as number)}`;
  run(
    `ours --restore-paths (${label})`,
    oursRestore(`${date} --restore-paths ${NEEDLE}`),
    [ours],
    oursStored,
    expected,
  );
  run(
    `restic restore --include (${label})`,
    (t) =>
      `restic restore -q --repo ${restic} ${snapshots[index]} --include ${join(data, NEEDLE)} --target ${t}`,
    [restic, join(work, 'restic-cache')],
    resticStored,
    expected,
    resticEnv,
    // restic restores the absolute path below the target.
    (t) => join(t, data, NEEDLE),
  );
  run(
    `borg extract PATH (${label})`,
    (t) => `mkdir -p ${t} && cd ${t} && borg extract ${borg}::l${index} ${NEEDLE}`,
    [borg, join(work, 'borg-base')],
    borgStored,
    expected,
    borgEnv,
  );
}
run(`ours full restore (level ${LEVELS})`, oursRestore(''), [ours], oursStored, needles[1] as Buffer);

const mb = (bytes: number): string => (bytes / 1e6).toFixed(bytes < 1e7 ? 2 : 0);
const lines = [
  `Single-file restore: ${info.files + 1} files, ${(info.bytes / 1e6).toFixed(0)} MB (--size ${sizeMB})` +
    `${encrypt ? ', ours encrypted (aes-256-gcm)' : ''}, ${new Date().toISOString().slice(0, 10)}, local storage, warm cache`,
  '',
  '| restore | seconds | MB read from the repository | % of stored | ours: own counter MB | byte-identical |',
  '|---|---|---|---|---|---|',
];
for (const r of results) {
  lines.push(
    `| ${r.what} | ${r.seconds.toFixed(2)} | ${mb(r.bytes)} | ${((100 * r.bytes) / r.stored).toFixed(2)} % of ${mb(r.stored)} MB | ` +
      `${r.ourCounter === undefined ? '-' : mb(r.ourCounter)} | ${r.ok ? 'yes' : 'NO'} |`,
  );
}
process.stdout.write(`${lines.join('\n')}\n`);
