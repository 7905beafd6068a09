import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKeystoneStub, type KeystoneStub, startSwift, type SwiftServer } from '@freezer/testkit';
import {
  agent,
  agentOk,
  filesBelow,
  levelsRestoreRetention,
  makeSourceTree,
  randomTag,
  serverStoppedMidUpload,
  tempDir,
  transferLimitsHold,
  type FaultControl,
  type StorageUnderTest,
} from './storage-cli.js';
import { SwiftInspector } from './storage-swift-inspect.js';

/** One real Swift 2.30 (tempauth + s3api) serves the s3 driver and both auth paths of the swift driver. */
describe('freezer-agent on object storage (real Swift: s3api, tempauth, Keystone v3)', () => {
  let swift: SwiftServer;
  let keystone: KeystoneStub;
  const keystoneOpts = { user: 'backup', password: 's3cret', project: 'ops', storageUrl: '', swiftToken: '' };
  const bucket = `fz-agent-${randomTag()}`;
  const container = `agent${randomTag()}`;

  let inspect: SwiftInspector;
  /** The Keystone stub hands out a real Swift token; a restarted Swift needs a fresh one. */
  const swiftLogin = async (): Promise<void> => {
    await inspect.login();
    keystoneOpts.storageUrl = inspect.storageUrl;
    keystoneOpts.swiftToken = inspect.token;
  };

  const s3 = (over: Record<string, string> = {}): StorageUnderTest => ({
    args: Object.entries({
      '--storage': 's3',
      '-C': bucket,
      '--endpoint': swift.endpoint,
      '--access-key': swift.user,
      '--secret-key': swift.key,
      ...over,
    }).flat(),
  });
  const swiftV1 = (key = swift.key): StorageUnderTest => ({
    args: ['--storage', 'swift', '-C', container],
    env: { ST_AUTH: swift.authUrl, ST_USER: swift.user, ST_KEY: key },
  });
  const swiftV3 = (password = keystoneOpts.password): StorageUnderTest => ({
    args: ['--storage', 'swift', '-C', `${container}v3`],
    env: {
      OS_AUTH_URL: keystone.authUrl,
      OS_USERNAME: keystoneOpts.user,
      OS_PASSWORD: password,
      OS_PROJECT_NAME: keystoneOpts.project,
      OS_USER_DOMAIN_NAME: 'Default',
      OS_PROJECT_DOMAIN_NAME: 'Default',
    },
  });

  /** Stops Swift once a new object has landed on its disk (a segment or a multipart part). */
  const swiftFault = (names: RegExp, leftovers: () => Promise<string[]>): FaultControl => {
    const objects = (): number =>
      filesBelow(join(swift.base, 'srv/node')).filter((f) => f.endsWith('.data')).length;
    let before = 0;
    return {
      arm: () => (before = objects()),
      uploadStarted: () => objects() > before,
      stop: () => swift.stop(),
      start: async () => {
        await swift.start();
        await swiftLogin();
      },
      names,
      leftovers,
    };
  };

  /** A failed run: exit 1 and exactly one line containing `expected`. */
  const failsWith = async (target: StorageUnderTest, expected: RegExp): Promise<void> => {
    const dir = tempDir('objects-auth');
    makeSourceTree(join(dir, 'src'), 1024);
    const r = await agent(['-F', join(dir, 'src'), '-N', 'auth', ...target.args], target.env);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(expected);
  };

  beforeAll(async () => {
    swift = await startSwift();
    inspect = new SwiftInspector(swift);
    await swiftLogin();
    keystone = await startKeystoneStub(keystoneOpts);
  });
  afterAll(async () => {
    await keystone?.stop();
    await swift?.cleanup();
  });

  describe('s3 (Swift s3api)', () => {
    it('levels 0-2 encrypted, restore and restore-from-date to each point, info, retention', async () => {
      await levelsRestoreRetention(s3(), 'walk');
    });
    it('wrong credentials give one clear line', async () => {
      await failsWith(
        s3({ '--secret-key': 'wrong' }),
        new RegExp(`s3:${bucket}@127\\.0\\.0\\.1:\\d+: .*(credentials|denied|signature)`, 'i'),
      );
    });
    it('--upload-limit and --download-limit hold', async () => {
      await transferLimitsHold(s3(), 'limits');
    });
    it('Swift stopped mid-upload: exit 1 naming the storage, nothing listed; then it works again', async () => {
      await serverStoppedMidUpload(
        s3(),
        'fault',
        swiftFault(new RegExp(`s3:${bucket}@127\\.0\\.0\\.1:\\d+`), () =>
          inspect.s3Leftovers(bucket, 'data/tar/agenttest_fault/'),
        ),
      );
    });
  });

  describe('swift with tempauth (ST_AUTH, ST_USER, ST_KEY)', () => {
    it('levels 0-2 encrypted, restore and restore-from-date to each point, info, retention', async () => {
      await levelsRestoreRetention(swiftV1(), 'walk');
    });
    it('keeps the stock layout: freezer_ container, <dir>/segments/%08d, the manifest written last', async () => {
      const dir = tempDir('swift-layout');
      makeSourceTree(join(dir, 'src'));
      const target = swiftV1();
      const name = 'layout';
      const backup = ['-F', join(dir, 'src'), '-N', name, '--hostname', 'agenttest', ...target.args];
      await agentOk([...backup, '--max-segment-size', '256K'], target.env);
      const stored = await inspect.names(`freezer_${container}`, `data/tar/agenttest_${name}/`);
      const manifest = stored.find((n) => n.endsWith('/data'))!;
      const backupDir = manifest.slice(0, -'/data'.length);
      const segments = stored.filter((n) => n.startsWith(`${backupDir}/segments/`));
      expect(segments.length).toBeGreaterThan(3);
      expect(segments).toEqual(segments.map((_, i) => `${backupDir}/segments/${String(i).padStart(8, '0')}`));
      const head = await inspect.head(`freezer_${container}`, manifest);
      expect(head.get('x-object-manifest')).toBe(`freezer_${container}/${backupDir}/segments/`);
      // Swift's own write timestamps: the manifest (the commit point) is newer than every segment.
      const written = async (o: string): Promise<number> =>
        Number((await inspect.head(`freezer_${container}`, o)).get('x-timestamp'));
      const newestSegment = Math.max(...(await Promise.all(segments.map(written))));
      expect(Number(head.get('x-timestamp'))).toBeGreaterThan(newestSegment);
      rmSync(dir, { recursive: true, force: true });
    });
    it('wrong credentials give one clear line', async () => {
      await failsWith(swiftV1('wrong'), /swift.*rejected user 'test:tester'/);
    });
    it('--upload-limit and --download-limit hold', async () => {
      await transferLimitsHold(swiftV1(), 'limits');
    });
    it('Swift stopped mid-upload: exit 1 naming the storage, nothing listed; then it works again', async () => {
      await serverStoppedMidUpload(
        swiftV1(),
        'fault',
        swiftFault(new RegExp(`swift:freezer_${container}@127\\.0\\.0\\.1:\\d+`), () =>
          inspect.swiftLeftovers(`freezer_${container}`, 'data/tar/agenttest_fault/'),
        ),
      );
    });
  });

  describe('swift with Keystone v3 password auth (OS_* variables, catalog endpoint)', () => {
    it('levels 0-2 encrypted, restore and restore-from-date to each point, info, retention', async () => {
      const before = keystone.requests;
      await levelsRestoreRetention(swiftV3(), 'walk');
      expect(keystone.requests).toBeGreaterThan(before);
    });
    it('a wrong password gives one clear line', async () => {
      await failsWith(swiftV3('wrong'), /swift.*(401|rejected|Unauthorized)/i);
    });
  });
});
