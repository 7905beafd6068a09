import { createServer, getServer, openSession, snapshotServer, waitForServer } from '@freezer/openstack';
import { AgentError, oneLine } from '../errors.js';
import type { AgentOptions } from '../agent-options.js';
import type { Logger } from '../logger.js';
import { imageFromStream, imagePointSource, readPointRecord, temporaryImageSource } from './cloud-image.js';
import { cloudEnv } from './cloud-env.js';
import { CloudTemporaries } from './cloud-temporaries.js';
import { bootedFromVolume, novaSnapshotName, volumeInstanceImage } from './nova-volume.js';
import type { BackupMode, PreparedSource, StreamRestorer } from './mode.js';

/** What a nova point records (in data_source, as JSON) to boot the instance again. */
interface InstanceRecord {
  id: string;
  name: string;
  flavor_id: string | null;
  metadata: Record<string, string>;
  /** The names of the networks the instance had addresses on (recorded; restore boots with none). */
  networks: string[];
  availability_zone?: string;
  /** What it booted from (the stock `boot_device_type`); restore boots from an image either way, as stock. */
  boot_device_type?: 'image' | 'volume';
  disk_format: string | null;
  container_format: string | null;
  checksum: string | null;
}

export const novaTempImageName = (serverId: string) => `freezer-tmp-nova-${serverId}`;

/**
 * The stock `--mode nova --nova-inst-id`: Nova snapshots the instance to a temporary image, whose bytes
 * stream through the codec; the image is deleted when the backup ends, well or not. Flavor, metadata and
 * networks are recorded.
 */
export const novaMode: BackupMode = {
  name: 'nova',
  async prepare(o: AgentOptions, log: Logger): Promise<PreparedSource> {
    const id = o.modes.novaInstId as string;
    const s = await openSession(cloudEnv(o));
    const server = await getServer(s, id);
    if (server.status !== 'ACTIVE' && server.status !== 'SHUTOFF') {
      throw new AgentError(
        `Nova instance ${id} is ${server.status}: only ACTIVE or SHUTOFF instances are backed up`,
      );
    }
    const name = novaTempImageName(id);
    const temps = new CloudTemporaries(s, log);
    try {
      await temps.sweep(name, ['image', 'volume', 'snapshot']);
      await temps.sweep(novaSnapshotName(name), ['snapshot']);
      const fromVolume = bootedFromVolume(server);
      const temp = fromVolume
        ? await volumeInstanceImage(s, temps, server, name, log)
        : await temporaryImageSource(s, temps, () => snapshotServer(s, id, name));
      log.info(`nova: instance ${server.name} (${id}) through snapshot ${temp.image.id}`);
      const rec: InstanceRecord = {
        id,
        name: server.name,
        flavor_id: server.flavor.id ?? null,
        metadata: server.metadata ?? {},
        networks: Object.keys(server.addresses ?? {}),
        ...(server['OS-EXT-AZ:availability_zone']
          ? { availability_zone: server['OS-EXT-AZ:availability_zone'] }
          : {}),
        boot_device_type: fromVolume ? 'volume' : 'image',
        disk_format: temp.image.disk_format,
        container_format: temp.image.container_format,
        checksum: temp.image.checksum,
      };
      return {
        ...imagePointSource('nova-instance', temp, rec),
        // The stock nova engine's metadata (`server`: Nova's whole record) and engine_metadata keys.
        stockCloud: {
          engine: 'nova',
          resource: id,
          described: { server },
          engineMetadata: {
            server_name: server.name,
            flavour_id: String(server.flavor.id ?? ''),
            boot_device_type: 'image',
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
 * Restore creates the image in Glance (kept: the new instance's image) and boots a new instance from
 * it with the recorded flavor and metadata, without networks (the recorded ones are logged).
 */
export const novaRestorer: StreamRestorer = {
  format: 'nova-instance',
  async restore(o, data, log, source) {
    const was = readPointRecord<InstanceRecord>(source, 'this nova backup has no instance record');
    if (!was.flavor_id) throw new AgentError(`the backup of instance ${was.id} recorded no flavor`);
    const s = await openSession(cloudEnv(o));
    const fields = {
      name: `${was.name}-restored-image`,
      disk_format: was.disk_format ?? 'raw',
      container_format: was.container_format ?? 'bare',
    };
    const image = await imageFromStream(s, fields, data, was.checksum);
    const server = await createServer(s, {
      name: was.name,
      imageRef: image.id,
      flavorRef: was.flavor_id,
      metadata: was.metadata,
    });
    await waitForServer(s, server.id);
    if (was.networks.length > 0)
      log.warn(`nova: the instance had networks ${was.networks.join(', ')}: attach them`);
    log.info(`nova: restored instance ${was.id} as instance ${server.id} from image ${image.id}`);
    return { target: `instance ${server.id}` };
  },
};
