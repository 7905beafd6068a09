import {
  openNamedStorages,
  openStorage,
  storageConfigFromOptions,
  StorageError,
  type BackupStorage,
  type StorageConfig,
  type TransferLimits,
} from '@freezer/storage';
import { UsageError } from '../errors.js';
import type { AgentOptions, StorageSection } from '../agent-options.js';

/** The options that name the storage(s) of a run. */
export type StorageOptions = Pick<
  AgentOptions,
  'storage' | 'container' | 'ssh' | 's3' | 'storageSections' | 'uploadLimit' | 'downloadLimit'
>;

/** --storage and its options (or the [storage:NAME] sections) → the storage factory's configuration. */
export function storageConfigOf(o: StorageOptions): StorageConfig {
  switch (o.storage) {
    case 'local':
      return { type: 'local', container: o.container };
    case 'ssh':
      return {
        type: 'ssh',
        container: o.container,
        host: o.ssh.host as string,
        port: o.ssh.port,
        username: o.ssh.username ?? process.env.USER ?? 'root',
        keyPath: o.ssh.key,
        knownHostsPath: o.ssh.knownHosts,
        acceptUnknownHostKey: o.ssh.acceptUnknownHostKey,
      };
    case 's3':
      return {
        type: 's3',
        container: o.container,
        endpoint: o.s3.endpoint,
        accessKey: o.s3.accessKey,
        secretKey: o.s3.secretKey,
        region: o.s3.region,
      };
    case 'swift':
      return { type: 'swift', container: o.container };
    case 'multiple':
      throw new UsageError('--storage multiple needs [storage:NAME] sections in the --config file');
  }
}

/**
 * One `[storage:NAME]` section → a storage configuration, through the storage library's own option
 * mapping (so every driver option — ssh_known_hosts, s3_path_style, os_* and st_* — works in a section).
 * A section without `storage` means local, like the command line.
 */
function sectionConfig(section: StorageSection): StorageConfig {
  const values: Record<string, string> = {
    storage: 'local',
    ssh_username: process.env.USER ?? 'root',
    ...section.values,
  };
  if (!values.container) throw new UsageError(`[storage:${section.name}] needs a container`);
  try {
    return storageConfigFromOptions(values);
  } catch (err) {
    if (err instanceof StorageError && err.code === 'config') {
      throw new UsageError(`[storage:${section.name}]: ${err.message.replace(/^[^:]*: /, '')}`);
    }
    throw err;
  }
}

export async function openAgentStorage(o: StorageOptions): Promise<BackupStorage> {
  const limits: TransferLimits = { uploadBytesPerSec: o.uploadLimit, downloadBytesPerSec: o.downloadLimit };
  if (o.storage !== 'multiple') return openStorage(storageConfigOf(o), limits);
  if (o.storageSections.length === 0)
    throw new UsageError('--storage multiple needs [storage:NAME] sections in the --config file');
  const parts = o.storageSections.map((s) => ({ name: s.name, config: sectionConfig(s) }));
  return openNamedStorages(parts, limits);
}
