import {
  CreateMultipartUploadCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStorage, StorageError, type BackupStorage, type S3Config } from '../src/index.js';
import { fromArray, makeSegments, readAll, sha256 } from './helpers.js';
import { startSwift, type SwiftServer } from '@freezer/testkit';
import { storageContract } from './storage-contract.js';

const MIB = 1024 * 1024;

describe('s3 storage against Swift s3api', () => {
  let swift: SwiftServer;
  let storage: BackupStorage;
  let cfg: S3Config;
  let raw: S3Client;
  const bucket = `fz-test-${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    swift = await startSwift();
    cfg = {
      type: 's3',
      container: `${bucket}/backups`,
      endpoint: swift.endpoint,
      accessKey: swift.user,
      secretKey: swift.key,
    };
    storage = await openStorage(cfg);
    raw = new S3Client({
      endpoint: swift.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: swift.user, secretAccessKey: swift.key },
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  });
  afterAll(async () => {
    raw?.destroy();
    await storage?.close();
    await swift?.cleanup();
  });

  const openUploads = async (): Promise<number> =>
    (await raw.send(new ListMultipartUploadsCommand({ Bucket: bucket }))).Uploads?.length ?? 0;

  storageContract(() => storage, { segmentSize: 5 * MIB, prefix: 'data/tar/h1_b' });

  it('stores one multipart part per segment under the bucket prefix', async () => {
    await storage.putSegmented('mp/0_1/data', fromArray(makeSegments(3, 6 * MIB)));
    const head = await raw.send(new HeadObjectCommand({ Bucket: bucket, Key: 'backups/mp/0_1/data' }));
    expect(head.ETag).toMatch(/-3"$/);
    expect(head.ContentLength).toBe(18 * MIB);
  });

  it('leaves no multipart upload behind after a failed stream', async () => {
    async function* dying(): AsyncIterable<Uint8Array> {
      yield new Uint8Array(6 * MIB);
      yield new Uint8Array(6 * MIB);
      throw new Error('tar died');
    }
    await expect(storage.putSegmented('mpfail/0_1/data', dying())).rejects.toThrow('tar died');
    expect(await openUploads()).toBe(0);
    expect(await storage.list('mpfail')).toEqual([]);
  });

  it('aborts what a dead run left: in the same backup name on the next upload, below a removed prefix', async () => {
    // A process killed mid-upload (or whose abort could not reach the server) leaves its upload open.
    const abandon = async (key: string): Promise<void> => {
      await raw.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: `backups/${key}` }));
    };
    await abandon('data/tar/h_dead/10/1_11/data');
    await abandon('data/tar/h_other/10/0_10/data');
    const keys = async (): Promise<string[]> =>
      ((await raw.send(new ListMultipartUploadsCommand({ Bucket: bucket }))).Uploads ?? [])
        .map((u) => u.Key ?? '')
        .sort();
    await storage.putSegmented('data/tar/h_dead/12/0_12/data', fromArray(makeSegments(2, 6 * MIB)));
    // only the same backup name is swept: another one may be uploading right now
    expect(await keys()).toEqual(['backups/data/tar/h_other/10/0_10/data']);
    await storage.remove('data/tar/h_other');
    expect(await keys()).toEqual([]);
    await storage.remove('data/tar/h_dead');
  });

  it('lists past 1,000 objects', async () => {
    const keys = Array.from({ length: 1010 }, (_, i) => `backups/many/${String(i).padStart(5, '0')}`);
    for (let i = 0; i < keys.length; i += 10) {
      await Promise.all(
        keys
          .slice(i, i + 10)
          .map((Key) => raw.send(new PutObjectCommand({ Bucket: bucket, Key, Body: 'x' }))),
      );
    }
    const listed = await storage.list('many');
    expect(listed.length).toBe(1010);
    expect(listed[1009]).toEqual({ path: 'many/01009', size: 1 });
    await storage.remove('many');
    expect(await storage.list('many')).toEqual([]);
  });

  it('takes credentials and region from the AWS variables', async () => {
    const s = await openStorage({ type: 's3', container: bucket, endpoint: swift.endpoint }, undefined, {
      AWS_ACCESS_KEY_ID: swift.user,
      AWS_SECRET_ACCESS_KEY: swift.key,
      AWS_DEFAULT_REGION: 'us-east-1',
    });
    expect((await s.list('backups/mp')).map((e) => e.path)).toEqual(['backups/mp/0_1/data']);
    await s.close();
  });

  it('reports wrong credentials as an auth error', async () => {
    const err = await openStorage({ ...cfg, secretKey: 'wrong' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageError);
    expect((err as StorageError).code).toBe('auth');
    expect((err as Error).message).toContain('credentials rejected');
  });

  it('fails cleanly when the server stops mid-upload and recovers after it returns', async () => {
    const segs = makeSegments(4, 6 * MIB);
    async function* dyingServer(): AsyncIterable<Uint8Array> {
      yield segs[0]!;
      yield segs[1]!;
      await swift.stop();
      yield segs[2]!;
      yield segs[3]!;
    }
    const err = await storage.putSegmented('fault/0_1/data', dyingServer()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageError);
    expect(['unreachable', 'interrupted']).toContain((err as StorageError).code);
    expect((err as Error).message).toContain('endpoint not reachable');

    await swift.start();
    await storage.putSegmented('fault/0_2/data', fromArray(segs));
    expect(sha256(await readAll(storage.getSegmented('fault/0_2/data')))).toBe(sha256(segs));
    expect((await storage.list('fault')).map((e) => e.path)).toEqual(['fault/0_2/data']);
    // the upload the outage interrupted was aborted once the server was back
    expect(await openUploads()).toBe(0);
  });
});
