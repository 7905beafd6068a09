// What the tests of the OpenStack modes make and check in the cloud: a base image and instances, the
// containers they store in on the cloud's Swift, and the temporary objects a backup may leave (by name).
import {
  type OpenStackSession,
  createImage,
  createServer,
  imagesNamed,
  openSession,
  snapshotsNamed,
  uploadImage,
  volumesNamed,
  waitForImage,
  waitForServer,
} from '@freezer/openstack';
import { type Cloud, type CloudUser, waitFor } from '@freezer/testkit';
import { randomBytes, randomUUID } from 'node:crypto';

/** A small raw image to boot instances from (the test virt driver copies it into the instance's disk). */
export async function baseImage(s: OpenStackSession, name: string): Promise<string> {
  const image = await createImage(s, { name, disk_format: 'raw', container_format: 'bare' });
  await uploadImage(s, image.id, [randomBytes(1024 * 1024)]);
  await waitForImage(s, image.id);
  return image.id;
}

/** An ACTIVE instance of flavor 1 booted from `imageRef`. */
export async function bootServer(
  s: OpenStackSession,
  name: string,
  imageRef: string,
  metadata: Record<string, string> = {},
): Promise<string> {
  const vm = await createServer(s, { name, imageRef, flavorRef: '1', metadata });
  await waitForServer(s, vm.id);
  return vm.id;
}

/** Ids of the images, volumes and snapshots named `name` that are not gone yet (deleting counts). */
export async function objectsNamed(s: OpenStackSession, name: string): Promise<string[]> {
  const [images, volumes, snapshots] = await Promise.all([
    imagesNamed(s, name),
    volumesNamed(s, name),
    snapshotsNamed(s, name),
  ]);
  return [
    ...images.map((i) => `image ${i.id} ${i.status}`),
    ...volumes.map((v) => `volume ${v.id} ${v.status}`),
    ...snapshots.map((v) => `snapshot ${v.id} ${v.status}`),
  ];
}

/** Waits until nothing named `name` is left (Cinder deletes volumes and snapshots in the background). */
export async function waitNothingNamed(s: OpenStackSession, name: string): Promise<void> {
  let left: string[] = [];
  await waitFor(
    `no object named ${name}`,
    async () => (left = await objectsNamed(s, name)).length === 0,
    120_000,
    1000,
  ).catch(() => {
    throw new Error(`still in the cloud: ${left.join(', ')}`);
  });
}

/**
 * Waits until a backup of a volume in use has made its three temporary objects named `name`: the image
 * comes last, once the snapshot and the volume made from it exist (Cinder then uploads that volume).
 */
export async function waitForTemporaries(s: OpenStackSession, name: string): Promise<string[]> {
  return waitFor(
    'the temporary objects',
    async () => {
      const objects = await objectsNamed(s, name);
      return objects.some((o) => o.startsWith('image')) ? objects : undefined;
    },
    300_000,
    500,
  );
}

/**
 * Deletes a Swift container of the catalog's Swift (the cloud's own, behind its Keystone) with every
 * object in it, as `user`: the cloud's Swift outlives a test run, so each run stores in containers of
 * its own and drops them after.
 */
export async function dropSwiftContainer(cloud: Cloud, user: CloudUser, container: string): Promise<void> {
  const s = await openSession(cloud.osEnv(user));
  const gone = { accept: [404] };
  for (;;) {
    const res = await s.request('object-store', 'GET', `/${container}?format=json&limit=1000`, gone);
    const text = res.status === 404 ? '' : await res.text();
    const names = text === '' ? [] : (JSON.parse(text) as { name: string }[]).map((o) => o.name);
    if (names.length === 0) break;
    for (const n of names)
      await s.request('object-store', 'DELETE', `/${container}/${encodeURIComponent(n)}`, gone);
  }
  await s.request('object-store', 'DELETE', `/${container}`, gone);
}

/** An object's text read from the catalog's Swift with a fresh token of `user` (the path under the account). */
export async function swiftText(cloud: Cloud, user: CloudUser, path: string): Promise<string> {
  const s = await openSession(cloud.osEnv(user));
  return (await s.request('object-store', 'GET', `/${path}`)).text();
}

/**
 * A new project in the cloud's Keystone in which `user` is a member, made by its admin: a project no
 * other test lists; returns its id and its removal.
 */
export async function freshProject(
  cloud: Cloud,
  user: CloudUser,
  name: string,
): Promise<{ id: string; remove(): Promise<void> }> {
  const admin = await openSession(cloud.osEnv(cloud.admin));
  const idOf = async (what: string, query: string) => {
    const found = await admin.json<Record<string, { id: string }[]>>('identity', 'GET', `/${what}?${query}`);
    const id = found[what]?.[0]?.id;
    if (!id) throw new Error(`no Keystone ${what} for ${query}`);
    return id;
  };
  const body = { project: { name, domain_id: 'default', description: 'a freezer test' } };
  const { project } = await admin.json<{ project: { id: string } }>('identity', 'POST', '/projects', body);
  const userId = await idOf('users', `name=${encodeURIComponent(user.username)}`);
  const roleId = await idOf('roles', 'name=member');
  await admin.request('identity', 'PUT', `/projects/${project.id}/users/${userId}/roles/${roleId}`);
  return {
    id: project.id,
    remove: async () => {
      await admin.request('identity', 'DELETE', `/projects/${project.id}`, { accept: [404] });
    },
  };
}

/** The volume API version of Cinder's attachments API (3.27+; 3.44 for `os-complete`). */
export const ATTACH_API = { 'OpenStack-API-Version': 'volume 3.54' };

/**
 * Attaches a volume through Cinder's attachments API, as Nova would, without a server: Cinder then says
 * `in-use`. Returns the attachment's id (deleting it detaches the volume).
 */
export async function attachWithoutServer(s: OpenStackSession, volumeId: string): Promise<string> {
  const connector = {
    host: 'localhost',
    ip: '127.0.0.1',
    platform: 'x86_64',
    os_type: 'linux',
    multipath: false,
  };
  const body = { attachment: { volume_uuid: volumeId, instance_uuid: randomUUID(), connector, mode: 'rw' } };
  const made = await s.json<{ attachment: { id: string } }>(
    'volumev3',
    'POST',
    '/attachments',
    body,
    ATTACH_API,
  );
  const complete = `/attachments/${made.attachment.id}/action`;
  await s.json('volumev3', 'POST', complete, { 'os-complete': null }, ATTACH_API);
  return made.attachment.id;
}
