// The agent's --mode cinder against the real cloud: a volume (distinct bytes written through the test
// driver's file) backed up through a temporary Glance image, restored into a new volume with equal
// bytes; a backup killed with SIGKILL leaves its temporary image, which the next run deletes.
// Storage: local (see docs/openstack.md).
import {
  type OpenStackSession,
  createVolume,
  deleteVolume,
  imagesNamed,
  openSession,
  waitForVolume,
} from '@freezer/openstack';
import { type Cloud, cloudAt, waitFor } from '@freezer/testkit';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, mkdtempSync, openSync, closeSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAgent, startAgent } from './cloud-agent.js';

let cloud: Cloud;
let s: OpenStackSession;
let work: string;
const made: string[] = [];
const TEMP = (volumeId: string) => `freezer-tmp-cinder-${volumeId}`;

const agent = (args: string[]) => runAgent(cloud, cloud.demo, work, args);
const volumeFile = (id: string) => join(cloud.paths.volumes, `volume-${id}`);

async function sha256Of(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

async function volumeIds(): Promise<string[]> {
  return (await s.json<{ volumes: { id: string }[] }>('volumev3', 'GET', '/volumes')).volumes.map(
    (v) => v.id,
  );
}

async function snapshotCount(): Promise<number> {
  return (await s.json<{ snapshots: unknown[] }>('volumev3', 'GET', '/snapshots')).snapshots.length;
}

/** A new 1 GiB volume whose first 2 MiB are random, written through the test driver's file. */
async function volumeWithData(name: string): Promise<string> {
  const v = await createVolume(s, { size: 1, name });
  made.push(v.id);
  await waitForVolume(s, v.id);
  const fd = openSync(volumeFile(v.id), 'r+');
  writeSync(fd, randomBytes(2 * 1024 * 1024), 0, 2 * 1024 * 1024, 0);
  closeSync(fd);
  return v.id;
}

beforeAll(async () => {
  cloud = cloudAt();
  s = await openSession(cloud.osEnv(cloud.demo));
  work = mkdtempSync(join(tmpdir(), 'fz-cinder-'));
});

afterAll(async () => {
  for (const id of made) await deleteVolume(s, id).catch(() => undefined);
  rmSync(work, { recursive: true, force: true });
});

describe('--mode cinder', () => {
  it('backs up a volume and restores it into a new volume with equal bytes', async () => {
    const id = await volumeWithData(`fz-cinder-${process.pid}`);
    const want = await sha256Of(volumeFile(id));
    const storage = ['--storage', 'local', '--container', join(work, 'store'), '--backup-name', 'vol'];
    const before = await volumeIds();

    const backup = await agent(['--action', 'backup', '--mode', 'cinder', '--cinder-vol-id', id, ...storage]);
    expect(backup.out).not.toMatch(/ERROR/);
    expect(backup.code).toBe(0);
    expect(await imagesNamed(s, TEMP(id))).toEqual([]);
    expect(await volumeIds()).toEqual(before);

    const restore = await agent(['--action', 'restore', '--mode', 'cinder', ...storage]);
    expect(restore.code).toBe(0);
    const newId = /as volume ([0-9a-f-]{36})/.exec(restore.out)?.[1] ?? '';
    made.push(newId);
    expect(newId).not.toBe('');
    expect(newId).not.toBe(id);
    expect(await sha256Of(volumeFile(newId))).toBe(want);
    expect(await imagesNamed(s, `freezer-restore-cinder-${id}`)).toEqual([]);
  });

  it('a backup killed mid-way leaves its temporary image; the next run removes it and succeeds', async () => {
    const id = await volumeWithData(`fz-cinder-kill-${process.pid}`);
    const snapshotsBefore = await snapshotCount();
    const storage = ['--storage', 'local', '--container', join(work, 'kill'), '--backup-name', 'k'];
    const args = ['--action', 'backup', '--mode', 'cinder', '--cinder-vol-id', id, ...storage];
    const run = startAgent(cloud, cloud.demo, work, args);
    await waitFor(
      'the temporary image',
      async () => (await imagesNamed(s, TEMP(id))).length > 0,
      300_000,
      1000,
    );
    run.child.kill('SIGKILL');
    await run.done;
    expect((await imagesNamed(s, TEMP(id))).length).toBe(1);
    await waitForVolume(s, id); // Cinder finishes its upload on its own

    const next = await agent(args);
    expect(next.code).toBe(0);
    expect(next.out).toContain('left by an interrupted backup');
    expect(await imagesNamed(s, TEMP(id))).toEqual([]);
    expect(await snapshotCount()).toBe(snapshotsBefore);
  });

  it('an unknown volume is one clear line and exit 1', async () => {
    const storage = ['--storage', 'local', '--container', join(work, 'none'), '--backup-name', 'n'];
    const r = await agent([
      '--action',
      'backup',
      '--mode',
      'cinder',
      '--cinder-vol-id',
      '00000000-0000-4000-8000-000000000000',
      ...storage,
    ]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('no Cinder volume 00000000-0000-4000-8000-000000000000');
  });
});
