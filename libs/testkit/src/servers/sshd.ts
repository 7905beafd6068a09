import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireBinary, run } from '../binaries.js';
import { freePort } from '../ports.js';
import { RECIPES } from '../repo.js';

export interface SshdServer {
  host: string;
  port: number;
  username: string;
  clientKeyPath: string;
  /** `ssh-ed25519 AAAA...` of the server's host key. */
  hostPublicKey: string;
  dir: string;
  pid(): Promise<number>;
  /** Writes a known_hosts file trusting this server (plain or hashed entry) and returns its path. */
  knownHosts(opts?: { hashed?: boolean; name?: string }): Promise<string>;
  stop(): Promise<void>;
  start(): Promise<void>;
  cleanup(): Promise<void>;
}

export const SSH_TEST_USER = 'fzstoragetest';

/** A real OpenSSH sshd on 127.0.0.1 (recipes/sshd-start.sh), stopped by PID. */
export async function startSshd(): Promise<SshdServer> {
  requireBinary('/usr/sbin/sshd', 'openssh-server');
  const dir = await mkdtemp(join(tmpdir(), 'fz-sshd-'));
  const port = await freePort();
  const start = async (): Promise<void> => {
    await run(join(RECIPES, 'sshd-start.sh'), [dir, String(port), SSH_TEST_USER]);
  };
  await start();
  const hostPublicKey = (await readFile(join(dir, 'host_ed25519.pub'), 'utf8'))
    .trim()
    .split(' ')
    .slice(0, 2)
    .join(' ');
  const server: SshdServer = {
    host: '127.0.0.1',
    port,
    username: SSH_TEST_USER,
    clientKeyPath: join(dir, 'client_ed25519'),
    hostPublicKey,
    dir,
    pid: async () => Number((await readFile(join(dir, 'sshd.pid'), 'utf8')).trim()),
    async knownHosts(opts = {}) {
      const file = join(dir, opts.name ?? (opts.hashed ? 'known_hosts_hashed' : 'known_hosts'));
      const { writeFile } = await import('node:fs/promises');
      await writeFile(file, `[127.0.0.1]:${port} ${hostPublicKey}\n`);
      if (opts.hashed) await run('ssh-keygen', ['-H', '-f', file]);
      return file;
    },
    stop: () => run(join(RECIPES, 'sshd-stop.sh'), [dir]).then(() => undefined),
    start,
    async cleanup() {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return server;
}
