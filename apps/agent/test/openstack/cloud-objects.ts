// What the tests of the OpenStack modes make and check in the cloud: a base image and instances, a
// Swift behind the cloud's Keystone, and the temporary objects a backup may leave (by name).
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
import { type Cloud, type CloudUser, registerEndpoint, startSwift, waitFor } from '@freezer/testkit';
import { randomBytes } from 'node:crypto';

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
 * A real Swift whose proxy validates the cloud's Keystone tokens (authtoken + keystoneauth), put in
 * the catalog as `object-store`, so the agent finds it by logging in with OS_*; returns its cleanup.
 */
export async function swiftInCatalog(cloud: Cloud): Promise<() => Promise<void>> {
  const swift = await startSwift({
    keystone: {
      authUrl: cloud.authUrl,
      user: cloud.swift.username,
      password: cloud.swift.password,
      project: cloud.swift.project,
    },
  });
  try {
    await registerEndpoint(cloud, 'object-store', 'swift', `${swift.endpoint}/v1/AUTH_%(project_id)s`);
  } catch (err) {
    await swift.cleanup();
    throw err;
  }
  return () => swift.cleanup();
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
