import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import { API_HEADERS } from '../plugins/security-headers.js';
import { readProgressStream } from './progress-stream.js';

export const PROGRESS_STREAM_TYPE = 'application/x-ndjson';

/** A request body handed over unread by the NDJSON parser (the route reads it line by line). */
export function isBodyStream(body: unknown): body is Readable {
  return typeof (body as Readable | undefined)?.[Symbol.asyncIterator] === 'function';
}

/**
 * A node's streamed progress: the job was looked up and the caller authorized once, by the hooks and
 * the route, before this runs. The headers go out at once (a node behind a buffering proxy learns
 * early whether the stream is taken), then each line is published as a single post would be. The
 * reply body is one NDJSON line at the end: `{"accepted":N}`, or the 400-style error body of the
 * line that ended the stream (the connection is then closed: nothing after that line is read).
 */
export async function takeProgressStream(
  app: FastifyInstance,
  project: string,
  jobId: string,
  body: Readable,
  req: FastifyRequest,
  reply: FastifyReply,
): Promise<void> {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    ...API_HEADERS,
    'content-type': `${PROGRESS_STREAM_TYPE}; charset=utf-8`,
    'cache-control': 'no-store',
    'x-accel-buffering': 'no',
    'x-openstack-request-id': req.id,
  });
  res.flushHeaders();
  const feed = app.progressFeed;
  const result = await readProgressStream(body, (event) =>
    feed.publish(project, { ...event, job_id: jobId, received_at: Date.now() }),
  );
  if (result.aborted) {
    res.destroy();
    return;
  }
  if (result.error === undefined) {
    res.end(`${JSON.stringify({ accepted: result.accepted })}\n`);
    return;
  }
  req.log.warn({ job_id: jobId, accepted: result.accepted }, `progress stream refused: ${result.error}`);
  const line = JSON.stringify({ title: 'Bad Request', description: result.error, accepted: result.accepted });
  // The rest of the body is never read: Node would otherwise drain an endless stream after the reply.
  res.end(`${line}\n`, () => req.raw.destroy());
}
