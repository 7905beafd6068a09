// The agent's --mode nova against the real cloud: an instance (its disk rewritten through the test
// driver's file, so the snapshot differs from the image it booted from) backed up through a Nova
// snapshot, deleted, and restored: a new instance boots from an image with the snapshot's bytes;
// SIGTERM mid-backup leaves no snapshot image; --project-id backs up and restores a whole project.
// Storage: local, and a real Swift behind the same Keystone for the project.
import {
  type OpenStackSession,
  createImage,
  createServer,
  createSnapshot,
  createVolume,
  deleteImage,
  deleteServer,
  deleteVolumeWhenIdle,
  imagesNamed,
  openSession,
  snapshotsNamed,
  uploadImage,
  volumesNamed,
  waitForImage,
  waitForServer,
  waitForSnapshot,
  waitForVolume,
} from '@freezer/openstack';
import { type Cloud, cloudAt, waitFor } from '@freezer/testkit';
import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  createReadStream,
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoSuchName, runAgent, startAgent, termWhen } from './cloud-agent.js';
import { baseImage, bootServer, dropSwiftContainer, swiftText, waitNothingNamed } from './cloud-objects.js';

let cloud: Cloud;
let s: OpenStackSession;
let work: string;
const servers: string[] = [];
const images: string[] = [];
const altServers: string[] = [];
const altImages: string[] = [];
const volumes: string[] = [];
/** This run's container on the cloud's Swift (which outlives the run): dropped in afterAll. */
const CONTAINER = `fz-nova-${process.pid}`;

