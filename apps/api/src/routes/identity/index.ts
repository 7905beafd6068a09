import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ApiError } from '../../plugins/api-error.js';
import { describeToken, issueIdentityToken, revokeSubjectToken } from '../../plugins/auth/identity-tokens.js';
import { emptyReply } from '../common.js';
import { DEFAULT_USER } from '../../plugins/scope.js';
import { baseUrlOf } from '../root/index.js';

// A Keystone v3 look-alike so stock clients (keystoneauth) can get a token and a catalog from us.
// No-auth mode: any credentials are accepted. With auth on, a user name + password (or one of our
// tokens, method "token") is checked and the token is a real, stored, project-scoped one.

const TOKEN_HOURS = 24;
const domain = { id: 'default', name: 'Default' };

const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, '.000000Z');

function versionDoc(base: string) {
  return {
    id: 'v3.14',
    status: 'stable',
    updated: '2020-04-07T00:00:00Z',
    links: [{ rel: 'self', href: `${base}/v3/` }],
    'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.identity-v3+json' }],
  };
}

interface Requested {
  projectId: string;
  projectName: string;
  userName: string;
  method: string;
  userId?: string;
  roles?: string[];
  expiresAt?: Date;
}

function tokenBody(base: string, r: Requested) {
  const now = new Date();
  const endpoints = (url: string, svc: string) =>
    ['public', 'internal', 'admin'].map((i) => ({
      id: `${svc}-${i}`,
      interface: i,
      region: 'RegionOne',
      region_id: 'RegionOne',
      url,
    }));
  return {
    token: {
      methods: [r.method],
      expires_at: iso(r.expiresAt ?? new Date(now.getTime() + TOKEN_HOURS * 3600_000)),
      issued_at: iso(now),
      audit_ids: [randomUUID().replaceAll('-', '').slice(0, 22)],
      user: { id: r.userId ?? DEFAULT_USER, name: r.userName, domain, password_expires_at: null },
      project: { id: r.projectId, name: r.projectName, domain },
      is_domain: false,
      roles: (r.roles ?? ['admin', 'member']).map((name) => ({ id: `${name}-role`, name })),
      catalog: [
        { type: 'backup', name: 'freezer', id: 'backup-svc', endpoints: endpoints(base, 'backup') },
        {
          type: 'identity',
          name: 'keystone',
          id: 'identity-svc',
          endpoints: endpoints(`${base}/v3`, 'identity'),
        },
      ],
    },
  };
}

const AuthBody = z.looseObject({
  auth: z.looseObject({
    identity: z.looseObject({
      methods: z.array(z.string()).optional(),
      password: z
        .looseObject({
          user: z
            .looseObject({
              name: z.string().optional(),
              id: z.string().optional(),
              password: z.string().optional(),
            })
            .optional(),
        })
        .optional(),
      token: z.looseObject({ id: z.string().optional() }).optional(),
    }),
    scope: z
      .union([
        z.looseObject({
          project: z.looseObject({ id: z.string().optional(), name: z.string().optional() }).optional(),
        }),
        z.string(),
      ])
      .optional(),
  }),
});
type AuthBody = z.infer<typeof AuthBody>;

function requested(body: AuthBody): Requested {
  const scope = typeof body.auth.scope === 'object' ? body.auth.scope.project : undefined;
  const projectId = scope?.id ?? scope?.name ?? 'default';
  const user = body.auth.identity.password?.user;
  return {
    projectId,
    projectName: scope?.name ?? projectId,
    userName: user?.name ?? user?.id ?? DEFAULT_USER,
    method: body.auth.identity.methods?.[0] ?? 'password',
  };
}

function subjectToken(req: FastifyRequest): string {
  const token = req.headers['x-subject-token'];
  if (typeof token !== 'string' || token === '') {
    throw new ApiError(400, 'Bad request format', 'X-Subject-Token header is required');
  }
  return token;
}

export const identityRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['identity (Keystone v3 subset)'];
  app.get('/v3', { schema: { tags, summary: 'Identity version document' } }, async (req) => ({
    version: versionDoc(baseUrlOf(req)),
  }));

  app.post(
    '/v3/auth/tokens',
    {
      schema: {
        tags,
        summary: 'Issue a token (any credentials in no-auth mode); catalog points here',
        body: AuthBody,
      },
    },
    async (req, reply) => {
      const r = requested(req.body);
      if (!app.auth.enabled) {
        return reply
          .code(201)
          .header('x-subject-token', `fz-${randomUUID().replaceAll('-', '')}`)
          .send(tokenBody(baseUrlOf(req), r));
      }
      const scope = typeof req.body.auth.scope === 'object' ? req.body.auth.scope.project : undefined;
      const user = req.body.auth.identity.password?.user;
      const issued = await issueIdentityToken(app, req, reply, {
        method: r.method,
        userName: user?.name,
        password: user?.password,
        token: req.body.auth.identity.token?.id,
        projectId: scope?.id ?? scope?.name,
      });
      return reply
        .code(201)
        .header('x-subject-token', issued.token)
        .send(
          tokenBody(baseUrlOf(req), {
            ...r,
            projectId: issued.projectId,
            projectName: issued.projectId,
            userId: issued.userId,
            userName: issued.userName,
            roles: [issued.role],
            expiresAt: new Date(issued.expiresAt * 1000),
          }),
        );
    },
  );

  app.get(
    '/v3/auth/tokens',
    { schema: { tags, summary: 'Validate a token (X-Subject-Token)' } },
    async (req, reply) => {
      const token = subjectToken(req);
      if (app.auth.enabled) {
        const t = await describeToken(app, token);
        if (!t) throw new ApiError(404, 'Not Found', 'the subject token is unknown, expired or revoked');
        return reply.header('x-subject-token', token).send(
          tokenBody(baseUrlOf(req), {
            projectId: t.projectId,
            projectName: t.projectId,
            userId: t.userId,
            userName: t.userName,
            roles: [t.role],
            method: 'token',
          }),
        );
      }
      return reply.header('x-subject-token', token).send(
        tokenBody(baseUrlOf(req), {
          projectId: 'default',
          projectName: 'default',
          userName: DEFAULT_USER,
          method: 'token',
        }),
      );
    },
  );

  app.delete(
    '/v3/auth/tokens',
    {
      schema: {
        tags,
        summary: 'Revoke a token (X-Subject-Token) and every token exchanged from it (204)',
      },
    },
    async (req, reply) => {
      const token = subjectToken(req);
      if (app.auth.enabled && !(await revokeSubjectToken(app, token))) {
        throw new ApiError(404, 'Not Found', 'the subject token is unknown or already revoked');
      }
      return emptyReply(reply, 204);
    },
  );
};
