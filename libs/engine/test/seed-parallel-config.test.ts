import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKeystoneStub, startSwift, type KeystoneStub, type SwiftServer } from '@freezer/testkit';
import { runCli } from './run-cli.js';
import { snapshot } from './tree.js';

/**
 * The README's "Parallel backup" example config as written: `[default]` names `storage = local` and a
 * container, and three `[storage:NAME]` sections follow. The stock agent (main.py: `if
 * backup_args.storages`) writes to the sections' storages only; so must we — every copy, each restorable
 * on its own, and nothing in the `[default]` container.
 */
describe("the seed's parallel-backup config ([default] storage = local plus [storage:NAME] sections)", () => {
  let swift: SwiftServer;
  let keystone: KeystoneStub;
  let dir: string;
  const keystoneUser = { user: 'backup', password: 's3cret', project: 'ops' };

  beforeAll(async () => {
    swift = await startSwift();
    const auth = await fetch(swift.authUrl, {
      headers: { 'X-Auth-User': swift.user, 'X-Auth-Key': swift.key },
    });
    keystone = await startKeystoneStub({
      ...keystoneUser,
      storageUrl: auth.headers.get('x-storage-url') ?? '',
      swiftToken: auth.headers.get('x-auth-token') ?? '',
    });
    dir = mkdtempSync(join(tmpdir(), 'fz-seed-parallel-'));
  });
  afterAll(async () => {
    await keystone?.stop();
    await swift?.cleanup();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** The seed's openrc.osrc, pointing at the loopback Keystone whose catalog names the test Swift. */
  const writeOsrc = (): string => {
    const osrc = join(dir, 'openrc.osrc');
    const lines = [
      'unset OS_DOMAIN_NAME',
      `export OS_AUTH_URL=${keystone.authUrl}`,
      `export OS_PROJECT_NAME=${keystoneUser.project}`,
      `export OS_USERNAME=${keystoneUser.user}`,
      `export OS_PASSWORD=${keystoneUser.password}`,
      'export OS_PROJECT_DOMAIN_NAME=Default',
      'export OS_USER_DOMAIN_NAME=Default',
      'export OS_IDENTITY_API_VERSION=3',
      'export OS_AUTH_VERSION=3',
      'export OS_ENDPOINT_TYPE=internalURL',
    ];
    writeFileSync(osrc, `${lines.join('\n')}\n`);
    return osrc;
  };

  const swiftSection = (osrc: string): string[] => [
    '[storage:swift]',
    'storage=swift',
    'container = test',
    `osrc = ${osrc}`,
  ];

  it('writes to first, second and swift (not the [default] container); each copy restores alone', async () => {
    const src = join(dir, 'foo');
    mkdirSync(join(src, 'sub'), { recursive: true });
    writeFileSync(join(src, 'sub', 'a.txt'), 'level zero\n');
    writeFileSync(join(src, 'b.bin'), Buffer.alloc(300_000, 7));
    const osrc = writeOsrc();
    const ini = join(dir, 'parallel.ini');
    const seedConfig = [
      '[default]',
      'action = backup',
      'mode = fs',
      `path_to_backup = ${src}/`,
      'backup_name = mytest6',
      'always_level = 2',
      'max_segment_size = 67108864',
      `container = ${join(dir, 'backup')}/`,
      'storage = local',
      '[storage:first]',
      'storage=local',
      `container = ${join(dir, 'backup1')}/`,
      '[storage:second]',
      'storage=local',
      `container = ${join(dir, 'backup2')}/`,
      ...swiftSection(osrc),
    ];
    writeFileSync(ini, `${seedConfig.join('\n')}\n`);

    // --hostname only fixes the name the restores look for; the seed relies on the machine's.
    const first = await runCli(['--config', ini, '--hostname', 'seedhost']);
    expect(first.code, first.stderr).toBe(0);
    writeFileSync(join(src, 'sub', 'c.txt'), 'level one\n');
    const second = await runCli(['--config', ini, '--hostname', 'seedhost', '--quiet']);
    expect(second.code, second.stderr).toBe(0);
    const expected = snapshot(src);

    expect(existsSync(join(dir, 'backup'))).toBe(false);

    const restoreArgs = (out: string): string[] => [
      '--action',
      'restore',
      '-N',
      'mytest6',
      '--hostname',
      'seedhost',
      '--restore-abs-path',
      out,
    ];
    for (const copy of ['backup1', 'backup2']) {
      const out = join(dir, `out-${copy}`);
      const r = await runCli([...restoreArgs(out), '--storage', 'local', '-C', join(dir, copy)]);
      expect(r.code, `${copy}: ${r.stderr}`).toBe(0);
      expect(snapshot(out), `restored from ${copy}`).toEqual(expected);
    }
    // The Swift copy alone: a config whose only storage is the seed's [storage:swift] section.
    const swiftOnly = join(dir, 'swift-only.ini');
    writeFileSync(swiftOnly, `${swiftSection(osrc).join('\n')}\n`);
    const out = join(dir, 'out-swift');
    const r = await runCli([...restoreArgs(out), '--config', swiftOnly]);
    expect(r.code, `swift: ${r.stderr}`).toBe(0);
    expect(snapshot(out), 'restored from swift').toEqual(expected);

    // The operator learns the [default] storage is not used, in one warning line.
    expect(first.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        /storage = local .* is not used: the \[storage:first\], \[storage:second\], \[storage:swift\]/,
      ),
    ]);
  });
});
