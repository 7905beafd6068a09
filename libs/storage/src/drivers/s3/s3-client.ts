import { createHash } from 'node:crypto';
import { S3Client } from '@aws-sdk/client-s3';
import type { S3Config } from '../../config.js';
import { StorageError } from '../../storage.js';

export interface ResolvedS3 {
  client: S3Client;
  bucket: string;
  /** Key prefix inside the bucket ('' or 'some/prefix'). */
  keyPrefix: string;
  endpointLabel: string;
}

/** Explicit settings win; then the AWS variables; then the seed's ACCESS_KEY/SECRET_KEY/ENDPOINT. */
export function resolveS3(cfg: S3Config, env: NodeJS.ProcessEnv): ResolvedS3 {
  const [bucket = '', ...rest] = cfg.container.replace(/^\/+/, '').split('/');
  if (bucket === '') throw new StorageError('s3', 'config', 's3 storage needs --container <bucket>[/prefix]');
  const keyPrefix = rest.filter((p) => p !== '').join('/');
  const endpoint = cfg.endpoint ?? env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL ?? env.ENDPOINT;
  const accessKeyId = cfg.accessKey ?? env.AWS_ACCESS_KEY_ID ?? env.ACCESS_KEY;
  const secretAccessKey = cfg.secretKey ?? env.AWS_SECRET_ACCESS_KEY ?? env.SECRET_KEY;
  const region = cfg.region ?? env.AWS_DEFAULT_REGION ?? env.AWS_REGION ?? 'us-east-1';
  const label = `s3:${bucket}${keyPrefix ? `/${keyPrefix}` : ''}@${endpoint ? new URL(endpoint).host : 'aws'}`;
  if (!accessKeyId || !secretAccessKey) {
    throw new StorageError(
      label,
      'config',
      's3 storage needs --access-key and --secret-key (or AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY)',
    );
  }
  // The SDK warns on stderr under Node < 22 (Debian's is 20) about its own future releases: noise that
  // would break the agent's one-line error contract. Its documented switch; a user's own setting wins.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const client = new S3Client({
    ...(endpoint ? { endpoint } : {}),
    region,
    forcePathStyle: cfg.forcePathStyle ?? endpoint !== undefined,
    credentials: { accessKeyId, secretAccessKey },
    // aws-chunked uploads with CRC trailers are not understood by many S3-compatible stores (Swift's
    // s3api answers 501); send plain bodies and only the checksums a request requires.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 2,
  });
  // Multi-delete requires Content-MD5 on s3api (and on AWS before CRC checksums); new SDKs omit it.
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const request = (args as { request?: { body?: unknown; headers?: Record<string, string> } }).request;
      if (
        context.commandName === 'DeleteObjectsCommand' &&
        request?.headers &&
        typeof request.body === 'string'
      ) {
        request.headers['content-md5'] = createHash('md5').update(request.body).digest('base64');
      }
      return next(args);
    },
    { step: 'finalizeRequest', priority: 'high', name: 'freezerContentMd5' },
  );
  return { client, bucket, keyPrefix, endpointLabel: label };
}
