// The stock agent's object trees of the cloud modes (no cloud needed): the paths its code builds, what
// counts as a complete point, and that a backup whose check fails leaves nothing listed.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { decode, type StreamParams } from '@freezer/codec';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStorage, type BackupStorage } from '@freezer/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAgentOptions } from '../../src/cli/options.js';
import type { AgentOptions } from '../../src/agent-options.js';
import { Logger } from '../../src/logger.js';
import { writeStockCloudPoint } from '../../src/modes/stock-cloud-backup.js';
import { collectInfo } from '../../src/repository/info.js';
import {
  cloudDataPath,
  cloudEngineMetadataPath,
  cloudMetadataPath,
  listCloudPoints,
  listStockCinderPoints,
  parseCloudMetadataPath,
  type StockCloudPoint,
} from '../../src/modes/stock-cloud-layout.js';
import type { PreparedSource, StockCloudSource } from '../../src/modes/mode.js';

const IMG = '5c0e7a52-0000-4000-8000-000000000001';
const VOL = '5c0e7a52-0000-4000-8000-000000000002';
let dir: string;
let storage: BackupStorage;
const bytes = (text: string) => new TextEncoder().encode(text);
const quiet = new Logger({ quiet: true, stderr: process.stderr });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fz-stock-cloud-'));
  storage = await openStorage({ type: 'local', container: dir });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const point = (engine: StockCloudPoint['engine'], resource: string, ts: number): StockCloudPoint => ({
  engine,
  identity: 'h_n',
  resource,
  levelZeroTs: ts,
  level: 0,
  timestamp: ts,
});

describe('the stock trees', () => {
  it("glance and nova: storage/base.py's paths with hostname_backup_name = <host>_<name>/<id>", () => {
    const p = point('glance', IMG, 1700000000);
    expect(cloudMetadataPath(p)).toBe(`metadata/glance/h_n/${IMG}/1700000000/0_1700000000/metadata`);
    expect(cloudDataPath(p)).toBe(`data/glance/h_n/${IMG}/1700000000/0_1700000000/data`);
    expect(cloudEngineMetadataPath(p)).toBe(`data/glance/h_n/${IMG}/1700000000/0_1700000000/engine_metadata`);
    expect(parseCloudMetadataPath(cloudMetadataPath(p))).toEqual(p);
    expect(parseCloudMetadataPath(`metadata/tar/h_n/1700000000/0_1700000000/metadata`)).toBeUndefined();
  });

  it("cinder: backup_cinder_by_glance's <volume>/<ts>/<volume> and <volume>/<ts>/metadata", () => {
    const p = point('cinder', VOL, 1700000000);
    expect(cloudDataPath(p)).toBe(`${VOL}/1700000000/${VOL}`);
    expect(cloudEngineMetadataPath(p)).toBe(`${VOL}/1700000000/metadata`);
    expect(cloudMetadataPath(p)).toBe(`metadata/cinder/h_n/${VOL}/1700000000/0_1700000000/metadata`);
  });

  it('lists only points whose metadata exists, newest first; the stock cinder folders by the volume', async () => {
    for (const ts of [1700000001, 1700000003]) {
      await storage.putObject(cloudDataPath(point('nova', IMG, ts)), bytes('x'));
      await storage.putObject(cloudMetadataPath(point('nova', IMG, ts)), bytes('{}'));
    }
    await storage.putObject(
      cloudDataPath(point('nova', IMG, 1700000005)),
      bytes('no metadata: not complete'),
    );
    expect((await listCloudPoints(storage, 'nova', 'h_n')).map((p) => p.timestamp)).toEqual([
      1700000003, 1700000001,
    ]);
    expect(await listCloudPoints(storage, 'nova', 'h_n', 'other')).toEqual([]);
    expect(await listCloudPoints(storage, 'nova', 'h_other')).toEqual([]);

    await storage.putObject(cloudDataPath(point('cinder', VOL, 1700000010)), bytes('x'));
    await storage.putObject(cloudEngineMetadataPath(point('cinder', VOL, 1700000010)), bytes('{}'));
    await storage.putObject(
      cloudDataPath(point('cinder', VOL, 1700000020)),
      bytes('killed before its metadata'),
    );
    expect((await listStockCinderPoints(storage, 'h_n', VOL)).map((p) => p.timestamp)).toEqual([1700000010]);
  });
});

