import { JobProgressList, ProgressEvent } from '@freezer/schema';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiError } from '../../plugins/api-error.js';
import { scopeOf } from '../../plugins/scope.js';
import { openEventStream } from '../../progress/event-stream.js';
import { emptyReply, errors, pathId, projectParam } from '../common.js';

const tags = ['progress (extension)'];

export const progressRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/jobs/:job_id/progress',
    {
      schema: {
        tags,
        summary: "A running job's latest progress (kept in memory, pushed to dashboards; never stored)",
        params: z.object({ ...projectParam, job_id: pathId }),
        body: ProgressEvent,
        response: { 204: z.null().describe('kept'), 400: errors[400], 404: errors[404] },
      },
    },
    async (req, reply) => {
      const scope = scopeOf(req);
      const jobId = req.params.job_id;
      // Only a job's first event of a run costs a lookup: unknown ids never take memory.
      if (!app.progressHub.knows(scope.projectId, jobId) && !(await app.store.jobs.get(scope, jobId))) {
        throw new ApiError(404, 'Not Found', `Job not found with ID ${jobId}`);
      }
      app.progressFeed.publish(scope.projectId, { ...req.body, job_id: jobId, received_at: Date.now() });
      return emptyReply(reply, 204);
    },
  );

  app.get(
    '/progress',
    {
      schema: {
        tags,
        summary: "Every running job's latest progress (the poll the dashboard falls back to without SSE)",
        params: z.object(projectParam),
        response: { 200: JobProgressList },
      },
    },
    async (req) => ({ progress: app.progressHub.list(scopeOf(req).projectId) }),
  );

  app.get(
    '/events',
    {
      schema: {
        tags,
        summary: 'Server-sent events: `progress` (a JobProgress) for each update of a running job',
        // An endless stream: kept out of the OpenAPI document the fuzzer walks (docs/api.md describes it).
        hide: true,
        params: z.object(projectParam),
      },
    },
    (req, reply) => {
      openEventStream(app.progressHub, scopeOf(req).projectId, req, reply);
    },
  );
};
