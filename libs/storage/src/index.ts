export * from './storage.js';
export { DelegatingStorage } from './delegating-storage.js';
export type {
  StorageConfig,
  LocalConfig,
  SshConfig,
  S3Config,
  SwiftConfig,
  TransferLimits,
} from './config.js';
export { openStorage, openMultipleStorage, openNamedStorages } from './factory.js';
export type { NamedStorage } from './drivers/multiple/multiple-storage.js';
export { parseByteRate } from './byte-rate.js';
export { withLimits } from './throttle/throttled-storage.js';
export { storageConfigFromOptions } from './options.js';
export { swiftContainerName } from './drivers/swift/swift-storage.js';