describe('writing a point', () => {
  function options(...more: string[]): AgentOptions {
    const parsed = parseAgentOptions(
      [
        '--action',
        'backup',
        '--mode',
        'glance',
        '--glance-image-id',
        IMG,
        '--storage',
        'local',
        '--container',
        dir,
        '--backup-name',
        'w',
        '--hostname',
        'h',
        ...more,
      ],
      dir,
    );
    if (parsed.kind !== 'run') throw new Error('not a run');
    return parsed.options;
  }
  const cloud: StockCloudSource = {
    engine: 'glance',
    resource: IMG,
    described: { image: { id: IMG, name: 'img' } },
    engineMetadata: { image_id: IMG },
    length: 11,
  };
  function source(verify?: () => Promise<void>): PreparedSource {
    async function* stream() {
      yield bytes('hello ');
      yield bytes('world');
    }
    return {
      source: { kind: 'stream', input: { format: 'glance-image', stream: stream(), describe: '{}' } },
      release: () => Promise.resolve(),
      ...(verify ? { verify } : {}),
    };
  }

  it('stores the raw bytes, then engine_metadata with the length, then the metadata with the stock keys', async () => {
    const outcome = await writeStockCloudPoint(options(), storage, quiet, source(), cloud);
    expect(outcome.point.identity).toBe(`h_w/${IMG}`);
    const [p] = await listCloudPoints(storage, 'glance', 'h_w', IMG);
    expect(p).toBeDefined();
    const at = (path: string) => readFileSync(join(dir, path), 'utf8');
    expect(at(cloudDataPath(p as StockCloudPoint))).toBe('hello world');
    expect(JSON.parse(at(cloudEngineMetadataPath(p as StockCloudPoint)))).toEqual({
      image_id: IMG,
      length: '11',
    });
    const meta = at(cloudMetadataPath(p as StockCloudPoint));
    expect(meta.trimEnd().split('\n')).toHaveLength(1); // the stock reads the first line only
    expect(JSON.parse(meta)).toMatchObject({ engine_name: 'glance', encryption: false, image: { id: IMG } });
  });

  it('a failing check (md5, length) leaves nothing listed and nothing stored', async () => {
    const before = await listCloudPoints(storage, 'glance', 'h_w', IMG);
    await expect(
      writeStockCloudPoint(
        options(),
        storage,
        quiet,
        source(() => Promise.reject(new Error('md5 differs'))),
        cloud,
      ),
    ).rejects.toThrow('md5 differs');
    await expect(
      writeStockCloudPoint(options(), storage, quiet, source(), { ...cloud, length: 12 }),
    ).rejects.toThrow('read 11 bytes, the image has 12');
    const after = await listCloudPoints(storage, 'glance', 'h_w', IMG);
    expect(after).toEqual(before);
    const newest = (before[0]?.timestamp ?? 0) + 1;
    expect(existsSync(join(dir, `data/glance/h_w/${IMG}/${newest}`))).toBe(false);
  });

  it('info lists the cloud points as <backup name>/<id>: ours with their record, the stock ones by their data', async () => {
    const rows = await collectInfo(storage, {});
    const ours = rows.filter((r) => r.name === `w/${IMG}`);
    expect(ours.length).toBeGreaterThan(0);
    expect(ours[0]).toMatchObject({ host: 'h', level: 0, size: 11, files: 1, encrypted: false });
    const stock = rows.filter((r) => r.name === `n/${IMG}`).map((r) => [r.timestamp, r.size]);
    expect(stock).toEqual([
      [1700000001, 1],
      [1700000003, 1],
    ]);
    expect((await collectInfo(storage, { backupName: 'w' })).every((r) => r.name === `w/${IMG}`)).toBe(true);
  });

  it('with --encrypt-pass-file the bytes are encrypted by our codec (the stock cannot read them), and decode back', async () => {
    const pass = join(dir, 'pass');
    writeFileSync(pass, 'secret\n');
    const o = options('--encrypt-pass-file', pass, '--backup-name', 'enc');
    await writeStockCloudPoint(o, storage, quiet, source(), cloud);
    const [p] = await listCloudPoints(storage, 'glance', 'h_enc', IMG);
    const stored = readFileSync(join(dir, cloudDataPath(p as StockCloudPoint)));
    expect(stored.includes(Buffer.from('hello world'))).toBe(false);
    const meta = JSON.parse(readFileSync(join(dir, cloudMetadataPath(p as StockCloudPoint)), 'utf8')) as {
      encryption: boolean;
      stream: StreamParams;
    };
    expect(meta.encryption).toBe(true);
    const parts: Uint8Array[] = [];
    async function* one() {
      yield new Uint8Array(stored);
    }
    for await (const chunk of decode(one(), meta.stream, new TextEncoder().encode('secret')))
      parts.push(chunk);
    expect(Buffer.concat(parts).toString()).toBe('hello world');
  });
});
