import { type GlanceImage, getImage, openSession } from '@freezer/openstack';
import { AgentError } from '../errors.js';
import type { AgentOptions } from '../agent-options.js';
import type { Logger } from '../logger.js';
import { imageFromStream, imagePointSource, imageStream } from './cloud-image.js';
import { cloudEnv } from './cloud-env.js';
import type { BackupMode, PreparedSource, StockCloudSource, StreamRestorer } from './mode.js';

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

/** The stock glance engine's metadata (`image`: Glance's whole record) and engine_metadata keys. */
function glanceStockSource(image: GlanceImage): StockCloudSource {
  const full = image as GlanceImage & { visibility?: string; protected?: boolean };
  return {
    engine: 'glance',
    resource: image.id,
    described: { image },
    engineMetadata: {
      image_name: image.name,
      image_id: image.id,
      disk_format: image.disk_format,
      container_format: image.container_format,
      visibility: full.visibility ?? null,
      protected: full.protected ?? false,
    },
    length: image.size,
  };
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
    const s = await openSession(cloudEnv(o));
    const image = await getImage(s, id);
    if (image.status !== 'active') throw new AgentError(`Glance image ${id} is ${image.status}, not active`);
    log.info(`glance: image ${image.name ?? ''} (${id}), ${image.size ?? '?'} bytes`);
    const { stream, verify } = await imageStream(s, image);
    return {
      ...imagePointSource(
        'glance-image',
        { stream, verify, release: () => Promise.resolve() },
        record(image),
      ),
      stockCloud: glanceStockSource(image),
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

/** Restore creates a new image (the backup's name, format and minimums) and streams the bytes into it. */
export const glanceRestorer: StreamRestorer = {
  format: 'glance-image',
  async restore(o, data, log, source) {
    const was = parseRecord(source);
    const s = await openSession(cloudEnv(o));
    const fields = {
      name: was.name ?? `restore-of-${was.id}`,
      disk_format: was.disk_format ?? 'raw',
      container_format: was.container_format ?? 'bare',
      ...(was.min_disk ? { min_disk: was.min_disk } : {}),
      ...(was.min_ram ? { min_ram: was.min_ram } : {}),
    };
    const image = await imageFromStream(s, fields, data, was.checksum);
    log.info(`glance: restored image ${was.id} as image ${image.id}`);
    return { target: `image ${image.id}` };
  },
};
