import {
  type CinderVolume,
  createVolume,
  deleteImage,
  deleteVolume,
  getVolume,
  openSession,
  uploadVolumeToImage,
  waitForVolume,
} from '@freezer/openstack';
import { AgentError } from '../errors.js';
import type { AgentOptions } from '../agent-options.js';
import type { Logger } from '../logger.js';
import { imageFromStream, imagePointSource, readPointRecord, temporaryImageSource } from './cloud-image.js';
import type { BackupMode, PreparedSource, StreamRestorer } from './mode.js';

/** What a cinder point records (in data_source, as JSON) to recreate the volume. */
interface VolumeRecord {
  id: string;
  name: string | null;
  size: number;
  availability_zone?: string;
  volume_type?: string | null;
  checksum: string | null;
}

/** The temporary image of a volume's backup: one fixed name per volume (see temporaryImageSource). */
export const tempImageName = (volumeId: string) => `freezer-tmp-cinder-${volumeId}`;

/**
 * The stock `--mode cinder --cinder-vol-id`: Cinder uploads the volume to a temporary Glance image,
 * whose bytes stream through the codec; the image is deleted when the backup ends, well or not.
 * The volume must be `available` (a volume in use needs a snapshot and a clone first: not built).
 */
export const cinderMode: BackupMode = {
  name: 'cinder',
  async prepare(o: AgentOptions, log: Logger): Promise<PreparedSource> {
    const id = o.modes.cinderVolId as string;
    const s = await openSession(process.env);
    const volume = await getVolume(s, id);
    if (volume.status !== 'available') {
      throw new AgentError(
        `Cinder volume ${id} is ${volume.status}: only available (detached) volumes are backed up`,
      );
    }
    const temp = await temporaryImageSource(
      s,
      tempImageName(id),
      () => uploadVolumeToImage(s, id, tempImageName(id)),
      log,
    );
    try {
      await waitForVolume(s, id);
    } catch (err) {
      await temp.release().catch(() => undefined);
      throw err;
    }
    log.info(
      `cinder: volume ${volume.name ?? ''} (${id}), ${volume.size} GiB, through image ${temp.image.id}`,
    );
    const rec: VolumeRecord = {
      id,
      name: volume.name,
      size: volume.size,
      ...(volume.availability_zone ? { availability_zone: volume.availability_zone } : {}),
      volume_type: volume.volume_type ?? null,
      checksum: temp.image.checksum,
    };
    return imagePointSource('cinder-volume', temp, rec);
  },
};

/**
 * Restore: the bytes go into a temporary image, and a new volume (the recorded size, name, zone and
 * type) is created from it; the image is deleted in every case, the volume if it did not become available.
 */
export const cinderRestorer: StreamRestorer = {
  format: 'cinder-volume',
  async restore(_o, data, log, source) {
    const was = readPointRecord<VolumeRecord>(source, 'this cinder backup has no volume record');
    const s = await openSession(process.env);
    const fields = { name: `freezer-restore-cinder-${was.id}`, disk_format: 'raw', container_format: 'bare' };
    const image = await imageFromStream(s, fields, data, was.checksum);
    let volume: CinderVolume | undefined;
    try {
      volume = await createVolume(s, {
        size: was.size,
        name: was.name ?? `restore-of-${was.id}`,
        imageRef: image.id,
        ...(was.availability_zone ? { availability_zone: was.availability_zone } : {}),
        ...(was.volume_type ? { volume_type: was.volume_type } : {}),
      });
      await waitForVolume(s, volume.id);
    } catch (err) {
      if (volume) await deleteVolume(s, volume.id).catch(() => undefined);
      throw err;
    } finally {
      await deleteImage(s, image.id).catch(() => undefined);
    }
    log.info(`cinder: restored volume ${was.id} as volume ${volume.id}`);
    return { target: `volume ${volume.id}` };
  },
};
