import {
  type GlanceImage,
  type ImageFields,
  type OpenStackSession,
  createImage,
  deleteImage,
  downloadImage,
  uploadImage,
  waitForImage,
} from '@freezer/openstack';
import { createHash } from 'node:crypto';
import { AgentError } from '../errors.js';
import type { CloudTemporaries } from './cloud-temporaries.js';
import type { PreparedSource, StreamFormat } from './mode.js';

/**
 * An active image's bytes as a stream, hashed on the way; `verify` (after the data is stored) fails
 * the point when the md5 differs from Glance's checksum.
 */
export async function imageStream(
  s: OpenStackSession,
  image: GlanceImage,
): Promise<{ stream: AsyncIterable<Uint8Array>; verify(): Promise<void> }> {
  const md5 = createHash('md5');
  const body = await downloadImage(s, image.id);
  async function* hashed(): AsyncGenerator<Uint8Array> {
    for await (const chunk of body) {
      md5.update(chunk);
      yield chunk;
    }
  }
  return {
    stream: hashed(),
    verify() {
      const got = md5.digest('hex');
      if (image.checksum && got !== image.checksum) {
        return Promise.reject(
          new AgentError(`Glance image ${image.id}: read md5 ${got}, Glance says ${image.checksum}`),
        );
      }
      return Promise.resolve();
    },
  };
}

/**
 * A new image holding `data`, active, with the expected checksum when one is given; a half-made image
 * is deleted on any failure, so a failed restore leaves nothing behind.
 */
export async function imageFromStream(
  s: OpenStackSession,
  fields: ImageFields,
  data: AsyncIterable<Uint8Array>,
  checksum: string | null,
): Promise<GlanceImage> {
  const image = await createImage(s, fields);
  try {
    await uploadImage(s, image.id, data);
    const done = await waitForImage(s, image.id);
    if (checksum && done.checksum !== checksum) {
      throw new AgentError(`image ${image.id} has md5 ${done.checksum}, the backup's was ${checksum}`);
    }
    return done;
  } catch (err) {
    await deleteImage(s, image.id).catch(() => undefined);
    throw err;
  }
}

/**
 * A temporary image some service makes (Cinder's upload, Nova's snapshot), awaited and streamed; it is
 * one of `temps`, deleted when the backup ends, well or not (the caller releases them on a failure).
 */
export async function temporaryImageSource(
  s: OpenStackSession,
  temps: CloudTemporaries,
  make: () => Promise<string>,
): Promise<{
  image: GlanceImage;
  stream: AsyncIterable<Uint8Array>;
  verify(): Promise<void>;
  release(): Promise<void>;
}> {
  const imageId = await temps.create('image', make);
  const image = await waitForImage(s, imageId);
  return { image, ...(await imageStream(s, image)), release: () => temps.release() };
}

/**
 * The point source of an image's bytes (Glance, Cinder, Nova): `record`, stored as JSON in the point's
 * data_source, is what restore needs to recreate the image, volume or instance.
 */
export function imagePointSource(
  format: StreamFormat,
  image: { stream: AsyncIterable<Uint8Array>; verify(): Promise<void>; release(): Promise<void> },
  record: object,
): PreparedSource {
  return {
    source: { kind: 'stream', input: { format, stream: image.stream, describe: JSON.stringify(record) } },
    verify: image.verify,
    release: image.release,
  };
}

/** The record a cloud point stored at backup; `missing` says which ("this nova backup has no instance record"). */
export function readPointRecord<T>(source: string | undefined, missing: string): T {
  try {
    return JSON.parse(source ?? '') as T;
  } catch {
    throw new AgentError(`${missing}: it cannot be restored`);
  }
}
