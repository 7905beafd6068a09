import {
  SessionActionBody,
  SessionActionResult,
  SessionCreate,
  SessionDoc,
  SessionPatch,
} from '@freezer/schema';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listRoute } from '../list-route.js';
import { ifMatchVersion, scopeOf } from '../../plugins/scope.js';
import { emptyReply, errors, pathId, projectParam } from '../common.js';

const tags = ['sessions'];
const idParams = z.object({ ...projectParam, session_id: pathId });
const jobParams = z.object({ ...projectParam, session_id: pathId, job_id: pathId });
const versionReply = z.object({ session_id: z.string(), version: z.number().int() });

export const sessionRoutes: FastifyPluginAsyncZod = async (app) => {
  listRoute(app, 'sessions', 'List sessions', SessionDoc, (...args) => app.store.sessions.list(...args));

  app.post(
    '/sessions',
    {
      schema: {
        tags,
        summary: 'Create a session (schedule required)',
        params: z.object(projectParam),
        body: SessionCreate,
        response: { 201: z.object({ session_id: z.string() }), 400: errors[400], 409: errors[409] },
      },
    },
    async (req, reply) =>
      reply.code(201).send({ session_id: await app.store.sessions.create(scopeOf(req), req.body) }),
  );

  app.get(
    '/sessions/:session_id',
    {
      schema: {
        tags,
        summary: 'Get a session (ETag = its version)',
        params: idParams,
        response: { 200: SessionDoc },
      },
    },
    async (req, reply) => {
      const found = await app.store.sessions.get(scopeOf(req), req.params.session_id);
      if (!found) return emptyReply(reply, 404);
      return reply.header('etag', `"${found.version}"`).send(found.doc);
    },
  );

  app.patch(
    '/sessions/:session_id',
    {
      schema: {
        tags,
        summary: 'Update a session',
        params: idParams,
        body: SessionPatch,
        response: { 200: versionReply, ...errors },
      },
    },
    async (req) => ({
      session_id: req.params.session_id,
      version: await app.store.sessions.patch(
        scopeOf(req),
        req.params.session_id,
        req.body,
        ifMatchVersion(req),
      ),
    }),
  );

  app.post(
    '/sessions/:session_id',
    {
      schema: {
        tags,
        summary: 'Create or replace the session with this id',
        params: idParams,
        body: SessionCreate,
        response: { 201: versionReply, ...errors },
      },
    },
    async (req, reply) => {
      const version = await app.store.sessions.replace(
        scopeOf(req),
        req.params.session_id,
        req.body,
        ifMatchVersion(req),
      );
      return reply.code(201).send({ session_id: req.params.session_id, version });
    },
  );

  app.delete(
    '/sessions/:session_id',
    { schema: { tags, summary: 'Delete a session (204 even if unknown)', params: idParams, response: {} } },
    async (req, reply) => {
      await app.store.sessions.delete(scopeOf(req), req.params.session_id);
      return emptyReply(reply, 204);
    },
  );

  app.post(
    '/sessions/:session_id/action',
    {
      schema: {
        tags,
        summary:
          'Start/end a job in the session: {"start":{"job_id","current_tag"}} | {"end":{"job_id","result"}}',
        params: idParams,
        body: SessionActionBody,
        response: { 202: SessionActionResult, ...errors },
      },
    },
    async (req, reply) =>
      reply.code(202).send(await app.store.sessions.action(scopeOf(req), req.params.session_id, req.body)),
  );

  app.put(
    '/sessions/:session_id/jobs/:job_id',
    {
      schema: {
        tags,
        summary:
          "Add a job to the session; it takes the session's schedule (stock) unless keep_schedule=true",
        params: jobParams,
        querystring: z.object({
          keep_schedule: z
            .enum(['true', 'false'])
            .optional()
            .describe("extension: true keeps the job's own schedule and status"),
        }),
        response: { 400: errors[400], 404: errors[404] },
      },
    },
    async (req, reply) => {
      await app.store.sessions.addJob(scopeOf(req), req.params.session_id, req.params.job_id, {
        keepSchedule: req.query.keep_schedule === 'true',
      });
      return emptyReply(reply, 204);
    },
  );

  app.delete(
    '/sessions/:session_id/jobs/:job_id',
    {
      schema: {
        tags,
        summary: 'Remove a job from the session',
        params: jobParams,
        response: { 404: errors[404] },
      },
    },
    async (req, reply) => {
      await app.store.sessions.removeJob(scopeOf(req), req.params.session_id, req.params.job_id);
      return emptyReply(reply, 204);
    },
  );
};
