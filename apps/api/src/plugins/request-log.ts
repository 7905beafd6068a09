import { type FastifyReply, type FastifyRequest, LogController } from 'fastify';

/**
 * One log line per request, written when the reply is done, instead of Fastify's two
 * ("incoming request" + "request completed") at info. Successful requests log at debug: the
 * scheduler polls every node's jobs all day, and two synchronous log writes per poll were a
 * measurable share of the API's CPU (docs/benchmarks.md, API). Failures still log at info/warn.
 */
export class RequestLogController extends LogController {
  override incomingRequest(): void {
    // Nothing: the completion line carries the method and URL.
  }

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    const status = reply.statusCode;
    const level = error || status >= 500 ? 'warn' : status >= 400 ? 'info' : 'debug';
    // Skip building the line when the level is off. FastifyBaseLogger does not type isLevelEnabled,
    // and the no-op logger of `logger: false` has none.
    const enabled = (reply.log as { isLevelEnabled?: (l: string) => boolean }).isLevelEnabled;
    if (enabled && !enabled.call(reply.log, level)) return;
    reply.log[level](
      {
        method: request.method,
        url: request.url,
        statusCode: status,
        ms: Math.round(reply.elapsedTime * 10) / 10,
        ...(error ? { err: error } : {}),
      },
      'request',
    );
  }
}
