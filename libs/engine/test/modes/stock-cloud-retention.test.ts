// --action admin of the cloud modes on local storage (no cloud needed): points written in the stock
// agent's trees as the layout lays them out, pruned by the same planner as the tar engine's.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DelegatingStorage, openStorage } from '@freezer/storage';
import { afterAll, describe, expect, it } from 'vitest';
import { Logger } from '../../src/logger.js';
import { parseAgentOptions } from '../../src/cli/options.js';
import { runCloudAdmin } from '../../src/modes/stock-cloud-retention.js';
import {
  cloudDataPath,
  cloudEngineMetadataPath,
  cloudMetadataPath,
  type StockCloudEngine,
  type StockCloudPoint,
} from '../../src/modes/stock-cloud-layout.js';
import { runCli } from '../run-cli.js';

const DAY = 86400;
const now = Math.floor(Date.now() / 1000);
const ago = (days: number): number => now - days * DAY;
const IMG1 = '5c0e7a52-0000-4000-8000-0000000000a1';
const IMG2 = '5c0e7a52-0000-4000-8000-0000000000a2';
const VOL = '5c0e7a52-0000-4000-8000-0000000000b1';
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function newRepo(): string {
  const d = mkdtempSync(join(tmpdir(), 'fz-cloud-adm-'));
  dirs.push(d);
  return join(d, 'repo');
}

const point = (
  engine: StockCloudEngine,
  resource: string,
  ts: number,
  identity = 'h_n',
): StockCloudPoint => ({
  engine,
  identity,
  resource,
  levelZeroTs: ts,
  level: 0,
  timestamp: ts,
});

function put(repo: string, path: string, text: string): void {
  mkdirSync(dirname(join(repo, path)), { recursive: true });
  writeFileSync(join(repo, path), text);
}

/** One complete point: data, engine_metadata, then the metadata that commits it. */
function writePoint(repo: string, p: StockCloudPoint): void {
  put(repo, cloudDataPath(p), 'x'.repeat(1000));
  const key = p.engine === 'cinder' ? 'x-object-meta-length' : 'length';
  put(repo, cloudEngineMetadataPath(p), JSON.stringify({ [key]: '1000' }));
  put(repo, cloudMetadataPath(p), JSON.stringify({ engine_name: p.engine, encryption: false }));
}

const admin = (repo: string, mode: string, ...extra: string[]) =>
  runCli(['--action', 'admin', '--mode', mode, '-C', repo, '--hostname', 'h', '-N', 'n', ...extra]);

const gone = (repo: string, p: StockCloudPoint): boolean =>
  !existsSync(join(repo, cloudMetadataPath(p))) &&
  !existsSync(join(repo, cloudDataPath(p))) &&
  !existsSync(join(repo, cloudEngineMetadataPath(p)));
const whole = (repo: string, p: StockCloudPoint): boolean =>
  existsSync(join(repo, cloudMetadataPath(p))) && existsSync(join(repo, cloudDataPath(p)));

