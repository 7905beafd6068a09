import { JobRunCreate, JobRunDoc } from '@freezer/schema';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { invalidParam } from '../../plugins/api-error.js';
import { pageOf } from '../../plugins/list-params.js';
import { scopeOf } from '../../plugins/scope.js';
import { errors, pathId, projectParam } from '../common.js';

const tags = ['runs (extension)'];
const jobParams = z.object({ ...projectParam, job_id: pathId });
const pageQuery = z.object({ limit: z.string().optional(), offset: z.string().optional() });
const runsReply = z.object({ runs: z.array(JobRunDoc) });

function sinceOf(raw: string | undefined): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const n = /^\d+$/.test(raw) ? Number.parseInt(raw, 10) : Number.NaN;
  if (!Number.isSafeInteger(n))
    throw invalidParam('since', 'The value must be epoch seconds (a whole number below 2^53).');
  return n;
}

export const runRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/jobs/:job_id/runs',
    {
      schema: {
        tags,
        summary: 'Record one execution of a job; the same run_id again is a no-op (200)',
        params: jobParams,
        body: JobRunCreate,
        response: {
          200: z.object({ run_id: z.string() }),
          201: z.object({ run_id: z.string() }),
          400: errors[400],
        },
      },
    },
    async (req, reply) => {
      const { runId, created } = await app.store.runs.record(scopeOf(req), req.params.job_id, req.body);
      return reply.code(created ? 201 : 200).send({ run_id: runId });
    },
  );

  app.get(
    '/jobs/:job_id/runs',
    {
      schema: {
        tags,
        summary: "A job's runs, newest first",
        params: jobParams,
        querystring: pageQuery,
        response: { 200: runsReply, 400: errors[400] },
      },
    },
    async (req) => ({
      runs: await app.store.runs.list(scopeOf(req), pageOf(req.query), { jobId: req.params.job_id }),
    }),
  );

  app.get(
    '/runs',
    {
      schema: {
        tags,
        summary: 'Runs of every job, newest first; since = epoch s on time_started',
        params: z.object(projectParam),
        querystring: pageQuery.extend({ since: z.string().optional() }),
        response: { 200: runsReply, 400: errors[400] },
      },
    },
    async (req) => ({
      runs: await app.store.runs.list(scopeOf(req), pageOf(req.query), { since: sinceOf(req.query.since) }),
    }),
  );
};
