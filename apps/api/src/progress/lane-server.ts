import type { FastifyServerOptions } from 'fastify';
import {
  type IncomingMessage,
  type Server,
  type ServerOptions,
  type ServerResponse,
  createServer,
} from 'node:http';
import type { Lane } from './progress-lane.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Fastify's own HTTP/1 server (the same timeouts it would set), with a lane in front that may answer
 * a request before the framework sees it. `lane()` is read per request: the lane needs the built app,
 * which does not exist yet when Fastify asks for its server.
 */
export function serverWithLane(
  handler: Handler,
  options: FastifyServerOptions & { http?: ServerOptions | null },
  lane: () => Lane | undefined,
): Server {
  const server = createServer(options.http ?? {}, (req, res) => {
    if (!lane()?.(req, res)) handler(req, res);
  });
  if (options.keepAliveTimeout !== undefined) server.keepAliveTimeout = options.keepAliveTimeout;
  if (options.requestTimeout !== undefined) server.requestTimeout = options.requestTimeout;
  if (options.connectionTimeout !== undefined) server.setTimeout(options.connectionTimeout);
  if (options.maxRequestsPerSocket) server.maxRequestsPerSocket = options.maxRequestsPerSocket;
  return server;
}
