import { StoreError } from '@freezer/store';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from './api-error.js';
import { allowedMethods } from './route-registry.js';

const STORE_STATUS: Record<StoreError['kind'], [number, string]> = {
  bad_request: [400, 'Bad request format'],
  not_found: [404, 'Not Found'],
  conflict: [409, 'Conflict'],
  exists: [409, 'Document already existing'],
};

function send(reply: FastifyReply, status: number, title: string, description?: string) {
  return reply
    .code(status)
    .type('application/json')
    .send(JSON.stringify(description === undefined ? { title } : { title, description }));
}

export function toHttpError(
  error: unknown,
): { status: number; title: string; description: string } | undefined {
  if (error instanceof ApiError)
    return { status: error.statusCode, title: error.title, description: error.description };
  if (error instanceof StoreError) {
    const [status, title] = STORE_STATUS[error.kind];
    return { status, title, description: error.message };
  }
  const fe = error as Partial<FastifyError>;
  switch (fe.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return {
        status: 413,
        title: 'Payload Too Large',
        description: 'request body is larger than the server limit',
      };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return {
        status: 415,
        title: 'Unsupported Media Type',
        description: 'send the body as application/json',
      };
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return {
        status: 400,
        title: 'Bad request format',
        description: 'Content-Length does not match the body',
      };
  }
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return { status: fe.statusCode, title: 'Bad request format', description: fe.message ?? 'bad request' };
  }
  return undefined;
}

/** Every error is JSON `{"title","description"}`; unknown ones are 500 without internals. */
export function registerErrorHandlers(
  app: FastifyInstance,
  spaFallback?: (req: FastifyRequest, reply: FastifyReply) => boolean,
): void {
  app.setErrorHandler((error, request, reply) => {
    const mapped = toHttpError(error);
    if (mapped) return send(reply, mapped.status, mapped.title, mapped.description);
    request.log.error({ err: error }, 'unhandled error');
    return send(reply, 500, 'Internal Server Error', 'the server failed to handle this request; see its log');
  });

  // Unknown path → 404 JSON; known path, wrong method → 405 with `allow`; OPTIONS → 200 + allow.
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    const allow = allowedMethods(path);
    if (allow.length > 0) {
      const header = [...allow, 'OPTIONS'].join(', ');
      if (request.method === 'OPTIONS') return reply.code(200).header('allow', header).send();
      return reply
        .code(405)
        .header('allow', header)
        .type('application/json')
        .send(
          JSON.stringify({
            title: '405 Method Not Allowed',
            description: `${request.method} is not allowed on ${path}; allowed: ${header}`,
          }),
        );
    }
    if (spaFallback?.(request, reply)) return reply;
    return send(reply, 404, '404 Not Found', `no route ${request.method} ${path}`);
  });
}
