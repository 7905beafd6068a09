import { AbortMultipartUploadCommand, ListMultipartUploadsCommand, type S3Client } from '@aws-sdk/client-s3';
import { isAtOrBelow } from '../../paths.js';

export interface UnfinishedUpload {
  key: string;
  uploadId: string;
}

/** Every multipart upload that was started and neither completed nor aborted, at or below `keyPrefix`. */
export async function listUnfinishedUploads(
  client: S3Client,
  bucket: string,
  keyPrefix: string,
): Promise<UnfinishedUpload[]> {
  const out: UnfinishedUpload[] = [];
  let KeyMarker: string | undefined;
  let UploadIdMarker: string | undefined;
  for (;;) {
    const res = await client.send(
      new ListMultipartUploadsCommand({
        Bucket: bucket,
        ...(keyPrefix ? { Prefix: keyPrefix } : {}),
        ...(KeyMarker ? { KeyMarker } : {}),
        ...(UploadIdMarker ? { UploadIdMarker } : {}),
      }),
    );
    for (const u of res.Uploads ?? []) {
      if (u.Key && u.UploadId && isAtOrBelow(u.Key, keyPrefix))
        out.push({ key: u.Key, uploadId: u.UploadId });
    }
    if (!res.IsTruncated || !res.NextKeyMarker) return out;
    KeyMarker = res.NextKeyMarker;
    UploadIdMarker = res.NextUploadIdMarker;
  }
}

export function abortUpload(client: S3Client, bucket: string, upload: UnfinishedUpload): Promise<unknown> {
  return client.send(
    new AbortMultipartUploadCommand({ Bucket: bucket, Key: upload.key, UploadId: upload.uploadId }),
  );
}
