import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ProgressHub } from './progress-hub.js';
import { sseFrame, SSE_PING, SSE_RETRY } from './sse-frame.js';

const PING_MS = 15_000;
/** A dashboard this far behind (slow link, stalled tab) skips updates: the next one replaces them. */
const MAX_BUFFERED = 256 * 1024;

/**
 * Turns the reply into a text/event-stream of the project's progress: the current state first, then
 * each update. The reply is hijacked (no compression, no onSend hooks), so the headers that matter
 * are set here; `X-Accel-Buffering: no` asks nginx not to buffer it.
 */
export function openEventStream(
  hub: ProgressHub,
  project: string,
  req: FastifyRequest,
  reply: FastifyReply,
): void {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-store',
    'x-content-type-options': 'nosniff',
    'x-accel-buffering': 'no',
    'x-openstack-request-id': req.id,
    connection: 'keep-alive',
  });
  let initial = SSE_RETRY;
  for (const p of hub.list(project)) initial += sseFrame('progress', JSON.stringify(p));
  res.write(initial);
  const unsubscribe = hub.subscribe(project, {
    send(frames) {
      if (!res.destroyed && res.writableLength < MAX_BUFFERED) res.write(frames);
    },
    end: () => res.end(),
  });
  const ping = setInterval(() => res.write(SSE_PING), PING_MS);
  ping.unref();
  res.on('close', () => {
    clearInterval(ping);
    unsubscribe();
  });
}
