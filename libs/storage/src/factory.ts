import type { StorageConfig, TransferLimits } from './config.js';
import { LocalStorage } from './drivers/local/local-storage.js';
import { MultipleStorage, partError, type NamedStorage } from './drivers/multiple/multiple-storage.js';
import { StorageError, type BackupStorage } from './storage.js';
import { withLimits } from './throttle/throttled-storage.js';

async function openDriver(cfg: StorageConfig, env: NodeJS.ProcessEnv): Promise<BackupStorage> {
  switch (cfg.type) {
    case 'local':
      return LocalStorage.open(cfg.container);
    case 'ssh': {
      const { SshStorage } = await import('./drivers/ssh/ssh-storage.js');
      return SshStorage.open(cfg, env);
    }
    case 's3': {
      const { S3Storage } = await import('./drivers/s3/s3-storage.js');
      return S3Storage.open(cfg, env);
    }
    case 'swift': {
      const { SwiftStorage } = await import('./drivers/swift/swift-storage.js');
      return SwiftStorage.open(cfg, env);
    }
    default: {
      const type: unknown = (cfg as { type: unknown }).type;
      throw new StorageError('storage', 'config', `unknown storage type '${String(type)}'`);
    }
  }
}

/**
 * Opens (and, where the backend needs it, connects to and verifies) one storage. Drivers are loaded
 * on demand so that a local-only agent never pays for the AWS SDK or ssh2.
 */
export async function openStorage(
  cfg: StorageConfig,
  limits?: TransferLimits,
  env: NodeJS.ProcessEnv = process.env,
): Promise<BackupStorage> {
  return withLimits(await openDriver(cfg, env), limits);
}

/** One logical storage writing to every part at once (seed "Parallel backup"). */
export function openMultipleStorage(parts: NamedStorage[]): BackupStorage {
  return new MultipleStorage(parts);
}

/**
 * Opens every `[storage:NAME]` part at once (connecting to each is independent) and combines them. A part
 * that cannot be opened fails the whole set naming its section (`storage 'offsite': …`), and the parts
 * already open are closed: a backup never starts with fewer copies than configured.
 */
export async function openNamedStorages(
  parts: { name: string; config: StorageConfig }[],
  limits?: TransferLimits,
  env: NodeJS.ProcessEnv = process.env,
): Promise<BackupStorage> {
  const opened = await Promise.allSettled(parts.map((p) => openStorage(p.config, limits, env)));
  const failed = opened.findIndex((r) => r.status === 'rejected');
  if (failed >= 0) {
    await Promise.allSettled(opened.map((r) => (r.status === 'fulfilled' ? r.value.close() : undefined)));
    throw partError(parts[failed]!, (opened[failed] as PromiseRejectedResult).reason);
  }
  return new MultipleStorage(
    parts.map((p, i) => ({
      name: p.name,
      storage: (opened[i] as PromiseFulfilledResult<BackupStorage>).value,
    })),
  );
}
