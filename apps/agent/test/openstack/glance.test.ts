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
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAgent } from './cloud-agent.js';
import { dropSwiftContainer, swiftText } from './cloud-objects.js';

let cloud: Cloud;
let s: OpenStackSession;
let work: string;
const made: string[] = [];
/** This run's container on the cloud's Swift (which outlives the run): dropped in afterAll. */
const CONTAINER = `fz-glance-${process.pid}`;

const agent = (args: string[]) => runAgent(cloud, cloud.demo, work, args);

async function bytesOf(id: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of await downloadImage(s, id)) parts.push(Buffer.from(chunk));
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
  async function roundTrip(storage: string[]): Promise<void> {
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
      '--glance-image-id',
      image.id,
      ...storage,
    ]);
    expect(backup.out).not.toMatch(/ERROR/);
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

  it('backs up an image to local storage, and restores it as a new image with equal bytes after the original is deleted', () =>
    roundTrip(['--storage', 'local', '--container', join(work, 'store'), '--backup-name', 'img']));

  it("the same with the cloud's Swift behind the same Keystone (keystoneauth), the agent logging in with OS_*", async () => {
    await roundTrip(['--storage', 'swift', '--container', CONTAINER, '--backup-name', 'img-swift']);
    // The stock rule: freezer_ is prefixed to the container name; it is in the demo project's account.
    expect(await swiftText(cloud, cloud.demo, `freezer_${CONTAINER}`)).toContain('img-swift');
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
    const usage = await agent(['--action', 'backup', '--mode', 'glance', ...storage]);
    expect(usage.code).toBe(2);
    expect(usage.out).toContain('--mode glance needs --glance-image-id');
  });
});
