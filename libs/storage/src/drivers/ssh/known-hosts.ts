import { createHmac } from 'node:crypto';
import { readFile } from 'node:fs/promises';

export interface KnownHostKey {
  type: string;
  /** base64 of the SSH wire-format public key, as in the file. */
  key: string;
}

/** `host` for port 22, `[host]:port` otherwise: the name OpenSSH looks up and hashes. */
export function knownHostsName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

function globToRegExp(pattern: string): RegExp {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`, 'i');
}

function hostFieldMatches(field: string, name: string): boolean {
  if (field.startsWith('|1|')) {
    const [, , salt, hash] = field.split('|');
    if (!salt || !hash) return false;
    const digest = createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64');
    return digest === hash;
  }
  let matched = false;
  for (const pattern of field.split(',')) {
    if (pattern.startsWith('!')) {
      if (globToRegExp(pattern.slice(1)).test(name)) return false;
    } else if (globToRegExp(pattern).test(name)) {
      matched = true;
    }
  }
  return matched;
}

/**
 * Keys recorded for `host:port` in an OpenSSH known_hosts file (plain, wildcard and hashed entries).
 * `@revoked` keys are returned separately so a revoked key is refused even if also listed.
 */
export async function lookupKnownHost(
  file: string,
  host: string,
  port: number,
): Promise<{ keys: KnownHostKey[]; revoked: string[] }> {
  const text = await readFile(file, 'utf8');
  const name = knownHostsName(host, port);
  const keys: KnownHostKey[] = [];
  const revoked: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    let fields = line.split(/\s+/);
    let marker: string | undefined;
    if (fields[0]?.startsWith('@')) {
      marker = fields[0];
      fields = fields.slice(1);
    }
    const [hosts, type, key] = fields;
    if (!hosts || !type || !key || !hostFieldMatches(hosts, name)) continue;
    if (marker === '@revoked') revoked.push(key);
    else if (marker === undefined) keys.push({ type, key });
  }
  return { keys, revoked };
}
