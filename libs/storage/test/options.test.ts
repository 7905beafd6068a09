import { describe, expect, it } from 'vitest';
import { storageConfigFromOptions, StorageError } from '../src/index.js';

describe('storageConfigFromOptions', () => {
  it('defaults to swift and freezer_backups like the stock agent', () => {
    expect(storageConfigFromOptions({})).toEqual({ type: 'swift', container: 'freezer_backups' });
  });

  it('maps a [storage:NAME] ssh section', () => {
    expect(
      storageConfigFromOptions({
        storage: 'ssh',
        container: '/srv/b',
        ssh_host: 'h',
        ssh_port: '2222',
        ssh_username: 'u',
        ssh_key: '/k',
        ssh_known_hosts: '/kh',
      }),
    ).toEqual({
      type: 'ssh',
      container: '/srv/b',
      host: 'h',
      port: 2222,
      username: 'u',
      keyPath: '/k',
      knownHostsPath: '/kh',
    });
  });

  it('accepts the command-line spelling and the host-key opt-out', () => {
    const cfg = storageConfigFromOptions({
      storage: 'ssh',
      'ssh-host': 'h',
      'ssh-username': 'u',
      'ssh-accept-unknown-host-key': 'true',
    });
    expect(cfg).toMatchObject({ type: 'ssh', host: 'h', acceptUnknownHostKey: true });
  });

  it('maps s3 and swift options', () => {
    expect(
      storageConfigFromOptions({
        storage: 's3',
        container: 'b/p',
        endpoint: 'http://e',
        access_key: 'a',
        secret_key: 's',
        region: 'r',
      }),
    ).toEqual({
      type: 's3',
      container: 'b/p',
      endpoint: 'http://e',
      accessKey: 'a',
      secretKey: 's',
      region: 'r',
    });
    expect(
      storageConfigFromOptions({
        storage: 'swift',
        container: 'c',
        osrc: '/etc/os.rc',
        os_identity_api_version: '3',
      }),
    ).toEqual({
      type: 'swift',
      container: 'c',
      osrc: '/etc/os.rc',
      authVersion: '3',
    });
  });

  it('rejects what cannot work with a clear message', () => {
    expect(() => storageConfigFromOptions({ storage: 'ftp' })).toThrow("unknown storage 'ftp'");
    expect(() => storageConfigFromOptions({ storage: 'ssh', ssh_username: 'u' })).toThrow(StorageError);
    expect(() =>
      storageConfigFromOptions({ storage: 'ssh', ssh_host: 'h', ssh_username: 'u', ssh_port: 'x' }),
    ).toThrow("invalid ssh_port 'x'");
  });
});
