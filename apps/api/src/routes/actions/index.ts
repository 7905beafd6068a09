import { ActionCreate, ActionDoc, ActionPatch } from '@freezer/schema';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listRoute } from '../list-route.js';
import { ifMatchVersion, scopeOf } from '../../plugins/scope.js';
import { emptyReply, errors, pathId, projectParam } from '../common.js';

const tags = ['actions'];
const idParams = z.object({ ...projectParam, action_id: pathId });
const versionReply = z.object({ action_id: z.string(), version: z.number().int() });

export const actionRoutes: FastifyPluginAsyncZod = async (app) => {
  listRoute(app, 'actions', 'List actions', ActionDoc, (...args) => app.store.actions.list(...args));

  app.post(
    '/actions',
    {
      schema: {
        tags,
        summary: 'Create an action (a body action_id is honoured)',
        params: z.object(projectParam),
        body: ActionCreate,
        response: { 201: z.object({ action_id: z.string() }), 400: errors[400], 409: errors[409] },
      },
    },
    async (req, reply) =>
      reply.code(201).send({ action_id: await app.store.actions.create(scopeOf(req), req.body) }),
  );

  app.get(
    '/actions/:action_id',
    {
      schema: {
        tags,
        summary: 'Get an action (ETag = its version)',
        params: idParams,
        response: { 200: ActionDoc },
      },
    },
    async (req, reply) => {
      const found = await app.store.actions.get(scopeOf(req), req.params.action_id);
      if (!found) return emptyReply(reply, 404);
      return reply.header('etag', `"${found.version}"`).send(found.doc);
    },
  );

  app.patch(
    '/actions/:action_id',
    {
      schema: {
        tags,
        summary: 'Update an action (given keys only)',
        params: idParams,
        body: ActionPatch,
        response: { 200: versionReply, ...errors },
      },
    },
    async (req) => ({
      action_id: req.params.action_id,
      version: await app.store.actions.patch(
        scopeOf(req),
        req.params.action_id,
        req.body,
        ifMatchVersion(req),
      ),
    }),
  );

  app.post(
    '/actions/:action_id',
    {
      schema: {
        tags,
        summary: 'Create or replace the action with this id',
        params: idParams,
        body: ActionCreate,
        response: { 201: versionReply, ...errors },
      },
    },
    async (req, reply) => {
      const version = await app.store.actions.replace(scopeOf(req), req.params.action_id, req.body);
      return reply.code(201).send({ action_id: req.params.action_id, version });
    },
  );

  app.delete(
    '/actions/:action_id',
    { schema: { tags, summary: 'Delete an action (204 even if unknown)', params: idParams, response: {} } },
    async (req, reply) => {
      await app.store.actions.delete(scopeOf(req), req.params.action_id);
      return emptyReply(reply, 204);
    },
  );
};
