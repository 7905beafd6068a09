import { FREEZER_VERSION, Health, ProjectList } from '@freezer/schema';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import '../../plugins/auth/principal.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The API's address as clients reach it (`--public-url`), e.g. behind a reverse proxy. */
    publicUrl: string | undefined;
  }
}

/**
 * The API's own address for links and the identity catalog: the configured public URL, else the
 * request's (its Host is checked against loopback names when authentication is off).
 */
export const baseUrlOf = (req: FastifyRequest): string =>
  req.server.publicUrl ?? `${req.protocol}://${req.host}`;

function versionsDoc(base: string) {
  return {
    versions: [
      {
        id: 'v2',
        status: 'CURRENT',
        updated: '2018-02-21T13:30:00',
        links: [{ href: `${base}/v2/`, rel: 'self' }],
      },
      {
        id: 'v1',
        status: 'SUPPORTED',
        updated: '2015-03-23T13:45:00',
        links: [{ href: `${base}/v1/`, rel: 'self' }],
      },
    ],
  };
}

function jsonHome(version: 'v1' | 'v2') {
  const prefix = version === 'v2' ? '/v2/{project_id}' : '/v1';
  const hrefVars = version === 'v2' ? { project_id: 'param/project_id' } : {};
  const resources: Record<string, unknown> = {};
  for (const name of ['backups', 'clients', 'jobs', 'actions', 'sessions']) {
    const id = `${name.slice(0, -1)}_id`;
    resources[`rel/${name}`] = {
      'href-template': `${prefix}/${name}/{${id}}`,
      'href-vars': { ...hrefVars, [id]: `param/${id}` },
      hints: { allow: ['GET'], formats: { 'application/json': {} } },
    };
  }
  return { resources };
}

/** Whether a browser is asking (then `/` serves the web app instead of the versions document). */
export const wantsHtml = (req: FastifyRequest): boolean => (req.headers.accept ?? '').includes('text/html');

export const rootRoutes: FastifyPluginAsyncZod<{ serveIndex?: boolean }> = async (app, opts) => {
  app.get(
    '/',
    { schema: { tags: ['meta'], summary: 'API versions (300 Multiple Choices)' } },
    async (req, reply) => {
      if (opts.serveIndex && wantsHtml(req)) return reply.type('text/html').sendFile('index.html');
      return reply.code(300).send(versionsDoc(baseUrlOf(req)));
    },
  );

  for (const version of ['v1', 'v2'] as const) {
    app.get(
      `/${version}`,
      { schema: { tags: ['meta'], summary: `JSON-home document of ${version}` } },
      async (_req, reply) => reply.type('application/json-home').send(JSON.stringify(jsonHome(version))),
    );
  }

  app.get(
    '/healthcheck',
    { schema: { tags: ['meta'], summary: 'Liveness (text OK)' } },
    async (_req, reply) => reply.type('text/plain').send('OK'),
  );

  app.get(
    '/healthz',
    {
      schema: {
        tags: ['meta'],
        summary: 'Health: ok or fail (a global administrator also gets the version and database)',
        response: { 200: Health, 503: Health },
      },
    },
    async (req, reply) => {
      let ok = false;
      try {
        ok = await app.store.ping();
      } catch {
        ok = false;
      }
      const status = ok ? 'ok' : 'fail';
      // Where the data lives and which version runs help an attacker more than a load balancer.
      if (!req.principal?.isAdmin) return reply.code(ok ? 200 : 503).send({ status });
      return reply.code(ok ? 200 : 503).send({
        status,
        version: FREEZER_VERSION,
        db: { status, path: app.store.dbPath },
      });
    },
  );

  app.get(
    '/v2/projects',
    {
      schema: {
        tags: ['metrics (extension)'],
        summary: 'Projects holding any data, plus "default"',
        response: { 200: ProjectList },
      },
    },
    async (req) => {
      const all = await app.store.metrics.projects();
      // With auth on, only the caller's projects (a global admin in the web UI sees them all).
      const p = req.principal;
      if (!p || p.allProjects) return { projects: all };
      return { projects: [...p.roles.keys()].sort() };
    },
  );
};
