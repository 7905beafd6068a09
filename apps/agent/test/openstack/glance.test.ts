// The agent's --mode glance against the real cloud (the `openstack` project's globalSetup started it):
// an image backed up through the codec, deleted, restored as a new image with the same bytes.
// Storage: local, and the cloud's real Swift, whose proxy validates the same Keystone's tokens.
import {
  type OpenStackSession,
  createImage,
  deleteImage,
  downloadImage,
  getImage,
  openSession,
  uploadImage,
  waitForImage,
} from '@freezer/openstack';
import { type Cloud, cloudAt } from '@freezer/testkit';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAgent, expectNoSuchName } from './cloud-agent.js';
import { dropSwiftContainer, freshProject, swiftText } from './cloud-objects.js';

let cloud: Cloud;
let s: OpenStackSession;
let work: string;
const made: string[] = [];
/** This run's container on the cloud's Swift (which outlives the run): dropped in afterAll. */
const CONTAINER = `fz-glance-${process.pid}`;

const agent = (args: string[]) => runAgent(cloud, cloud.demo, work, args);

async function bytesOf(id: string, session = s): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of await downloadImage(session, id)) parts.push(Buffer.from(chunk));
  return Buffer.concat(parts);
}

beforeAll(async () => {
  cloud = cloudAt();
  s = await openSession(cloud.osEnv(cloud.demo));
  work = mkdtempSync(join(tmpdir(), 'fz-glance-'));
});

afterAll(async () => {
  for (const id of made) await deleteImage(s, id).catch(() => undefined);
  await dropSwiftContainer(cloud, cloud.demo, `freezer_${CONTAINER}`);
  rmSync(work, { recursive: true, force: true });
});