describe('--action admin --mode glance|nova|cinder', () => {
  it('glance without an id: every image of the backup name; --dry-run removes nothing', async () => {
    const repo = newRepo();
    const old1 = point('glance', IMG1, ago(60));
    const mid1 = point('glance', IMG1, ago(40));
    const new1 = point('glance', IMG1, ago(1));
    const old2 = point('glance', IMG2, ago(50));
    for (const p of [old1, mid1, new1, old2]) writePoint(repo, p);

    const dry = await admin(repo, 'glance', '--remove-older-than', '30', '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(new RegExp(`would remove glance h_n/${IMG1} `));
    expect(dry.stdout).toMatch(
      /glance: would remove 3 restore point\(s\), [\d.]+ \w*B would be freed; 1 kept/,
    );
    for (const p of [old1, mid1, new1, old2]) expect(whole(repo, p)).toBe(true);

    const real = await admin(repo, 'glance', '--remove-older-than', '30');
    expect(real.code).toBe(0);
    expect(real.stdout).toMatch(/glance: removed 3 restore point\(s\)/);
    for (const p of [old1, mid1, old2]) expect(gone(repo, p)).toBe(true);
    // Nor is the point's own level-0 folder left behind.
    expect(existsSync(join(repo, `data/glance/h_n/${IMG1}/${old1.levelZeroTs}`))).toBe(false);
    expect(existsSync(join(repo, `metadata/glance/h_n/${IMG1}/${old1.levelZeroTs}`))).toBe(false);
    expect(whole(repo, new1)).toBe(true);

    const info = JSON.parse((await runCli(['--action', 'info', '-C', repo, '--format', 'json'])).stdout) as {
      name: string;
      timestamp: number;
    }[];
    expect(info.map((r) => [r.name, r.timestamp])).toEqual([[`n/${IMG1}`, new1.timestamp]]);
  });

  it('nova with --nova-inst-id prunes that instance only; --keep-last keeps the newest of it', async () => {
    const repo = newRepo();
    const a = [ago(9), ago(5), ago(2)].map((t) => point('nova', IMG1, t));
    const other = point('nova', IMG2, ago(20));
    for (const p of [...a, other]) writePoint(repo, p);
    const r = await admin(repo, 'nova', '--nova-inst-id', IMG1, '--keep-last', '1');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/nova: removed 2 restore point\(s\), [\d.]+ \w*B freed; 1 kept/);
    expect(gone(repo, a[0] as StockCloudPoint)).toBe(true);
    expect(gone(repo, a[1] as StockCloudPoint)).toBe(true);
    expect(whole(repo, a[2] as StockCloudPoint)).toBe(true);
    expect(whole(repo, other)).toBe(true);
  });

  it('nova --project-id: each instance of the stored list under its own backup name', async () => {
    const repo = newRepo();
    put(repo, 'project_p1', JSON.stringify([IMG1, IMG2]));
    const a = [ago(40), ago(1)].map((t) => point('nova', IMG1, t, `h_n_${IMG1}`));
    const b = [ago(50), ago(45)].map((t) => point('nova', IMG2, t, `h_n_${IMG2}`));
    for (const p of [...a, ...b]) writePoint(repo, p);
    const r = await admin(repo, 'nova', '--project-id', 'p1', '--remove-older-than', '30');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /nova: removed 1 restore point\(s\)[^\n]*; 1 kept\n[^]*nova: removed 2 restore point/,
    );
    for (const p of [a[0], ...b]) expect(gone(repo, p as StockCloudPoint)).toBe(true);
    expect(whole(repo, a[1] as StockCloudPoint)).toBe(true);
    const missing = await admin(newRepo(), 'nova', '--project-id', 'p1', '--remove-older-than', '30');
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/no instance list project_p1/);
  });

  it('cinder: our points with their stock folder go; the stock agent’s own (no record of ours) stay', async () => {
    const repo = newRepo();
    const old = point('cinder', VOL, ago(40));
    const recent = point('cinder', VOL, ago(3));
    for (const p of [old, recent]) writePoint(repo, p);
    const stockTs = ago(45);
    put(repo, `${VOL}/${stockTs}/${VOL}`, 'y'.repeat(10));
    put(repo, `${VOL}/${stockTs}/metadata`, JSON.stringify({ 'x-object-meta-length': '10' }));
    const date = new Date(ago(10) * 1000).toISOString().slice(0, 19) + 'Z';
    const r = await admin(repo, 'cinder', '--cinder-vol-id', VOL, '--remove-from-date', date);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/cinder: removed 1 restore point\(s\)/);
    expect(gone(repo, old)).toBe(true);
    expect(existsSync(join(repo, `${VOL}/${old.timestamp}`))).toBe(false);
    expect(whole(repo, recent)).toBe(true);
    expect(existsSync(join(repo, `${VOL}/${stockTs}/${VOL}`))).toBe(true);
  });

  it('removes the metadata object before the data, so a half-removed point is never listed', async () => {
    const repo = newRepo();
    const p = point('glance', IMG1, ago(40));
    writePoint(repo, p);
    writePoint(repo, point('glance', IMG1, ago(1)));
    const removed: string[] = [];
    const inner = await openStorage({ type: 'local', container: repo });
    const storage = new (class extends DelegatingStorage {
      override remove(prefix: string): Promise<void> {
        removed.push(prefix);
        return super.remove(prefix);
      }
    })(inner);
    const parsed = parseAgentOptions(
      ['--action', 'admin', '--mode', 'glance', '--hostname', 'h', '-N', 'n', '--remove-older-than', '30'],
      repo,
    );
    if (parsed.kind !== 'run') throw new Error('not a run');
    const o = parsed.options;
    const out = { write: () => true };
    const outcome = await runCloudAdmin(o, storage, new Logger({ quiet: true, stderr: process.stderr }), out);
    expect(outcome.removed.map((x) => x.timestamp)).toEqual([p.timestamp]);
    expect(removed[0]).toBe(cloudMetadataPath(p));
    expect(removed.slice(1)).toEqual([
      `metadata/glance/h_n/${IMG1}/${p.levelZeroTs}/`,
      `data/glance/h_n/${IMG1}/${p.levelZeroTs}/`,
    ]);
    await storage.close();
  });
});
