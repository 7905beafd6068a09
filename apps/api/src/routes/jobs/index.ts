import { JobCreate, JobDoc, JobEventBody, JobPatch } from '@freezer/schema';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pageOf, searchOf } from '../../plugins/list-params.js';
import { sortedListQuerystring, viewOf } from '../list-sort.js';
import { ifMatchVersion, scopeOf } from '../../plugins/scope.js';
import { emptyReply, errors, pathId, projectParam } from '../common.js';

const tags = ['jobs'];
const idParams = z.object({ ...projectParam, job_id: pathId });
const versionReply = z.object({ job_id: z.string(), version: z.number().int() });

export const jobRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/jobs',
    {
      schema: {
        tags,
        summary: 'List jobs (search in a GET body or ?search=)',
        params: z.object(projectParam),
        querystring: sortedListQuerystring('jobs'),
        response: { 200: z.object({ jobs: z.array(JobDoc) }), 400: errors[400] },
      },
    },
    // The hot path of every scheduler poll: the store hands over the documents as JSON text.
    async (req, reply) => {
      const list = await app.store.jobs.listJson(
        scopeOf(req),
        searchOf(req, req.query),
        pageOf(req.query),
        viewOf('jobs', req.query),
      );
      // Typed replies only accept the schema's object; this is the same document, already serialised.
      return (reply as FastifyReply).type('application/json; charset=utf-8').send(`{"jobs":${list}}`);
    },
  );

  app.post(
    '/jobs',
    {
      schema: {
        tags,
        summary: 'Create a job (a body job_id is ignored)',
        params: z.object(projectParam),
        body: JobCreate,
        response: { 201: z.object({ job_id: z.string() }), 400: errors[400] },
      },
    },
    async (req, reply) =>
      reply.code(201).send({ job_id: await app.store.jobs.create(scopeOf(req), req.body) }),
  );

  app.get(
    '/jobs/:job_id',
    {
      schema: {
        tags,
        summary: 'Get a job (ETag = its version)',
        params: idParams,
        response: { 200: JobDoc },
      },
    },
    async (req, reply) => {
      const found = await app.store.jobs.get(scopeOf(req), req.params.job_id);
      if (!found) return emptyReply(reply, 404);
      return reply.header('etag', `"${found.version}"`).send(found.doc);
    },
  );

  app.patch(
    '/jobs/:job_id',
    {
      schema: {
        tags,
        summary: 'Update a job: given top-level keys replace theirs; _version or If-Match guard',
        params: idParams,
        body: JobPatch,
        response: { 200: versionReply, ...errors },
      },
    },
    async (req) => ({
      job_id: req.params.job_id,
      version: await app.store.jobs.patch(scopeOf(req), req.params.job_id, req.body, ifMatchVersion(req)),
    }),
  );

  app.post(
    '/jobs/:job_id',
    {
      schema: {
        tags,
        summary: 'Create or replace the job with this id',
        params: idParams,
        body: JobCreate,
        response: { 201: versionReply, 400: errors[400], 409: errors[409] },
      },
    },
    async (req, reply) => {
      const version = await app.store.jobs.replace(
        scopeOf(req),
        req.params.job_id,
        req.body,
        ifMatchVersion(req),
      );
      return reply.code(201).send({ job_id: req.params.job_id, version });
    },
  );

  app.delete(
    '/jobs/:job_id',
    { schema: { tags, summary: 'Delete a job (204 even if unknown)', params: idParams, response: {} } },
    async (req, reply) => {
      await app.store.jobs.delete(scopeOf(req), req.params.job_id);
      return emptyReply(reply, 204);
    },
  );

  app.post(
    '/jobs/:job_id/event',
    {
      schema: {
        tags,
        summary:
          'Send an event: {"start"|"stop"|"abort"|"run_now": null} (run_now: one run at once, schedule kept)',
        params: idParams,
        body: JobEventBody,
        response: { 202: z.object({ result: z.string() }), 400: errors[400], 404: errors[404] },
      },
    },
    async (req, reply) => {
      const result = await app.store.jobs.event(scopeOf(req), req.params.job_id, req.body);
      return reply.code(202).send({ result });
    },
  );
};
