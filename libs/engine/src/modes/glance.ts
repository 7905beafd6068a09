import {
  type GlanceImage,
  createImage,
  deleteImage,
  downloadImage,
  getImage,
  openSession,
  uploadImage,
  waitForImage,
} from '@freezer/openstack';
import { createHash } from 'node:crypto';
import { AgentError } from '../errors.js';
import type { AgentOptions } from '../agent-options.js';
import type { Logger } from '../logger.js';
import type { BackupMode, PreparedSource, StreamRestorer } from './mode.js';

/** What a glance point records (in data_source, as JSON) to recreate the image. */
interface ImageRecord {
  id: string;
  name: string | null;
  disk_format: string | null;
  container_format: string | null;
  checksum: string | null;
  min_disk?: number;
  min_ram?: number;
}

function record(image: GlanceImage): ImageRecord {
  const { id, name, disk_format, container_format, checksum, min_disk, min_ram } = image;
  return { id, name, disk_format, container_format, checksum, min_disk, min_ram };
}

/**
 * The stock `--mode glance --glance-image-id`: the image's bytes streamed from Glance through the codec
 * (no temp file), its format and name recorded beside them. The bytes' md5 must equal Glance's
 * checksum, else the point is discarded.
 */
export const glanceMode: BackupMode = {
  name: 'glance',
  async prepare(o: AgentOptions, log: Logger): Promise<PreparedSource> {
    const id = o.modes.glanceImageId as string;
    const s = await openSession(process.env);
    const image = await getImage(s, id);
    if (image.status !== 'active') throw new AgentError(`Glance image ${id} is ${image.status}, not active`);
    log.info(`glance: image ${image.name ?? ''} (${id}), ${image.size ?? '?'} bytes`);
    const md5 = createHash('md5');
    const body = await downloadImage(s, id);
    async function* hashed(): AsyncGenerator<Uint8Array> {
      for await (const chunk of body) {
        md5.update(chunk);
        yield chunk;
      }
    }
    return {
      source: {
        kind: 'stream',
        input: { format: 'glance-image', stream: hashed(), describe: JSON.stringify(record(image)) },
      },
      verify() {
        const got = md5.digest('hex');
        if (image.checksum && got !== image.checksum) {
          return Promise.reject(
            new AgentError(`Glance image ${id}: read md5 ${got}, Glance says ${image.checksum}`),
          );
        }
        return Promise.resolve();
      },
      release: () => Promise.resolve(),
    };
  },
};

function parseRecord(source: string | undefined): ImageRecord {
  try {
    return JSON.parse(source ?? '') as ImageRecord;
  } catch {
    return { id: '', name: null, disk_format: null, container_format: null, checksum: null };
  }
}

/**
 * Restore creates a new image (the backup's name, format and minimums) and streams the bytes into it;
 * if the upload fails the half-made image is deleted, so nothing is left behind.
 */
export const glanceRestorer: StreamRestorer = {
  format: 'glance-image',
  async restore(_o, data, log, source) {
    const was = parseRecord(source);
    const s = await openSession(process.env);
    const image = await createImage(s, {
      name: was.name ?? `restore-of-${was.id}`,
      disk_format: was.disk_format ?? 'raw',
      container_format: was.container_format ?? 'bare',
      ...(was.min_disk ? { min_disk: was.min_disk } : {}),
      ...(was.min_ram ? { min_ram: was.min_ram } : {}),
    });
    try {
      await uploadImage(s, image.id, data);
      const done = await waitForImage(s, image.id);
      if (was.checksum && done.checksum !== was.checksum) {
        throw new AgentError(
          `restored image ${image.id} has md5 ${done.checksum}, the backup's was ${was.checksum}`,
        );
      }
    } catch (err) {
      await deleteImage(s, image.id).catch(() => undefined);
      throw err;
    }
    log.info(`glance: restored image ${was.id} as image ${image.id}`);
    return { target: `image ${image.id}` };
  },
};
