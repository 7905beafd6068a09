import {
  openMultipleStorage,
  openStorage,
  type BackupStorage,
  type StorageConfig,
  type TransferLimits,
} from '@freezer/storage';
import { UsageError } from './errors.js';
import type { AgentOptions, StorageSection } from './options.js';

/** --storage and its options (or the [storage:NAME] sections) → the storage factory's configuration. */
export function storageConfigOf(o: AgentOptions): StorageConfig {
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

function sectionConfig(section: StorageSection): StorageConfig {
  const v = (key: string): string | undefined =>
    section.values[key] ?? section.values[key.replace(/_/g, '-')];
  const type = v('storage') ?? 'local';
  const container = v('container');
  if (!container) throw new UsageError(`[storage:${section.name}] needs a container`);
  switch (type) {
    case 'local':
      return { type, container };
    case 'ssh': {
      const host = v('ssh_host');
      if (!host) throw new UsageError(`[storage:${section.name}] needs ssh_host`);
      const port = v('ssh_port');
      return {
        type,
        container,
        host,
        port: port ? Number(port) : undefined,
        username: v('ssh_username') ?? 'root',
        keyPath: v('ssh_key'),
      };
    }
    case 's3':
      return {
        type,
        container,
        endpoint: v('endpoint'),
        accessKey: v('access_key'),
        secretKey: v('secret_key'),
        region: v('region'),
      };
    case 'swift':
      return { type, container, osrc: v('osrc') };
    default:
      throw new UsageError(
        `[storage:${section.name}]: storage "${type}" is not one of local, ssh, s3, swift`,
      );
  }
}

export async function openAgentStorage(o: AgentOptions): Promise<BackupStorage> {
  const limits: TransferLimits = { uploadBytesPerSec: o.uploadLimit, downloadBytesPerSec: o.downloadLimit };
  if (o.storage !== 'multiple') return openStorage(storageConfigOf(o), limits);
  if (o.storageSections.length === 0)
    throw new UsageError('--storage multiple needs [storage:NAME] sections in the --config file');
  const parts = [];
  for (const section of o.storageSections) {
    parts.push({ name: section.name, storage: await openStorage(sectionConfig(section), limits) });
  }
  return openMultipleStorage(parts);
}
