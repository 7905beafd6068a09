import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  UploadPartCommand,
  type CompletedPart,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { Readable } from 'node:stream';
import type { S3Config } from '../../config.js';
import { sleep } from '../../errors.js';
import { backupNameFolder, checkRange, isAtOrBelow, normalizeObjectPath } from '../../paths.js';
import {
  StorageError,
  type BackupStorage,
  type ObjectEntry,
  type SegmentedWriteResult,
  type StorageKind,
} from '../../storage.js';
import { resolveS3 } from './s3-client.js';
import { isRetryable, s3Error } from './s3-errors.js';
import { abortUpload, listUnfinishedUploads } from './s3-unfinished-uploads.js';

/** S3 rejects parts below 5 MiB except the last; smaller segments are coalesced up to this. */
const MIN_PART = 5 * 1024 * 1024;
const PART_ATTEMPTS = 4;
const BACKOFF_MS = [300, 1000, 3000];

/**
 * An S3 bucket (optionally a prefix in it). A backup's data is one multipart upload, one part per
 * segment, only visible once completed; a failed upload is aborted so no parts are left billed.
 */
export class S3Storage implements BackupStorage {
  readonly kind: StorageKind = 's3';
  readonly name: string;
  /** Uploads whose abort failed (server down); retried before the next upload. */
  private readonly pendingAborts: { key: string; uploadId: string }[] = [];

