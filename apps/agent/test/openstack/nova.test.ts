// The agent's --mode nova against the real cloud: an instance (its disk rewritten through the test
// driver's file, so the snapshot differs from the image it booted from) backed up through a Nova
// snapshot, deleted, and restored: a new instance boots from an image with the snapshot's bytes;
// SIGTERM mid-backup leaves no snapshot image; --project-id backs up and restores a whole project.
// Storage: local, and a real Swift behind the same Keystone for the project.
import {
  type OpenStackSession,
  createImage,
  createServer,
  deleteImage,
  deleteServer,
  imagesNamed,
  openSession,
  uploadImage,
  waitForImage,
  waitForServer,
} from '@freezer/openstack';
import { type Cloud, cloudAt, waitFor } from '@freezer/testkit';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAgent, startAgent } from './cloud-agent.js';
import { baseImage, bootServer, dropSwiftContainer, swiftText } from './cloud-objects.js';

let cloud: Cloud;
let s: OpenStackSession;
let work: string;
const servers: string[] = [];
const images: string[] = [];
const altServers: string[] = [];
const altImages: string[] = [];
/** This run's container on the cloud's Swift (which outlives the run): dropped in afterAll. */
const CONTAINER = `fz-nova-${process.pid}`;

const agent = (args: string[]) => runAgent(cloud, cloud.demo, work, args);
const diskOf = (id: string) => join(cloud.paths.instances, id, 'disk');
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

beforeAll(async () => {
  cloud = cloudAt();
  s = await openSession(cloud.osEnv(cloud.demo));
  work = mkdtempSync(join(tmpdir(), 'fz-nova-'));
});

afterAll(async () => {
  for (const id of servers) await deleteServer(s, id).catch(() => undefined);
  for (const id of images) await deleteImage(s, id).catch(() => undefined);
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
  it('backs up an instance, and after it is deleted boots a new one from the snapshot bytes', async () => {
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
    const backup = await agent(['--action', 'backup', '--mode', 'nova', '--nova-inst-id', vm.id, ...storage]);
    expect(backup.out).not.toMatch(/ERROR/);
    expect(backup.code).toBe(0);
    expect(await imagesNamed(s, `freezer-tmp-nova-${vm.id}`)).toEqual([]);

    await deleteServer(s, vm.id);
    await waitFor('the instance to go', () => !existsSync(diskOf(vm.id)), 300_000, 1000);
    const restore = await agent(['--action', 'restore', '--mode', 'nova', ...storage]);
    expect(restore.code).toBe(0);
    const [, newVm = '', image = ''] =
      /as instance ([0-9a-f-]{36}) from image ([0-9a-f-]{36})/.exec(restore.out) ?? [];
    servers.push(newVm);
    images.push(image);
    expect(newVm).not.toBe('');
    expect(newVm).not.toBe(vm.id);
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
    const run = startAgent(cloud, cloud.demo, work, [...args, ...storage]);
    await waitFor(
      'the snapshot to be streamed',
      async () => (await imagesNamed(s, temp)).some((i) => i.status === 'active'),
      300_000,
      500,
    );
    run.child.kill('SIGTERM');
    const ended = await run.done;
    expect(ended.signal).toBe('SIGTERM');
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

  it('an unknown instance is one clear line and exit 1', async () => {
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
  });
});
