import { DrillDoc, DrillStatus } from '@freezer/schema';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pageOf } from '../../plugins/list-params.js';
import { scopeOf } from '../../plugins/scope.js';
import { errors, projectParam } from '../common.js';

const tags = ['drills (extension)'];

export const drillRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/drills',
    {
      schema: {
        tags,
        summary: 'Restore drills, newest first; job_id keeps those that ran in the job or verify it',
        params: z.object(projectParam),
        querystring: z.object({
          job_id: z.string().optional(),
          limit: z.string().optional(),
          offset: z.string().optional(),
        }),
        response: { 200: z.object({ drills: z.array(DrillDoc) }), 400: errors[400] },
      },
    },
    async (req) => ({
      drills: await app.store.drills.list(scopeOf(req), pageOf(req.query), {
        ...(req.query.job_id ? { jobId: req.query.job_id } : {}),
      }),
    }),
  );

  app.get(
    '/drills/latest',
    {
      schema: {
        tags,
        summary: 'Per backup job: its newest drill and its newest successful one (last proven restorable)',
        params: z.object(projectParam),
        response: { 200: z.object({ jobs: z.array(DrillStatus) }), 400: errors[400] },
      },
    },
    async (req) => ({ jobs: await app.store.drills.lastPerJob(scopeOf(req)) }),
  );
};