describe('--mode glance', () => {
  /** Backs up a random image to `storage`, deletes it, restores it: the new image has its bytes. */
  async function roundTrip(storage: string[], by: 'id' | 'name'): Promise<void> {
    const payload = randomBytes(3 * 1024 * 1024 + 12345);
    const image = await createImage(s, {
      name: `fz-glance-${process.pid}`,
      disk_format: 'raw',
      container_format: 'bare',
    });
    made.push(image.id);
    await uploadImage(s, image.id, [payload]);
    const active = await waitForImage(s, image.id);
    expect(active.checksum).toBe(createHash('md5').update(payload).digest('hex'));

    const backup = await agent([
      '--action',
      'backup',
      '--mode',
      'glance',
      ...(by === 'id' ? ['--glance-image-id', image.id] : ['--glance-image-name', image.name ?? '']),
      ...storage,
    ]);
    expect(backup.out).not.toMatch(/ERROR/);
    if (by === 'name') expect(backup.out).toContain(`the Glance image named "${image.name}" is ${image.id}`);
    expect(backup.code).toBe(0);

    await deleteImage(s, image.id);
    const restore = await agent(['--action', 'restore', '--mode', 'glance', ...storage]);
    expect(restore.code).toBe(0);
    const newId = /as image ([0-9a-f-]{36})/.exec(restore.out)?.[1];
    expect(newId).toBeDefined();
    made.push(newId ?? '');
    expect(newId).not.toBe(image.id);
    const restored = await getImage(s, newId ?? '');
    expect(restored.name).toBe(image.name);
    expect(restored.disk_format).toBe('raw');
    expect((await bytesOf(newId ?? '')).equals(payload)).toBe(true);
  }

  it('backs up an image (chosen by --glance-image-name) to local storage, and restores it as a new image with equal bytes after the original is deleted', () =>
    roundTrip(['--storage', 'local', '--container', join(work, 'store'), '--backup-name', 'img'], 'name'));

  it("the same with the cloud's Swift behind the same Keystone (keystoneauth), the agent logging in with OS_*", async () => {
    await roundTrip(['--storage', 'swift', '--container', CONTAINER, '--backup-name', 'img-swift'], 'id');
    // The stock rule: freezer_ is prefixed to the container name; it is in the demo project's account.
    expect(await swiftText(cloud, cloud.demo, `freezer_${CONTAINER}`)).toContain('img-swift');
  });

  it('--project-id backs up every image the project owns and restores them all; --glance-image-name-filter backs up those without the text', async () => {
    // A project of its own: its listing is exactly the images made here.
    const project = await freshProject(cloud, cloud.demo, `fz-glance-proj-${process.pid}`);
    const { OS_PROJECT_NAME: _, ...demoEnv } = cloud.osEnv(cloud.demo);
    const ps = await openSession({ ...demoEnv, OS_PROJECT_ID: project.id });
    const inProject: string[] = [];
    try {
      const payloads = new Map<string, Buffer>();
      const names = new Map<string, string>();
      for (const name of ['keep-a', 'keep-b', 'skip-c']) {
        const image = await createImage(ps, {
          name: `fz-gp-${name}`,
          disk_format: 'raw',
          container_format: 'bare',
        });
        inProject.push(image.id);
        payloads.set(image.id, randomBytes(512 * 1024 + payloads.size));
        names.set(image.id, image.name ?? '');
        await uploadImage(ps, image.id, [payloads.get(image.id) as Buffer]);
        await waitForImage(ps, image.id);
      }
      const ids = [...payloads.keys()];
      const backedUp = (out: string) =>
        [...out.matchAll(/glance: backing up image ([0-9a-f-]{36})/g)].map((m) => m[1]).sort();
      const project_ = ['--mode', 'glance', '--project-id', project.id];

      // The stock filter drops the images whose name contains the text.
      const filterStore = join(work, 'gp-filter');
      const filtered = await agent([
        '--action',
        'backup',
        ...project_,
        '--glance-image-name-filter',
        'skip',
        '--storage',
        'local',
        '--container',
        filterStore,
        '--backup-name',
        'f',
      ]);
      expect(filtered.code).toBe(0);
      expect(backedUp(filtered.out)).toEqual(ids.slice(0, 2).sort());
      expect(existsSync(join(filterStore, `project_glance_${project.id}`))).toBe(false);

      const store = join(work, 'gp');
      const storage = ['--storage', 'local', '--container', store, '--backup-name', 'p'];
      const backup = await agent(['--action', 'backup', ...project_, ...storage]);
      expect(backup.out).not.toMatch(/ERROR/);
      expect(backup.code).toBe(0);
      expect(backedUp(backup.out)).toEqual([...ids].sort());
      // As the stock agent: the JSON list of the project's image ids at the container's root.
      const list = JSON.parse(readFileSync(join(store, `project_glance_${project.id}`), 'utf8')) as string[];
      expect([...list].sort()).toEqual([...ids].sort());

      for (const id of ids) await deleteImage(ps, id);
      const restore = await agent(['--action', 'restore', ...project_, ...storage]);
      expect(restore.code).toBe(0);
      const restored = [...restore.out.matchAll(/restored image ([0-9a-f-]{36}) as image ([0-9a-f-]{36})/g)];
      for (const [, , now = ''] of restored) inProject.push(now);
      expect(restored.map((m) => m[1]).sort()).toEqual([...ids].sort());
      for (const [, was = '', now = ''] of restored) {
        expect((await getImage(ps, now)).name).toBe(names.get(was));
        expect((await bytesOf(now, ps)).equals(payloads.get(was) as Buffer)).toBe(true);
      }
    } finally {
      for (const id of inProject) await deleteImage(ps, id).catch(() => undefined);
      await project.remove();
    }
  });

  it('an unknown image id is one clear line and exit 1; no image id is a usage error', async () => {
    const storage = ['--storage', 'local', '--container', join(work, 'store2'), '--backup-name', 'none'];
    const unknown = await agent([
      '--action',
      'backup',
      '--mode',
      'glance',
      '--glance-image-id',
      '00000000-0000-4000-8000-000000000000',
      ...storage,
    ]);
    expect(unknown.code).toBe(1);
    expect(unknown.out).toContain('no Glance image 00000000-0000-4000-8000-000000000000');
    expect(unknown.out).not.toMatch(/\n\s+at /);
    await expectNoSuchName(
      cloud,
      work,
      { mode: 'glance', flag: '--glance-image-name', what: 'Glance image' },
      storage,
    );
    const usage = await agent(['--action', 'backup', '--mode', 'glance', ...storage]);
    expect(usage.code).toBe(2);
    expect(usage.out).toContain('--mode glance needs --glance-image-id');
  });
});
