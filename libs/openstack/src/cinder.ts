import { OpenStackError } from './errors.js';
import type { OpenStackSession } from './session.js';
import { pollUntil } from './wait.js';

export interface CinderVolume {
  id: string;
  name: string | null;
  status: string;
  size: number;
  availability_zone?: string;
  volume_type?: string | null;
  bootable?: string;
  description?: string | null;
}

const VOLUME = 'volumev3';

export async function getVolume(s: OpenStackSession, id: string): Promise<CinderVolume> {
  try {
    return (await s.json<{ volume: CinderVolume }>(VOLUME, 'GET', `/volumes/${encodeURIComponent(id)}`))
      .volume;
  } catch (err) {
    if (err instanceof OpenStackError && err.status === 404)
      throw new OpenStackError(`no Cinder volume ${id}`, 404);
    throw err;
  }
}

/** Cinder's upload-to-image: a new Glance image with the volume's bytes; returns the image id. */
export async function uploadVolumeToImage(
  s: OpenStackSession,
  id: string,
  imageName: string,
): Promise<string> {
  const res = await s.json<{ 'os-volume_upload_image': { image_id: string } }>(
    VOLUME,
    'POST',
    `/volumes/${encodeURIComponent(id)}/action`,
    {
      'os-volume_upload_image': {
        image_name: imageName,
        disk_format: 'raw',
        container_format: 'bare',
        force: false,
      },
    },
  );
  return res['os-volume_upload_image'].image_id;
}

export async function createVolume(
  s: OpenStackSession,
  fields: {
    size: number;
    name: string;
    imageRef?: string;
    snapshot_id?: string;
    availability_zone?: string;
    volume_type?: string;
  },
): Promise<CinderVolume> {
  return (await s.json<{ volume: CinderVolume }>(VOLUME, 'POST', '/volumes', { volume: fields })).volume;
}

export async function deleteVolume(s: OpenStackSession, id: string): Promise<void> {
  await s.request(VOLUME, 'DELETE', `/volumes/${encodeURIComponent(id)}`, { accept: [404] });
}

/** Waits for `available` (fails on an error state or after `timeoutMs`). */
export function waitForVolume(s: OpenStackSession, id: string, timeoutMs = 900_000): Promise<CinderVolume> {
  const state = (v: CinderVolume) =>
    v.status === 'available' ? 'done' : v.status.startsWith('error') ? 'failed' : 'waiting';
  return pollUntil(`Cinder volume ${id}`, () => getVolume(s, id), state, timeoutMs);
}

/** The project's volumes with exactly this name (a `name` filter Cinder applies itself). */
export async function volumesNamed(s: OpenStackSession, name: string): Promise<CinderVolume[]> {
  const path = `/volumes/detail?name=${encodeURIComponent(name)}`;
  return (await s.json<{ volumes: CinderVolume[] }>(VOLUME, 'GET', path)).volumes;
}

/** A lookup's 404 as a resource in the pseudo-status `gone`, for waits that end when it is deleted. */
export function gone<T>(id: string): (err: unknown) => T {
  return (err) => {
    if (err instanceof OpenStackError && err.status === 404) return { id, status: 'gone' } as T;
    throw err;
  };
}

/** Statuses in which Cinder accepts a volume's deletion (anything else is busy or attached). */
const VOLUME_DELETABLE = new Set([
  'available',
  'error',
  'error_restoring',
  'error_extending',
  'error_managing',
]);

/**
 * Deletes a volume once Cinder lets it (a volume being created or uploaded cannot be deleted yet);
 * one that is gone or already deleting is fine.
 */
export async function deleteVolumeWhenIdle(
  s: OpenStackSession,
  id: string,
  timeoutMs = 600_000,
): Promise<void> {
  const settled = new Set([...VOLUME_DELETABLE, 'deleting', 'error_deleting', 'gone']);
  const state = (v: CinderVolume) => (settled.has(v.status) ? 'done' : 'waiting');
  const get = () => getVolume(s, id).catch(gone<CinderVolume>(id));
  const v = await pollUntil(`Cinder volume ${id}`, get, state, timeoutMs);
  if (VOLUME_DELETABLE.has(v.status)) await deleteVolume(s, id);
}
