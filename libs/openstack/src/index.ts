// @freezer/openstack: Keystone v3 and the OpenStack services' REST APIs over fetch.
export { BACKUP_SERVICE, catalogRecords, type CatalogRecordsInput } from './catalog-records.js';
export { OpenStackError, errorDetail } from './errors.js';
export {
  catalogEndpoint,
  identityV3,
  passwordAuth,
  type CatalogEndpoint,
  type CatalogEntry,
  type IssuedToken,
  type KeystoneToken,
  type PasswordCredentials,
} from './keystone-auth.js';
export { mapKeystoneRoles } from './roles.js';
export { KeystoneTokenValidator, type ValidatorOptions } from './token-validator.js';
export {
  createImage,
  deleteImage,
  downloadImage,
  getImage,
  imagesNamed,
  projectImages,
  uploadImage,
  waitForImage,
  type GlanceImage,
  type ImageFields,
} from './glance.js';
export { credentialsFromEnv, openSession, type OpenStackSession, type RequestOptions } from './session.js';
export {
  createVolume,
  deleteVolume,
  deleteVolumeWhenIdle,
  getVolume,
  uploadVolumeToImage,
  volumesNamed,
  waitForVolume,
  type CinderVolume,
} from './cinder.js';
export {
  backupCreatedMs,
  createBackup,
  deleteBackup,
  getBackup,
  restoreBackupToNewVolume,
  volumeBackups,
  waitForBackup,
  waitForBackupGone,
  type BackupRequest,
  type CinderBackup,
} from './cinder-backups.js';
export {
  createSnapshot,
  deleteSnapshotWhenIdle,
  getSnapshot,
  snapshotsNamed,
  waitForSnapshot,
  type CinderSnapshot,
} from './cinder-snapshots.js';
export {
  createServer,
  deleteServer,
  getServer,
  listServerIds,
  serversNamed,
  snapshotServer,
  waitForServer,
  type NovaServer,
} from './nova.js';
