import {
  type GlanceImage,
  type NovaServer,
  type OpenStackSession,
  createVolume,
  snapshotServer,
  uploadVolumeToImage,
  waitForImage,
  waitForSnapshot,
  waitForVolume,
} from '@freezer/openstack';
import { AgentError } from '../errors.js';
import type { Logger } from '../logger.js';
import { temporaryImageSource } from './cloud-image.js';
import type { CloudTemporaries } from './cloud-temporaries.js';

/** An instance booted from a volume reports no image (Nova gives an empty string). */
export const bootedFromVolume = (server: NovaServer): boolean =>
  typeof server.image !== 'object' || !server.image?.id;

/** The Cinder snapshots Nova took for its image of a volume-booted instance: its name prefix. */
export const novaSnapshotName = (imageName: string) => `snapshot for ${imageName}`;

interface MappedSnapshot {
  snapshot_id?: string | null;
  boot_index?: number | null;
}

/** The snapshots Nova's image records, the boot volume's (boot index 0) first. */
export function mappedSnapshots(image: GlanceImage): { boot: string; all: string[] } {
  let mapping: MappedSnapshot[] = [];
  try {
    mapping = JSON.parse(image.block_device_mapping ?? '[]') as MappedSnapshot[];
  } catch {
    mapping = [];
  }
  const all = mapping.map((m) => m.snapshot_id).filter((id): id is string => typeof id === 'string');
  const boot = mapping.find((m) => m.boot_index === 0)?.snapshot_id ?? all[0];
  if (!boot)
    throw new AgentError(`Nova's image ${image.id} of a volume-booted instance names no volume snapshot`);
  return { boot, all };
}

/**
 * A volume-booted instance, as the stock agent backs it up: Nova's snapshot (an image without bytes
 * that names a Cinder snapshot of each of its volumes), a new volume from the boot volume's snapshot,
 * that volume uploaded to an image whose bytes stream. Every object, Nova's image and snapshots
 * included, is one of `temps` (named after the instance, so the next run sweeps what a kill left).
 */
export async function volumeInstanceImage(
  s: OpenStackSession,
  temps: CloudTemporaries,
  server: NovaServer,
  name: string,
  log: Logger,
): ReturnType<typeof temporaryImageSource> {
  const novaImage = await waitForImage(
    s,
    await temps.create('image', () => snapshotServer(s, server.id, name)),
  );
  const { boot, all } = mappedSnapshots(novaImage);
  for (const id of all) await temps.create('snapshot', () => Promise.resolve(id));
  const snapshot = await waitForSnapshot(s, boot);
  const copy = await temps.create(
    'volume',
    async () => (await createVolume(s, { size: snapshot.size, name, snapshot_id: boot })).id,
  );
  await waitForVolume(s, copy);
  log.info(
    `nova: instance ${server.id} boots from volume ${snapshot.volume_id}: reading its snapshot ${boot} through volume ${copy}`,
  );
  return temporaryImageSource(s, temps, () => uploadVolumeToImage(s, copy, name));
}
