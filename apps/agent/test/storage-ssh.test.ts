import { execFileSync } from 'node:child_process';
import { rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSshd, type SshdServer } from '@freezer/testkit';
import {
  agent,
  filesBelow,
  levelsRestoreRetention,
  makeSourceTree,
  randomTag,
  serverStoppedMidUpload,
  tempDir,
  transferLimitsHold,
} from './storage-cli.js';

describe('freezer-agent on ssh storage (real OpenSSH sshd)', () => {
  let sshd: SshdServer;
  let knownHosts: string;
  const remote = `/home/fzstoragetest/agent-${randomTag()}`;
  const args = (over: Record<string, string> = {}): string[] =>
    Object.entries({
      '--storage': 'ssh',
      '-C': remote,
      '--ssh-host': sshd.host,
      '--ssh-port': String(sshd.port),
      '--ssh-username': sshd.username,
      '--ssh-key': sshd.clientKeyPath,
      '--ssh-known-hosts': knownHosts,
      ...over,
    }).flat();

  beforeAll(async () => {
    sshd = await startSshd();
    knownHosts = await sshd.knownHosts();
  });
  afterAll(async () => {
    await sshd?.cleanup();
    rmSync(remote, { recursive: true, force: true });
  });

  it('levels 0-2 encrypted, restore and restore-from-date to each point, info, retention', async () => {
    await levelsRestoreRetention({ args: args() }, 'walk');
  });

  it('refuses an unknown host key with a clear line; the explicit opt-out connects', async () => {
    const dir = tempDir('ssh-hostkey');
    makeSourceTree(join(dir, 'src'), 1024);
    const empty = join(dir, 'known_hosts');
    writeFileSync(empty, '');
    const base = ['-F', join(dir, 'src'), '-N', 'hostkey', '--hostname', 'agenttest'];
    const r = await agent([...base, ...args({ '--ssh-known-hosts': empty })]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`host key of [127.0.0.1]:${sshd.port} is unknown`);
    expect(r.stderr).toContain('ssh-keyscan');
    const trusting = await agent([
      ...base,
      ...args({ '--ssh-known-hosts': empty }),
      '--ssh-accept-unknown-host-key',
    ]);
    expect(trusting.stderr).toBe('');
    expect(trusting.code).toBe(0);
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports a key the server does not accept as an authentication failure', async () => {
    const dir = tempDir('ssh-auth');
    makeSourceTree(join(dir, 'src'), 1024);
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'stranger')]);
    const r = await agent([
      '-F',
      join(dir, 'src'),
      '-N',
      'auth',
      ...args({ '--ssh-key': join(dir, 'stranger') }),
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/authentication as 'fzstoragetest' at 127\.0\.0\.1:\d+ failed/);
    rmSync(dir, { recursive: true, force: true });
  });

  it('--upload-limit and --download-limit hold', async () => {
    await transferLimitsHold({ args: args() }, 'limits');
  });

  it('sshd stopped mid-upload: exit 1 naming the storage, nothing listed; then it works again', async () => {
    await serverStoppedMidUpload({ args: args() }, 'fault', {
      stop: () => sshd.stop(),
      start: () => sshd.start(),
      uploadStarted: () =>
        filesBelow(join(remote, 'data')).some((f) => f.includes('.partial-') && statSync(f).size > 0),
      names: new RegExp(`ssh:fzstoragetest@127\\.0\\.0\\.1:${sshd.port}`),
      leftovers: async () => filesBelow(join(remote, 'data')).filter((f) => f.includes('.partial-')),
    });
  });
});
