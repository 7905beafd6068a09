// @freezer/testkit: what tests, e2e specs and benchmarks share to run real servers on loopback.
import './vitest-context.js';

export { startApi, type ApiProcess, type StartApiOptions } from './api.js';
export { ensureBuilt, requireBinary, run } from './binaries.js';
export { flipByte } from './files.js';
export { makeFakeLvm, type FakeLvm, type FakeLvmOptions } from './fake-lvm.js';
export { pidAlive, stopChild, stopPid } from './pids.js';
export { freePort } from './ports.js';
export { RECIPES, REPO_ROOT } from './repo.js';
export { startKeystoneStub, type KeystoneStub } from './servers/keystone-stub.js';
export {
  CLOUD_BASE,
  cloudAt,
  startCloud,
  stopCloud,
  type Cloud,
  type CloudUser,
} from './servers/openstack.js';
export { startMariadb, startMariadbOn, type MariaServer } from './servers/mariadb.js';
export { createDatabase, startPostgres, type PostgresServer } from './servers/postgres.js';
export { startSmtpSink, type SmtpMessage, type SmtpSink, type SmtpSinkOptions } from './servers/smtp.js';
export { SSH_TEST_USER, startSshd, type SshdServer } from './servers/sshd.js';
export { startSwift, type SwiftServer } from './servers/swift.js';
export { s3StorageArgs, s3StorageIni, sshStorageArgs, sshStorageIni } from './storage-targets.js';
export { httpOk, waitFor, waitForHttp } from './wait.js';