const agent = (args: string[]) => runAgent(cloud, cloud.demo, work, args);
const diskOf = (id: string) => join(cloud.paths.instances, id, 'disk');
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function fileSha256(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/**
 * An ACTIVE instance booted from a new 1 GiB volume whose first 2 MiB are random (written through the
 * Cinder test driver's file); returns the instance, the volume and the volume's sha256.
 */
async function volumeBootedServer(name: string): Promise<{ vm: string; volume: string; sum: string }> {
  const volume = await createVolume(s, { size: 1, name });
  volumes.push(volume.id);
  await waitForVolume(s, volume.id);
  await s.json('volumev3', 'POST', `/volumes/${volume.id}/action`, {
    'os-set_bootable': { bootable: true },
  });
  const file = join(cloud.paths.volumes, `volume-${volume.id}`);
  const fd = openSync(file, 'r+');
  writeSync(fd, randomBytes(2 * 1024 * 1024), 0, 2 * 1024 * 1024, 0);
  closeSync(fd);
  const mapping = { boot_index: 0, uuid: volume.id, source_type: 'volume', destination_type: 'volume' };
  const body = { server: { name, flavorRef: '1', networks: 'none', block_device_mapping_v2: [mapping] } };
  const { server } = await s.json<{ server: { id: string } }>('compute', 'POST', '/servers', body, {
    'OpenStack-API-Version': 'compute 2.45',
  });
  servers.push(server.id);
  await waitForServer(s, server.id);
  return { vm: server.id, volume: volume.id, sum: await fileSha256(file) };
}

/** Deletes the instance, restores the backup in `storage`: the new instance's id (a new one). */
async function deleteAndRestore(vm: string, storage: string[]): Promise<string> {
  await deleteServer(s, vm);
  await waitFor('the instance to go', () => !existsSync(diskOf(vm)), 300_000, 1000);
  const restore = await agent(['--action', 'restore', '--mode', 'nova', ...storage]);
  expect(restore.code).toBe(0);
  const [, newVm = '', image = ''] =
    /as instance ([0-9a-f-]{36}) from image ([0-9a-f-]{36})/.exec(restore.out) ?? [];
  servers.push(newVm);
  images.push(image);
  expect(newVm).not.toBe('');
  expect(newVm).not.toBe(vm);
  return newVm;
}

/** Nothing the backup of `vm` made is left: its images, volumes, snapshots, and Nova's snapshots. */
async function nothingLeftOf(vm: string): Promise<void> {
  const temp = `freezer-tmp-nova-${vm}`;
  await waitNothingNamed(s, temp);
  await waitFor(
    'no Nova snapshot left',
    async () => (await snapshotsNamed(s, `snapshot for ${temp}`)).length === 0,
    120_000,
    1000,
  );
}

beforeAll(async () => {
  cloud = cloudAt();
  s = await openSession(cloud.osEnv(cloud.demo));
  work = mkdtempSync(join(tmpdir(), 'fz-nova-'));
});

afterAll(async () => {
  for (const id of servers) await deleteServer(s, id).catch(() => undefined);
  for (const id of images) await deleteImage(s, id).catch(() => undefined);
  for (const id of volumes) await deleteVolumeWhenIdle(s, id).catch(() => undefined);
  if (altServers.length + altImages.length > 0) {
    const alt = await openSession(cloud.osEnv(cloud.alt));
    for (const id of altServers) await deleteServer(alt, id).catch(() => undefined);
    for (const id of altImages) await deleteImage(alt, id).catch(() => undefined);
  }
  await dropSwiftContainer(cloud, cloud.alt, `freezer_${CONTAINER}`);
  rmSync(work, { recursive: true, force: true });
});

/** Deletes the project's instances, restores the project, and checks each new instance's disk and metadata. */
async function restoreProject(
  alt: OpenStackSession,
  project: string[],
  storage: string[],
  disks: Map<string, Buffer>,
  tags: Map<string, string>,
): Promise<void> {
  for (const vm of disks.keys()) await deleteServer(alt, vm);
  for (const vm of disks.keys())
    await waitFor('the instance to go', () => !existsSync(diskOf(vm)), 300_000, 1000);
  const restore = await runAgent(cloud, cloud.alt, work, ['--action', 'restore', ...project, ...storage]);
  expect(restore.code).toBe(0);
  const restored = new Map<string, string>();
  for (const [, was = '', now = '', image = ''] of restore.out.matchAll(
    /restored instance ([0-9a-f-]{36}) as instance ([0-9a-f-]{36}) from image ([0-9a-f-]{36})/g,
  )) {
    restored.set(was, now);
    altServers.push(now);
    altImages.push(image);
  }
  expect([...restored.keys()].sort()).toEqual([...disks.keys()].sort());
  for (const [was, disk] of disks) {
    const now = restored.get(was) ?? '';
    expect(sha256(readFileSync(diskOf(now)))).toBe(sha256(disk));
    expect((await waitForServer(alt, now)).metadata).toEqual({ n: tags.get(was) });
  }
}

/**
 * SIGTERM while the project's first instance streams (throttled): its snapshot image is deleted, and
 * no other instance's backup starts.
 */
async function termProjectBackup(alt: OpenStackSession, vms: string[]): Promise<void> {
  const args = [
    '--action',
    'backup',
    '--mode',
    'nova',
    '--project-id',
    alt.projectId,
    '--upload-limit',
    '100K',
  ];
  const storage = ['--storage', 'local', '--container', join(work, 'project-term'), '--backup-name', 'pt'];
  const run = startAgent(cloud, cloud.alt, work, [...args, ...storage]);
  const temps = vms.map((vm) => `freezer-tmp-nova-${vm}`);
  await waitFor(
    'a snapshot to be streamed',
    async () => {
      for (const name of temps)
        if ((await imagesNamed(alt, name)).some((i) => i.status === 'active')) return true;
      return false;
    },
    300_000,
    500,
  );
  run.child.kill('SIGTERM');
  const ended = await run.done;
  expect(ended.signal).toBe('SIGTERM');
  expect(ended.out.match(/nova: backing up instance/g)).toHaveLength(1);
  for (const name of temps) expect(await imagesNamed(alt, name)).toEqual([]);
}

describe('--mode nova', () => {
  it('backs up an instance (by --nova-inst-name), and after it is deleted boots a new one from the snapshot bytes', async () => {
    const base = await createImage(s, {
      name: `fz-nova-base-${process.pid}`,
      disk_format: 'raw',
      container_format: 'bare',
    });
    images.push(base.id);
    await uploadImage(s, base.id, [randomBytes(2 * 1024 * 1024)]);
    await waitForImage(s, base.id);
    const vm = await createServer(s, {
      name: `fz-nova-${process.pid}`,
      imageRef: base.id,
      flavorRef: '1',
      metadata: { role: 'db' },
    });
    servers.push(vm.id);
    await waitForServer(s, vm.id);
    const disk = randomBytes(3 * 1024 * 1024);
    writeFileSync(diskOf(vm.id), disk);

    const storage = ['--storage', 'local', '--container', join(work, 'store'), '--backup-name', 'vm'];
    // By its name, as the stock --nova-inst-name: resolved to the one instance of that name.
    const byName = ['--nova-inst-name', `fz-nova-${process.pid}`];
    const backup = await agent(['--action', 'backup', '--mode', 'nova', ...byName, ...storage]);
    expect(backup.out).not.toMatch(/ERROR/);
    expect(backup.code).toBe(0);
    expect(backup.out).toContain(`the Nova instance named "fz-nova-${process.pid}" is ${vm.id}`);
    expect(await imagesNamed(s, `freezer-tmp-nova-${vm.id}`)).toEqual([]);

    const newVm = await deleteAndRestore(vm.id, storage);
    expect(sha256(readFileSync(diskOf(newVm)))).toBe(sha256(disk));
    const info = await waitForServer(s, newVm);
    expect(info.flavor.id).toBe('1');
    expect(info.metadata).toEqual({ role: 'db' });
  });

  it('SIGTERM while the snapshot streams leaves no snapshot image of the run', async () => {
    const base = await baseImage(s, `fz-nova-term-base-${process.pid}`);
    images.push(base);
    const vm = await bootServer(s, `fz-nova-term-${process.pid}`, base);
    servers.push(vm);
    writeFileSync(diskOf(vm), randomBytes(3 * 1024 * 1024));
    const temp = `freezer-tmp-nova-${vm}`;
    // 100 KB/s to the storage: the 3 MiB snapshot streams for about 30 s, time enough to stop it mid-way.
    const storage = ['--storage', 'local', '--container', join(work, 'term'), '--backup-name', 't'];
    const args = ['--action', 'backup', '--mode', 'nova', '--nova-inst-id', vm, '--upload-limit', '100K'];
    const ended = await termWhen(
      cloud,
      work,
      [...args, ...storage],
      'the snapshot to be streamed',
      async () => (await imagesNamed(s, temp)).some((i) => i.status === 'active'),
    );
    expect(ended.out).toMatch(/deleted temporary image/);
    expect(await imagesNamed(s, temp)).toEqual([]);
  });

  it('--project-id backs up every instance of the project, one backup each, and restores them all; SIGTERM stops it cleanly', async () => {
    // The alt project: no other test makes instances there, so the project is exactly these two.
    const alt = await openSession(cloud.osEnv(cloud.alt));
    const base = await baseImage(alt, `fz-nova-proj-base-${process.pid}`);
    altImages.push(base);
    const disks = new Map<string, Buffer>();
    const tags = new Map<string, string>();
    for (const n of [1, 2]) {
      const vm = await bootServer(alt, `fz-nova-proj${n}-${process.pid}`, base, { n: String(n) });
      altServers.push(vm);
      tags.set(vm, String(n));
      disks.set(vm, randomBytes(2 * 1024 * 1024));
      writeFileSync(diskOf(vm), disks.get(vm) as Buffer);
    }
    await termProjectBackup(alt, [...disks.keys()]);
    const storage = ['--storage', 'swift', '--container', CONTAINER, '--backup-name', 'proj'];
    const project = ['--mode', 'nova', '--project-id', alt.projectId];
    const backup = await runAgent(cloud, cloud.alt, work, ['--action', 'backup', ...project, ...storage]);
    expect(backup.out).not.toMatch(/ERROR/);
    expect(backup.code).toBe(0);
    // As the stock agent: the project's instance list at the container's root, one backup per instance.
    const list = await swiftText(cloud, cloud.alt, `freezer_${CONTAINER}/project_${alt.projectId}`);
    expect((JSON.parse(list) as string[]).sort()).toEqual([...disks.keys()].sort());
    await restoreProject(alt, project, storage, disks, tags);
  });

  it("an instance booted from a volume: a killed run's Nova snapshot swept, read as the stock agent does (Nova snapshot, a volume from it, an image), restored as a new instance from an image with the volume's bytes; nothing of the run is left", async () => {
    const { vm, volume, sum } = await volumeBootedServer(`fz-nova-bfv-${process.pid}`);
    // What a SIGKILLed backup leaves besides its images and volume: Nova's snapshot of the boot
    // volume, under the name Nova gives it (made here through Cinder's API, as Nova would).
    const left = `snapshot for freezer-tmp-nova-${vm}`;
    await waitForSnapshot(s, await createSnapshot(s, volume, left, true));
    const storage = ['--storage', 'local', '--container', join(work, 'bfv'), '--backup-name', 'bfv'];
    const backup = await agent(['--action', 'backup', '--mode', 'nova', '--nova-inst-id', vm, ...storage]);
    expect(backup.out).not.toMatch(/ERROR/);
    expect(backup.code).toBe(0);
    expect(backup.out).toContain(`(${left}) left by an interrupted backup`);
    expect(backup.out).toMatch(/boots from volume [0-9a-f-]{36}: reading its snapshot/);
    await nothingLeftOf(vm);

    const newVm = await deleteAndRestore(vm, storage);
    expect(await fileSha256(diskOf(newVm))).toBe(sum);
  });

  it('SIGTERM while a volume-booted instance is copied leaves no image, volume or snapshot of the run', async () => {
    const { vm } = await volumeBootedServer(`fz-nova-bfv-term-${process.pid}`);
    const temp = `freezer-tmp-nova-${vm}`;
    const storage = ['--storage', 'local', '--container', join(work, 'bfv-term'), '--backup-name', 't'];
    const args = ['--action', 'backup', '--mode', 'nova', '--nova-inst-id', vm, ...storage];
    // Once the volume made from Nova's snapshot exists, every kind of temporary object does.
    const ended = await termWhen(
      cloud,
      work,
      args,
      'the copy of the boot volume',
      async () => (await volumesNamed(s, temp)).length > 0,
    );
    expect(ended.out).toMatch(/deleted temporary snapshot/);
    await nothingLeftOf(vm);
  });

  it('an unknown instance id or name is one clear line and exit 1', async () => {
    const storage = ['--storage', 'local', '--container', join(work, 'none'), '--backup-name', 'n'];
    const args = [
      '--action',
      'backup',
      '--mode',
      'nova',
      '--nova-inst-id',
      '00000000-0000-4000-8000-000000000000',
    ];
    const r = await agent([...args, ...storage]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('no Nova instance 00000000-0000-4000-8000-000000000000');
    await expectNoSuchName(
      cloud,
      work,
      { mode: 'nova', flag: '--nova-inst-name', what: 'Nova instance' },
      storage,
    );
  });
});
