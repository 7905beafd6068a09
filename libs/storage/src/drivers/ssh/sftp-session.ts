import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { Client, type ConnectConfig, type SFTPWrapper } from 'ssh2';
import type { SshConfig } from '../../config.js';
import { errnoCode } from '../../errors.js';
import { StorageError } from '../../storage.js';
import { knownHostsName, lookupKnownHost, type KnownHostKey } from './known-hosts.js';

export interface SftpSession {
  client: Client;
  sftp: SFTPWrapper;
  /** Set once the connection is gone; a later call reconnects. */
  closed: boolean;
  /** Why the connection went away, for a message better than "No response from server". */
  closeReason?: string;
  /**
   * Rejects when the connection is gone. ssh2 never calls back SFTP requests that were in flight (or
   * waiting for channel window) when the TCP connection died, so every request races this.
   */
  lost: Promise<never>;
}

const HOST_KEY_ALGOS: Record<string, string[]> = {
  'ssh-ed25519': ['ssh-ed25519'],
  'ssh-rsa': ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'],
  'ecdsa-sha2-nistp256': ['ecdsa-sha2-nistp256'],
  'ecdsa-sha2-nistp384': ['ecdsa-sha2-nistp384'],
  'ecdsa-sha2-nistp521': ['ecdsa-sha2-nistp521'],
};

async function defaultKey(): Promise<string> {
  for (const name of ['id_ed25519', 'id_ecdsa', 'id_rsa']) {
    const path = join(homedir(), '.ssh', name);
    try {
      await readFile(path);
      return path;
    } catch {
      // try the next conventional name
    }
  }
  return join(homedir(), '.ssh', 'id_rsa');
}

/** Connects, verifying the host key against known_hosts unless explicitly opted out. */
export async function openSftpSession(cfg: SshConfig, storage: string): Promise<SftpSession> {
  const port = cfg.port ?? 22;
  const keyPath = cfg.keyPath ?? (await defaultKey());
  let privateKey: Buffer;
  try {
    privateKey = await readFile(keyPath);
  } catch (err) {
    throw new StorageError(
      storage,
      'config',
      `cannot read ssh key '${keyPath}' (${errnoCode(err) ?? 'error'})`,
    );
  }

  let known: KnownHostKey[] = [];
  let revoked: string[] = [];
  if (!cfg.acceptUnknownHostKey) {
    const file = cfg.knownHostsPath ?? join(homedir(), '.ssh', 'known_hosts');
    try {
      ({ keys: known, revoked } = await lookupKnownHost(file, cfg.host, port));
    } catch (err) {
      if (errnoCode(err) !== 'ENOENT') {
        throw new StorageError(
          storage,
          'config',
          `cannot read known_hosts '${file}' (${errnoCode(err) ?? 'error'})`,
        );
      }
    }
    if (known.length === 0) {
      throw new StorageError(
        storage,
        'host-key',
        `host key of ${knownHostsName(cfg.host, port)} is unknown: not in ${file}; add it with ` +
          `'ssh-keyscan -p ${port} ${cfg.host} >> ${file}' after checking its fingerprint, or opt out explicitly`,
      );
    }
  }

  let hostKeyProblem: string | undefined;
  const hostVerifier = (key: Buffer): boolean => {
    if (cfg.acceptUnknownHostKey) return true;
    const presented = key.toString('base64');
    if (revoked.includes(presented)) {
      hostKeyProblem = `host key of ${knownHostsName(cfg.host, port)} is marked @revoked in known_hosts`;
      return false;
    }
    if (known.some((k) => k.key === presented)) return true;
    hostKeyProblem =
      `host key of ${knownHostsName(cfg.host, port)} has CHANGED: the server presented a key that does not ` +
      `match known_hosts (possible man-in-the-middle); refusing to connect`;
    return false;
  };
  const prefer = [...new Set(known.flatMap((k) => HOST_KEY_ALGOS[k.type] ?? []))];

  const connectConfig: ConnectConfig = {
    host: cfg.host,
    port,
    username: cfg.username,
    privateKey,
    hostVerifier,
    readyTimeout: 15_000,
    keepaliveInterval: 10_000,
    keepaliveCountMax: 3,
    ...(prefer.length > 0
      ? { algorithms: { serverHostKey: { prepend: prefer, append: [], remove: [] } } }
      : {}),
  } as ConnectConfig;

  const client = new Client();
  const session = await new Promise<SftpSession>((resolve, reject) => {
    let settled = false;
    const fail = (err: Error & { level?: string }): void => {
      if (settled) return;
      settled = true;
      client.end();
      reject(classifyConnectError(storage, err, hostKeyProblem, cfg));
    };
    client.once('error', fail);
    client.once('close', () => fail(new Error('connection closed during handshake')));
    client.once('ready', () => {
      client.sftp((err, sftp) => {
        if (err) return fail(err);
        settled = true;
        resolve({ client, sftp, closed: false, lost: new Promise<never>(() => undefined) });
      });
    });
    client.connect(connectConfig);
  });
  client.removeAllListeners('error');
  client.removeAllListeners('close');
  client.on('error', (err: Error) => {
    session.closeReason ??= err.message;
  });
  session.lost = new Promise<never>((_resolve, rejectLost) => {
    client.on('close', () => {
      session.closed = true;
      session.closeReason ??= 'connection closed by the server';
      rejectLost(new Error(session.closeReason));
    });
  });
  session.lost.catch(() => undefined);
  return session;
}

function classifyConnectError(
  storage: string,
  err: Error & { level?: string },
  hostKeyProblem: string | undefined,
  cfg: SshConfig,
): StorageError {
  const where = `${cfg.host}:${cfg.port ?? 22}`;
  if (hostKeyProblem) return new StorageError(storage, 'host-key', hostKeyProblem, { cause: err });
  if (err.level === 'client-authentication') {
    return new StorageError(
      storage,
      'auth',
      `authentication as '${cfg.username}' at ${where} failed (key rejected)`,
      {
        cause: err,
      },
    );
  }
  const code = errnoCode(err);
  if (code === 'ECONNREFUSED' || code === 'EHOSTUNREACH' || code === 'ENOTFOUND' || code === 'ETIMEDOUT') {
    return new StorageError(storage, 'unreachable', `cannot connect to ${where} (${code})`, { cause: err });
  }
  if (err.level === 'client-timeout') {
    return new StorageError(storage, 'unreachable', `no SSH handshake from ${where} within 15 s`, {
      cause: err,
    });
  }
  return new StorageError(storage, 'unreachable', `SSH connection to ${where} failed: ${err.message}`, {
    cause: err,
  });
}
