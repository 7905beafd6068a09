import { PROGRESS_INTERVAL_HEADER, type ProgressAdvice } from '@freezer/schema';
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
 * reply body ends with one NDJSON line: `{"accepted":N}`, or the 400-style error body of the line that
 * ended the stream (the connection is then closed: nothing after that line is read). Before it, the
 * pacing: the response headers carry the interval the API wants (`Freezer-Progress-Interval`), and a
 * control line `{"progress_interval":N}` follows whenever that changes (checked at each line, and at
 * once when a dashboard starts watching the project).
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
  const pacing = app.progressPacing;
  let advised = pacing.intervalFor(project);
  res.writeHead(200, {
    ...API_HEADERS,
    'content-type': `${PROGRESS_STREAM_TYPE}; charset=utf-8`,
    'cache-control': 'no-store',
    'x-accel-buffering': 'no',
    'x-openstack-request-id': req.id,
    [PROGRESS_INTERVAL_HEADER]: String(advised),
  });
  res.flushHeaders();
  const feed = app.progressFeed;
  const advise = () => {
    const now = pacing.intervalFor(project);
    if (now === advised || res.destroyed) return;
    advised = now;
    const advice: ProgressAdvice = { progress_interval: now };
    res.write(`${JSON.stringify(advice)}\n`);
  };
  const unfollow = pacing.follow(project, advise);
  const result = await readProgressStream(body, (event) => {
    feed.publish(project, { ...event, job_id: jobId, received_at: Date.now() });
    advise();
  }).finally(unfollow);
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
