import type { SshdServer } from './servers/sshd.js';
import type { SwiftServer } from './servers/swift.js';

/** The agent's command-line options for ssh storage into `container` on the test sshd. */
export function sshStorageArgs(sshd: SshdServer, container: string, knownHosts: string): string[] {
  return [
    ...['--storage', 'ssh', '-C', container, '--ssh-host', sshd.host, '--ssh-port', String(sshd.port)],
    ...['--ssh-username', sshd.username, '--ssh-key', sshd.clientKeyPath, '--ssh-known-hosts', knownHosts],
  ];
}

/** The agent's command-line options for s3 storage into bucket `container` on the test Swift (s3api). */
export function s3StorageArgs(swift: SwiftServer, container: string): string[] {
  return [
    ...['--storage', 's3', '-C', container, '--endpoint', swift.endpoint],
    ...['--access-key', swift.user, '--secret-key', swift.key],
  ];
}

/** The same ssh storage as the lines of a `[storage:NAME]` section of the agent's config file. */
export function sshStorageIni(sshd: SshdServer, container: string, knownHosts: string): string[] {
  return [
    'storage = ssh',
    `container = ${container}`,
    `ssh_host = ${sshd.host}`,
    `ssh_port = ${sshd.port}`,
    `ssh_username = ${sshd.username}`,
    `ssh_key = ${sshd.clientKeyPath}`,
    `ssh_known_hosts = ${knownHosts}`,
  ];
}

/** The same s3 storage as the lines of a `[storage:NAME]` section of the agent's config file. */
export function s3StorageIni(swift: SwiftServer, container: string): string[] {
  return [
    'storage = s3',
    `container = ${container}`,
    `endpoint = ${swift.endpoint}`,
    `access_key = ${swift.user}`,
    `secret_key = ${swift.key}`,
  ];
}
