import { ClientCreate, ClientDoc, ClientHeartbeat } from '@freezer/schema';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listRoute } from '../list-route.js';
import { scopeOf } from '../../plugins/scope.js';
import { emptyReply, errors, pathClientId, projectParam } from '../common.js';

const tags = ['clients'];
const idParams = z.object({ ...projectParam, client_id: pathClientId });

export const clientRoutes: FastifyPluginAsyncZod = async (app) => {
  listRoute(app, 'clients', 'List clients (search in a GET body or ?search=)', ClientDoc, (...args) =>
    app.store.clients.list(...args),
  );

  app.post(
    '/clients',
    {
      schema: {
        tags,
        summary: 'Register a client',
        params: z.object(projectParam),
        body: ClientCreate,
        response: { 201: z.object({ client_id: z.string() }), 400: errors[400], 409: errors[409] },
      },
    },
    async (req, reply) => {
      const clientId = await app.store.clients.register(scopeOf(req), req.body);
      return reply.code(201).send({ client_id: clientId });
    },
  );

  app.get(
    '/clients/:client_id',
    {
      schema: { tags, summary: 'Get a client by client_id', params: idParams, response: { 200: ClientDoc } },
    },
    async (req, reply) => {
      const doc = await app.store.clients.get(scopeOf(req), req.params.client_id);
      return doc ?? emptyReply(reply, 404);
    },
  );

  app.delete(
    '/clients/:client_id',
    { schema: { tags, summary: 'Delete a client (204 even if unknown)', params: idParams, response: {} } },
    async (req, reply) => {
      await app.store.clients.delete(scopeOf(req), req.params.client_id);
      return emptyReply(reply, 204);
    },
  );

  app.post(
    '/clients/:client_id/heartbeat',
    {
      schema: {
        tags,
        summary: 'Extension: mark the client alive (last_seen = now) and update registration fields',
        params: idParams,
        body: ClientHeartbeat.optional(),
        response: { 400: errors[400], 404: errors[404] },
      },
    },
    async (req, reply) => {
      await app.store.clients.heartbeat(scopeOf(req), req.params.client_id, req.body ?? {});
      return emptyReply(reply, 204);
    },
  );
};
