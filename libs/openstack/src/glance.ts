import { OpenStackError } from './errors.js';
import type { OpenStackSession } from './session.js';
import { pollUntil } from './wait.js';

/** The Glance v2 image fields a backup keeps to recreate the image. */
export interface GlanceImage {
  id: string;
  name: string | null;
  status: string;
  disk_format: string | null;
  container_format: string | null;
  size: number | null;
  checksum: string | null;
  min_disk?: number;
  min_ram?: number;
  /** Nova's snapshot of an instance booted from a volume: the JSON list of its volumes' snapshots. */
  block_device_mapping?: string;
}

export async function getImage(s: OpenStackSession, id: string): Promise<GlanceImage> {
  try {
    return await s.json<GlanceImage>('image', 'GET', `/v2/images/${encodeURIComponent(id)}`);
  } catch (err) {
    if (err instanceof OpenStackError && err.status === 404)
      throw new OpenStackError(`no Glance image ${id}`, 404);
    throw err;
  }
}

/** The image's bytes as a stream (Glance sends them as they are read from its store). */
export async function downloadImage(s: OpenStackSession, id: string): Promise<AsyncIterable<Uint8Array>> {
  const res = await s.request('image', 'GET', `/v2/images/${encodeURIComponent(id)}/file`, {
    timeoutMs: 24 * 3600_000,
  });
  if (res.status === 204 || !res.body) throw new OpenStackError(`Glance image ${id} has no data`);
  return res.body as unknown as AsyncIterable<Uint8Array>;
}

/** What a new image is made with. */
export interface ImageFields {
  name: string;
  disk_format: string;
  container_format: string;
  min_disk?: number;
  min_ram?: number;
}

export async function createImage(s: OpenStackSession, fields: ImageFields): Promise<GlanceImage> {
  return s.json<GlanceImage>('image', 'POST', '/v2/images', fields);
}

/** Streams the bytes into an image made by createImage (bounded memory: fetch pulls as it sends). */
export async function uploadImage(
  s: OpenStackSession,
  id: string,
  data: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
): Promise<void> {
  const body = ReadableStream.from(data);
  await s.request('image', 'PUT', `/v2/images/${encodeURIComponent(id)}/file`, {
    headers: { 'Content-Type': 'application/octet-stream' },
    body,
    timeoutMs: 24 * 3600_000,
  });
}

/** Deletes an image; one that is already gone is fine. */
export async function deleteImage(s: OpenStackSession, id: string): Promise<void> {
  await s.request('image', 'DELETE', `/v2/images/${encodeURIComponent(id)}`, { accept: [404] });
}

/** Waits until the image is `active` (fails on `killed`/`deleted`, or after `timeoutMs`). */
export function waitForImage(s: OpenStackSession, id: string, timeoutMs = 600_000): Promise<GlanceImage> {
  const state = (i: GlanceImage) =>
    i.status === 'active' ? 'done' : i.status === 'killed' || i.status === 'deleted' ? 'failed' : 'waiting';
  return pollUntil(`Glance image ${id}`, () => getImage(s, id), state, timeoutMs);
}

/** The project's images with exactly this name (Glance filters by name itself). */
export async function imagesNamed(s: OpenStackSession, name: string): Promise<GlanceImage[]> {
  const path = `/v2/images?limit=1000&name=${encodeURIComponent(name)}`;
  return (await s.json<{ images: GlanceImage[] }>('image', 'GET', path)).images;
}

/**
 * The active images a project owns, every page (Glance links the next one). Images of other projects
 * the session can see (public, shared) are not listed.
 */
export async function projectImages(s: OpenStackSession, owner: string): Promise<GlanceImage[]> {
  const images: GlanceImage[] = [];
  let path: string | undefined = `/v2/images?limit=500&status=active&owner=${encodeURIComponent(owner)}`;
  while (path) {
    const page: { images: GlanceImage[]; next?: string } = await s.json('image', 'GET', path);
    images.push(...page.images);
    path = page.next;
  }
  return images;
}