  private constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    private readonly keyPrefix: string,
    label: string,
  ) {
    this.name = label;
  }

  static async open(cfg: S3Config, env: NodeJS.ProcessEnv): Promise<S3Storage> {
    const { client, bucket, keyPrefix, endpointLabel } = resolveS3(cfg, env);
    const storage = new S3Storage(client, bucket, keyPrefix, endpointLabel);
    await storage.ensureBucket();
    return storage;
  }

  private async ensureBucket(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
      return;
    } catch (err) {
      const e = s3Error(this.name, err, `cannot open bucket '${this.bucket}'`);
      if (e.code !== 'not-found') throw e;
    }
    try {
      await this.client.send(new CreateBucketCommand({ Bucket: this.bucket }));
    } catch (err) {
      throw s3Error(this.name, err, `cannot create bucket '${this.bucket}'`);
    }
  }

  private key(path: string, allowEmpty = false): string {
    const rel = normalizeObjectPath(this.name, path, allowEmpty);
    if (this.keyPrefix === '') return rel;
    return rel === '' ? this.keyPrefix : `${this.keyPrefix}/${rel}`;
  }

  private rel(key: string): string {
    return this.keyPrefix === '' ? key : key.slice(this.keyPrefix.length + 1);
  }

  private async withRetry<T>(what: string, op: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await op();
      } catch (err) {
        if (attempt >= PART_ATTEMPTS || !isRetryable(err)) throw s3Error(this.name, err, what);
        await sleep(BACKOFF_MS[attempt - 1] ?? 3000);
      }
    }
  }

  async putObject(path: string, data: Uint8Array): Promise<void> {
    const Key = this.key(path);
    await this.withRetry(`cannot write '${path}'`, () =>
      this.client.send(
        new PutObjectCommand({ Bucket: this.bucket, Key, Body: data, ContentLength: data.byteLength }),
      ),
    );
  }

  async getObject(path: string): Promise<Uint8Array> {
    try {
      const res = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.key(path) }));
      if (!res.Body) return new Uint8Array();
      return await res.Body.transformToByteArray();
    } catch (err) {
      const e = s3Error(this.name, err, `cannot read '${path}'`);
      if (e.code === 'not-found') throw new StorageError(this.name, 'not-found', `'${path}' does not exist`);
      throw e;
    }
  }

  async readRange(path: string, start: number, end: number): Promise<Uint8Array> {
    checkRange(this.name, start, end);
    // HTTP has no empty range: ask for one byte (or none past the end) and drop it.
    const Range = `bytes=${start}-${Math.max(start, end - 1)}`;
    try {
      const res = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: this.key(path), Range }),
      );
      if (!res.Body) return new Uint8Array();
      const body = await res.Body.transformToByteArray();
      return end === start ? body.subarray(0, 0) : body;
    } catch (err) {
      const e = s3Error(this.name, err, `cannot read '${path}'`);
      if (e.code === 'not-found') throw new StorageError(this.name, 'not-found', `'${path}' does not exist`);
      // 416: the range starts at or past the end of the object.
      if ((err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 416) {
        return new Uint8Array();
      }
      throw e;
    }
  }

  async putSegmented(path: string, segments: AsyncIterable<Uint8Array>): Promise<SegmentedWriteResult> {
    const Key = this.key(path);
    await this.retryPendingAborts();
    const folder = backupNameFolder(normalizeObjectPath(this.name, path));
    if (folder !== undefined) await this.abortUnfinished(this.key(folder));
    let uploadId: string | undefined;
    const parts: CompletedPart[] = [];
    let bytes = 0;
    let count = 0;
    let pending: Uint8Array[] = [];
    let pendingBytes = 0;
    // One part uploads while the next segment is produced; never more than one in flight.
    let inFlight: Promise<void> | undefined;

    const flush = async (): Promise<void> => {
      if (pendingBytes === 0 && parts.length > 0) return;
      const body = pending.length === 1 ? pending[0]! : Buffer.concat(pending);
      pending = [];
      pendingBytes = 0;
      if (inFlight) await inFlight;
      uploadId ??= await this.createUpload(Key, path);
      const PartNumber = parts.length + 1;
      const id = uploadId;
      parts.push({ PartNumber });
      inFlight = this.withRetry(`uploading part ${PartNumber} of '${path}' failed`, () =>
        this.client.send(
          new UploadPartCommand({
            Bucket: this.bucket,
            Key,
            UploadId: id,
            PartNumber,
            Body: body,
            ContentLength: body.byteLength,
          }),
        ),
      ).then((res) => {
        parts[PartNumber - 1] = { PartNumber, ETag: res.ETag };
      });
      // Awaited later; this only stops Node from treating a failure as unhandled in the meantime.
      inFlight.catch(() => undefined);
    };

    try {
      for await (const segment of segments) {
        pending.push(segment);
        pendingBytes += segment.byteLength;
        bytes += segment.byteLength;
        count += 1;
        if (pendingBytes >= MIN_PART) await flush();
        else if (inFlight) await inFlight; // surface a failed part early
      }
      if (count === 0 || (uploadId === undefined && pendingBytes < MIN_PART)) {
        // Too small for multipart: one plain PUT is just as atomic.
        const body = Buffer.concat(pending);
        await this.withRetry(`cannot write '${path}'`, () =>
          this.client.send(
            new PutObjectCommand({ Bucket: this.bucket, Key, Body: body, ContentLength: body.byteLength }),
          ),
        );
        return { bytes, segments: count };
      }
      if (pendingBytes > 0) await flush();
      await inFlight;
      const id = uploadId!;
      await this.withRetry(`completing '${path}' failed`, () =>
        this.client.send(
          new CompleteMultipartUploadCommand({
            Bucket: this.bucket,
            Key,
            UploadId: id,
            MultipartUpload: { Parts: parts },
          }),
        ),
      );
      return { bytes, segments: count };
    } catch (err) {
      await inFlight?.catch(() => undefined);
      if (uploadId) await this.abort(Key, uploadId);
      throw err instanceof StorageError || !(err instanceof Error && '$metadata' in err)
        ? err
        : s3Error(this.name, err, `writing '${path}' failed`);
    }
  }

  private async createUpload(Key: string, path: string): Promise<string> {
    const res = await this.withRetry(`cannot start the upload of '${path}'`, () =>
      this.client.send(new CreateMultipartUploadCommand({ Bucket: this.bucket, Key })),
    );
    if (!res.UploadId) throw new StorageError(this.name, 'io', `no upload id returned for '${path}'`);
    return res.UploadId;
  }

  private async abort(key: string, uploadId: string): Promise<void> {
    try {
      await this.withRetry('abort', () =>
        this.client.send(
          new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId }),
        ),
      );
    } catch {
      this.pendingAborts.push({ key, uploadId });
    }
  }

  private async retryPendingAborts(): Promise<void> {
    for (const { key, uploadId } of this.pendingAborts.splice(0)) await this.abort(key, uploadId);
  }

  /**
   * Aborts the multipart uploads a run that died (server gone, process killed) left at or below
   * `keyPrefix`: their parts are invisible to `list` but stored, and billed, until aborted. Best effort:
   * a store without ListMultipartUploads must not block backups or retention, and a real outage shows up
   * in the operation that follows.
   */
  private async abortUnfinished(keyPrefix: string): Promise<void> {
    try {
      for (const upload of await listUnfinishedUploads(this.client, this.bucket, keyPrefix)) {
        await abortUpload(this.client, this.bucket, upload);
      }
    } catch {
      // see above: housekeeping only
    }
  }

  async *getSegmented(path: string): AsyncIterable<Uint8Array> {
    let body: Readable;
    try {
      const res = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.key(path) }));
      if (!res.Body) return;
      body = res.Body as Readable;
    } catch (err) {
      const e = s3Error(this.name, err, `cannot read '${path}'`);
      if (e.code === 'not-found') throw new StorageError(this.name, 'not-found', `'${path}' does not exist`);
      throw e;
    }
    try {
      for await (const chunk of body) yield chunk as Uint8Array;
    } catch (err) {
      throw s3Error(this.name, err, `reading '${path}' failed`);
    }
  }

  async list(prefix: string): Promise<ObjectEntry[]> {
    const base = this.key(prefix, true);
    const out: ObjectEntry[] = [];
    let ContinuationToken: string | undefined;
    try {
      do {
        const res = await this.client.send(
          new ListObjectsV2Command({ Bucket: this.bucket, Prefix: base, ContinuationToken }),
        );
        for (const o of res.Contents ?? []) {
          if (!o.Key || !isAtOrBelow(o.Key, base)) continue;
          out.push({ path: this.rel(o.Key), size: o.Size ?? 0 });
        }
        ContinuationToken = res.IsTruncated ? res.NextContinuationToken : undefined;
      } while (ContinuationToken);
    } catch (err) {
      throw s3Error(this.name, err, `cannot list '${prefix}'`);
    }
    return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  async remove(prefix: string): Promise<void> {
    await this.abortUnfinished(this.key(prefix, true));
    const entries = await this.list(prefix);
    for (let i = 0; i < entries.length; i += 1000) {
      const Objects = entries.slice(i, i + 1000).map((e) => ({ Key: this.key(e.path) }));
      const res = await this.withRetry(`cannot remove '${prefix}'`, () =>
        this.client.send(new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects, Quiet: true } })),
      );
      const failed = res.Errors?.[0];
      if (failed) {
        throw new StorageError(
          this.name,
          'io',
          `cannot remove '${failed.Key}': ${failed.Message ?? failed.Code}`,
        );
      }
    }
  }

  async close(): Promise<void> {
    this.client.destroy();
  }
}
