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
  fields: { size: number; name: string; imageRef?: string; availability_zone?: string; volume_type?: string },
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
