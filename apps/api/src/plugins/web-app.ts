import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { existsSync } from 'node:fs';
import { join, sep } from 'node:path';

const API_PREFIXES = ['/v1', '/v2', '/v3', '/docs', '/openapi.json', '/healthz', '/healthcheck'];

export function hasWebApp(webRoot: string | undefined): webRoot is string {
  return webRoot !== undefined && existsSync(join(webRoot, 'index.html'));
}

/** Vite names what it emits under assets/ by content hash: a new build means new names. */
const HASHED = `${sep}assets${sep}`;

/**
 * Serves the built dashboard's files, the brotli/gzip copies made at build time when the browser
 * accepts them; hashed assets are cached for a year, index.html is revalidated on every load (it
 * names the current assets). API routes are registered separately and win.
 */
export async function registerWebApp(app: FastifyInstance, webRoot: string): Promise<void> {
  await app.register(fastifyStatic, {
    root: webRoot,
    index: false,
    wildcard: true,
    preCompressed: true,
    cacheControl: false,
    setHeaders: (reply, path) => {
      void reply.header(
        'cache-control',
        path.includes(HASHED) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
}

/** Client-side routes (e.g. /jobs/123) get index.html when a browser asks for a page. */
export function spaFallback(req: FastifyRequest, reply: FastifyReply): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const path = req.url.split('?')[0] ?? '/';
  if (API_PREFIXES.some((p) => path === p || path.startsWith(`${p}/`))) return false;
  if (!(req.headers.accept ?? '').includes('text/html')) return false;
  void reply.type('text/html').sendFile('index.html');
  return true;
}
