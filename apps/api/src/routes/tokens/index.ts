import { ErrorBody, ROLE_RANK, type Role, TokenCreate, TokenCreated, TokenDoc } from '@freezer/schema';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { emptyReply } from '../common.js';
import { ApiError } from '../../plugins/api-error.js';
import { forbidden, roleIn } from '../../plugins/auth/principal.js';
import { API_TOKEN_PREFIX, newSecret, sha256 } from '../../plugins/auth/secrets.js';

const tags = ['tokens (extension)'];
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const DAY = 86_400;

const authOff = () =>
  new ApiError(400, 'Bad request format', 'authentication is off on this API: tokens are not needed');

/** API tokens for schedulers and scripts: shown once at creation, stored hashed, revocable. */
export const tokenRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/auth/tokens',
    {
      schema: {
        tags,
        summary: "Your API tokens (a global admin with ?all=true: everyone's); never the secrets",
        querystring: z.object({ all: z.enum(['true', 'false']).optional() }),
        response: { 200: z.object({ tokens: z.array(TokenDoc) }), ...errors },
      },
    },
    async (req) => {
      const p = req.principal;
      if (!p) throw authOff();
      const everyone = req.query.all === 'true' && p.isAdmin;
      return { tokens: await app.store.tokens.list(everyone ? undefined : p.userId) };
    },
  );

  app.post(
    '/auth/tokens',
    {
      schema: {
        tags,
        summary:
          'Create an API token for one project (role at most yours; client_id makes a scheduler token)',
        body: TokenCreate,
        response: { 201: TokenCreated, ...errors },
      },
    },
    async (req, reply) => {
      const p = req.principal;
      if (!p) throw authOff();
      const own = roleIn(p, req.body.project_id);
      if (!own) throw forbidden(`you have no role in project ${req.body.project_id}`);
      const wanted: Role = req.body.role ?? (ROLE_RANK[own] >= ROLE_RANK.member ? 'member' : 'reader');
      if (ROLE_RANK[wanted] > ROLE_RANK[own]) {
        throw forbidden(`a token cannot have more than your role in ${req.body.project_id} (${own})`);
      }
      const secret = newSecret(API_TOKEN_PREFIX);
      const expiresIn = req.body.expires_in_days;
      const doc = await app.store.tokens.create({
        kind: 'api',
        tokenHash: sha256(secret),
        userId: p.userId,
        name: req.body.name,
        projectId: req.body.project_id,
        role: wanted,
        clientId: req.body.client_id ?? null,
        expiresAt: expiresIn === undefined ? null : app.store.ctx.now() + expiresIn * DAY,
      });
      req.log.info({ token_id: doc.token_id, project: doc.project_id }, 'token created');
      return reply.code(201).send({ ...doc, token: secret });
    },
  );

  app.delete(
    '/auth/tokens/:token_id',
    {
      schema: {
        tags,
        summary: 'Revoke a token (yours, or any as global admin); effective at once on every replica',
        params: z.object({ token_id: z.string().min(1) }),
        response: errors,
      },
    },
    async (req, reply) => {
      const p = req.principal;
      if (!p) throw authOff();
      const token = await app.store.tokens.byId(req.params.token_id);
      if (!token || (token.user_id !== p.userId && !p.isAdmin)) {
        throw new ApiError(404, 'Not Found', `Token not found with ID ${req.params.token_id}`);
      }
      await app.store.tokens.revoke(token.token_id);
      return emptyReply(reply, 204);
    },
  );
};
