import type { StorageConfig } from './config.js';
import { StorageError } from './storage.js';

type Options = Record<string, string | undefined>;

function truthy(value: string | undefined): boolean {
  return value !== undefined && /^(1|true|yes|on)$/i.test(value.trim());
}

function pick(opts: Options, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = opts[name];
    if (value !== undefined && value !== '') return value;
  }
  return undefined;
}

/**
 * Maps the agent's option names (INI `_` spelling, as in `[default]` and `[storage:NAME]` sections;
 * `-` spellings are accepted too) to a StorageConfig, so the command line and the config file share one
 * mapping. Defaults follow the stock agent: storage `swift`, container `freezer_backups`.
 */
export function storageConfigFromOptions(raw: Options): StorageConfig {
  const opts: Options = {};
  for (const [key, value] of Object.entries(raw)) opts[key.replace(/-/g, '_').toLowerCase()] = value;
  const type = (pick(opts, 'storage') ?? 'swift').toLowerCase();
  const container = pick(opts, 'container') ?? 'freezer_backups';
  const label = `storage ${type}`;
  switch (type) {
    case 'local':
      return { type: 'local', container };
    case 'ssh': {
      const host = pick(opts, 'ssh_host');
      const username = pick(opts, 'ssh_username');
      if (!host) throw new StorageError(label, 'config', 'ssh storage needs ssh_host (--ssh-host)');
      if (!username)
        throw new StorageError(label, 'config', 'ssh storage needs ssh_username (--ssh-username)');
      const portText = pick(opts, 'ssh_port');
      const port = portText === undefined ? undefined : Number(portText);
      if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65535)) {
        throw new StorageError(label, 'config', `invalid ssh_port '${portText}'`);
      }
      const keyPath = pick(opts, 'ssh_key');
      const knownHostsPath = pick(opts, 'ssh_known_hosts');
      return {
        type: 'ssh',
        container,
        host,
        username,
        ...(port !== undefined ? { port } : {}),
        ...(keyPath ? { keyPath } : {}),
        ...(knownHostsPath ? { knownHostsPath } : {}),
        ...(truthy(pick(opts, 'ssh_accept_unknown_host_key')) ? { acceptUnknownHostKey: true } : {}),
      };
    }
    case 's3': {
      const endpoint = pick(opts, 'endpoint');
      const accessKey = pick(opts, 'access_key');
      const secretKey = pick(opts, 'secret_key');
      const region = pick(opts, 'region');
      const pathStyle = pick(opts, 's3_path_style', 'force_path_style');
      return {
        type: 's3',
        container,
        ...(endpoint ? { endpoint } : {}),
        ...(accessKey ? { accessKey } : {}),
        ...(secretKey ? { secretKey } : {}),
        ...(region ? { region } : {}),
        ...(pathStyle !== undefined ? { forcePathStyle: truthy(pathStyle) } : {}),
      };
    }
    case 'swift': {
      const fields: [
        keyof Omit<Extract<StorageConfig, { type: 'swift' }>, 'type' | 'container' | 'authVersion'>,
        string[],
      ][] = [
        ['osrc', ['osrc']],
        ['authUrl', ['os_auth_url', 'st_auth']],
        ['username', ['os_username', 'st_user']],
        ['password', ['os_password', 'st_key']],
        ['projectName', ['os_project_name', 'os_tenant_name']],
        ['projectId', ['os_project_id', 'os_tenant_id']],
        ['userDomainName', ['os_user_domain_name']],
        ['userDomainId', ['os_user_domain_id']],
        ['projectDomainName', ['os_project_domain_name']],
        ['projectDomainId', ['os_project_domain_id']],
        ['regionName', ['os_region_name']],
        ['endpointType', ['os_endpoint_type', 'os_interface']],
      ];
      const cfg: Extract<StorageConfig, { type: 'swift' }> = { type: 'swift', container };
      for (const [field, names] of fields) {
        const value = pick(opts, ...names);
        if (value !== undefined) cfg[field] = value;
      }
      const version = pick(opts, 'os_identity_api_version', 'auth_version');
      if (version !== undefined) {
        if (!/^[13](\.0)?$/.test(version))
          throw new StorageError(label, 'config', `unsupported auth version '${version}' (1 or 3)`);
        cfg.authVersion = version.startsWith('1') ? '1' : '3';
      } else if (pick(opts, 'st_auth') && !pick(opts, 'os_auth_url')) {
        cfg.authVersion = '1';
      }
      return cfg;
    }
    default:
      throw new StorageError('storage', 'config', `unknown storage '${type}' (local, ssh, s3 or swift)`);
  }
}
