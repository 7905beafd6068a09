import {
  type CinderVolume,
  type OpenStackSession,
  createSnapshot,
  createVolume,
  deleteImage,
  deleteVolume,
  getVolume,
  openSession,
  uploadVolumeToImage,
  waitForSnapshot,
  waitForVolume,
} from '@freezer/openstack';
import { AgentError, oneLine } from '../errors.js';
import type { AgentOptions } from '../agent-options.js';
import type { Logger } from '../logger.js';
import { imageFromStream, imagePointSource, readPointRecord, temporaryImageSource } from './cloud-image.js';
import { cloudEnv } from './cloud-env.js';
import { CloudTemporaries } from './cloud-temporaries.js';
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

/** The temporary objects of a volume's backup: one fixed name per volume (see CloudTemporaries). */
export const tempImageName = (volumeId: string) => `freezer-tmp-cinder-${volumeId}`;

/**
 * A volume in use cannot be uploaded: as the stock agent does, a snapshot (forced) and a new volume
 * from it are taken, and that volume is uploaded instead. Returns the id of the volume to upload.
 */
async function detachedCopy(
  s: OpenStackSession,
  temps: CloudTemporaries,
  volume: CinderVolume,
  log: Logger,
): Promise<string> {
  const name = tempImageName(volume.id);
  const snapshot = await temps.create('snapshot', () => createSnapshot(s, volume.id, name, true));
  await waitForSnapshot(s, snapshot);
  const copy = await temps.create(
    'volume',
    async () => (await createVolume(s, { size: volume.size, name, snapshot_id: snapshot })).id,
  );
  await waitForVolume(s, copy);
  log.info(`cinder: volume ${volume.id} is in use: reading snapshot ${snapshot} through volume ${copy}`);
  return copy;
}

/**
 * The stock `--mode cinder --cinder-vol-id`: Cinder uploads the volume to a temporary Glance image,
 * whose bytes stream through the codec. A volume in use goes through a snapshot and a volume made from
 * it first. Every temporary object is deleted when the backup ends, well or not, also on SIGTERM.
 */
export const cinderMode: BackupMode = {
  name: 'cinder',
  async prepare(o: AgentOptions, log: Logger): Promise<PreparedSource> {
    const id = o.modes.cinderVolId as string;
    const s = await openSession(cloudEnv(o));
    const volume = await getVolume(s, id);
    const inUse = volume.status === 'in-use';
    if (volume.status !== 'available' && !inUse) {
      throw new AgentError(
        `Cinder volume ${id} is ${volume.status}: only available or in-use volumes are backed up`,
      );
    }
    const name = tempImageName(id);
    const temps = new CloudTemporaries(s, log);
    try {
      await temps.sweep(name, ['image', 'volume', 'snapshot']);
      const upload = inUse ? await detachedCopy(s, temps, volume, log) : id;
      const temp = await temporaryImageSource(s, temps, () => uploadVolumeToImage(s, upload, name));
      // The source is `uploading` until Cinder has written the image; the next backup needs it back.
      if (!inUse) await waitForVolume(s, id);
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
      return {
        ...imagePointSource('cinder-volume', temp, rec),
        // The stock's headers of a cinder backup (openstack/backup.py backup_cinder_by_glance).
        stockCloud: {
          engine: 'cinder',
          resource: id,
          described: { volume: rec },
          engineMetadata: {
            volume_name: volume.name ?? id,
            availability_zone: volume.availability_zone ?? null,
          },
          length: temp.image.size,
        },
      };
    } catch (err) {
      await temps.release().catch((cleanup: unknown) => log.error(oneLine(cleanup)));
      throw err;
    }
  },
};

/**
 * Restore: the bytes go into a temporary image, and a new volume (the recorded size, name, zone and
 * type) is created from it; the image is deleted in every case, the volume if it did not become available.
 */
export const cinderRestorer: StreamRestorer = {
  format: 'cinder-volume',
  async restore(o, data, log, source) {
    const was = readPointRecord<VolumeRecord>(source, 'this cinder backup has no volume record');
    const s = await openSession(cloudEnv(o));
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
