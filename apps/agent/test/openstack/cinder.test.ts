// The agent's --mode cinder against the real cloud: a volume (distinct bytes written through the test
// driver's file) attached to an instance, backed up through a snapshot, a volume made from it and a
// temporary Glance image, and restored into a new volume with equal bytes; SIGTERM mid-backup leaves
// no snapshot, volume or image; a backup killed with SIGKILL leaves its temporary image, which the next
// run deletes. Storage: a real Swift behind the same Keystone (the volume in use), local (the others).
import {
  type OpenStackSession,
  createSnapshot,
  createVolume,
  deleteImage,
  deleteServer,
  deleteVolumeWhenIdle,
  getVolume,
  imagesNamed,
  openSession,
  waitForSnapshot,
  waitForVolume,
} from '@freezer/openstack';
import { type Cloud, cloudAt, waitFor } from '@freezer/testkit';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, mkdtempSync, openSync, closeSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAgent, startAgent, expectNoSuchName } from './cloud-agent.js';
import {
  baseImage,
  bootServer,
  dropSwiftContainer,
  swiftText,
  waitForTemporaries,
  waitNothingNamed,
} from './cloud-objects.js';

let cloud: Cloud;
let s: OpenStackSession;
let work: string;
/** This run's container on the cloud's Swift (which outlives the run): dropped in afterAll. */
const CONTAINER = `fz-cinder-${process.pid}`;
const made: string[] = [];
const servers: string[] = [];
const images: string[] = [];
const TEMP = (volumeId: string) => `freezer-tmp-cinder-${volumeId}`;

const agent = (args: string[]) => runAgent(cloud, cloud.demo, work, args);
const volumeFile = (id: string) => join(cloud.paths.volumes, `volume-${id}`);

async function sha256Of(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
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
  for (const id of servers) await deleteServer(s, id).catch(() => undefined);
  for (const id of images) await deleteImage(s, id).catch(() => undefined);
  for (const id of made) await deleteVolumeWhenIdle(s, id).catch(() => undefined);
  await dropSwiftContainer(cloud, cloud.demo, `freezer_${CONTAINER}`);
  rmSync(work, { recursive: true, force: true });
});

/** A volume with data attached to a new instance: Cinder says `in-use`. */
async function attachedVolume(name: string): Promise<{ id: string; server: string }> {
  const id = await volumeWithData(name);
  const image = await baseImage(s, `${name}-base`);
  images.push(image);
  const server = await bootServer(s, name, image);
  servers.push(server);
  await s.json('compute', 'POST', `/servers/${server}/os-volume_attachments`, {
    volumeAttachment: { volumeId: id },
  });
  await waitFor(
    'the volume to be attached',
    async () => (await getVolume(s, id)).status === 'in-use',
    120_000,
    1000,
  );
  return { id, server };
}

describe('--mode cinder', () => {
  let inUse: string;

  it('backs up a volume in use (attached) through a snapshot and a copy to Swift, and restores it with equal bytes', async () => {
    inUse = (await attachedVolume(`fz-cinder-inuse-${process.pid}`)).id;
    const want = await sha256Of(volumeFile(inUse));
    const storage = ['--storage', 'swift', '--container', CONTAINER, '--backup-name', 'att'];
    const args = ['--action', 'backup', '--mode', 'cinder', '--cinder-vol-id', inUse];
    const backup = await agent([...args, ...storage]);
    expect(backup.out).not.toMatch(/ERROR/);
    expect(backup.code).toBe(0);
    expect(backup.out).toMatch(/is in use: reading snapshot [0-9a-f-]{36} through volume [0-9a-f-]{36}/);
    await waitNothingNamed(s, TEMP(inUse));
    expect((await getVolume(s, inUse)).status).toBe('in-use');
    // The stored objects are in the demo project's Swift account, container freezer_<CONTAINER>, in the
    // stock agent's tree: the bytes under <volume id>/<ts>/, our record under metadata/cinder/<host>_att/.
    expect(await swiftText(cloud, cloud.demo, `freezer_${CONTAINER}?prefix=${inUse}/`)).toMatch(
      new RegExp(`^${inUse}/\\d+/${inUse}$`, 'm'),
    );
    expect(await swiftText(cloud, cloud.demo, `freezer_${CONTAINER}?prefix=metadata/cinder/`)).toContain(
      `_att/${inUse}/`,
    );

    const restore = await agent(['--action', 'restore', '--mode', 'cinder', ...storage]);
    expect(restore.code).toBe(0);
    const newId = /as volume ([0-9a-f-]{36})/.exec(restore.out)?.[1] ?? '';
    made.push(newId);
    expect(newId).not.toBe('');
    expect(await sha256Of(volumeFile(newId))).toBe(want);
  });

  it('SIGTERM mid-backup of a volume in use leaves no snapshot, volume or image of the run', async () => {
    const storage = ['--storage', 'local', '--container', join(work, 'term'), '--backup-name', 't'];
    const run = startAgent(cloud, cloud.demo, work, [
      '--action',
      'backup',
      '--mode',
      'cinder',
      '--cinder-vol-id',
      inUse,
      ...storage,
    ]);
    const seen = await waitForTemporaries(s, TEMP(inUse));
    expect(seen.map((o) => o.split(' ')[0]).sort()).toEqual(['image', 'snapshot', 'volume']);
    run.child.kill('SIGTERM');
    const ended = await run.done;
    expect(ended.signal).toBe('SIGTERM');
    expect(ended.out).toMatch(/interrupted: deleting the temporary cloud objects/);
    expect(ended.out).toMatch(/deleted temporary snapshot/);
    await waitNothingNamed(s, TEMP(inUse));
    expect((await getVolume(s, inUse)).status).toBe('in-use');
  });

  it('a backup killed mid-way leaves its temporary objects; the next run (by --cinder-vol-name) removes them and succeeds', async () => {
    const id = await volumeWithData(`fz-cinder-kill-${process.pid}`);
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
    // What a SIGKILLed backup of a volume in use leaves besides: its snapshot and the volume made from
    // it, under the same name (made here through the API, as that run would have).
    const snapshot = await createSnapshot(s, id, TEMP(id), true);
    await waitForSnapshot(s, snapshot);
    const copy = await createVolume(s, { size: 1, name: TEMP(id), snapshot_id: snapshot });
    made.unshift(copy.id);
    await waitForVolume(s, copy.id);

    // The next run names the volume as the stock --cinder-vol-name: resolved to the same id.
    const byName = ['--cinder-vol-name', `fz-cinder-kill-${process.pid}`];
    const next = await agent(['--action', 'backup', '--mode', 'cinder', ...byName, ...storage]);
    expect(next.code).toBe(0);
    expect(next.out).toContain(`the Cinder volume named "fz-cinder-kill-${process.pid}" is ${id}`);
    for (const kind of ['image', 'volume', 'snapshot'])
      expect(next.out).toMatch(
        new RegExp(`deleting ${kind} [0-9a-f-]{36} \\(${TEMP(id)}\\) left by an interrupted backup`),
      );
    await waitNothingNamed(s, TEMP(id));
  });

  it('an unknown volume id or name is one clear line and exit 1', async () => {
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
    await expectNoSuchName(
      cloud,
      work,
      { mode: 'cinder', flag: '--cinder-vol-name', what: 'Cinder volume' },
      storage,
    );
  });
});
