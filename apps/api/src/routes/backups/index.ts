import { BackupCreate, BackupDoc } from '@freezer/schema';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listRoute } from '../list-route.js';
import { scopeOf, userNameOf } from '../../plugins/scope.js';
import { emptyReply, errors, pathId, projectParam } from '../common.js';

const tags = ['backups'];
const idParams = z.object({ ...projectParam, backup_id: pathId });

export const backupRoutes: FastifyPluginAsyncZod = async (app) => {
  listRoute(app, 'backups', 'List backup metadata', BackupDoc, (...args) => app.store.backups.list(...args));

  app.post(
    '/backups',
    {
      schema: {
        tags,
        summary: 'Store backup metadata (a known backup_uuid returns the existing backup_id)',
        params: z.object(projectParam),
        body: BackupCreate,
        response: { 201: z.object({ backup_id: z.string() }), 400: errors[400] },
      },
    },
    async (req, reply) => {
      const scope = scopeOf(req);
      const { backupId } = await app.store.backups.create(scope, userNameOf(req, scope), req.body);
      return reply.code(201).send({ backup_id: backupId });
    },
  );

  app.get(
    '/backups/:backup_id',
    { schema: { tags, summary: 'Get backup metadata', params: idParams, response: { 200: BackupDoc } } },
    async (req, reply) =>
      (await app.store.backups.get(scopeOf(req), req.params.backup_id)) ?? emptyReply(reply, 404),
  );

  app.delete(
    '/backups/:backup_id',
    {
      schema: {
        tags,
        summary: 'Delete backup metadata (204 even if unknown)',
        params: idParams,
        response: {},
      },
    },
    async (req, reply) => {
      await app.store.backups.delete(scopeOf(req), req.params.backup_id);
      return emptyReply(reply, 204);
    },
  );
};
