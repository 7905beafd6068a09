import { JobProgressList, PROGRESS_INTERVAL_HEADER, ProgressEvent } from '@freezer/schema';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiError } from '../../plugins/api-error.js';
import { scopeOf } from '../../plugins/scope.js';
import { zodValidatorCompiler } from '../../plugins/validation.js';
import { openEventStream } from '../../progress/event-stream.js';
import { PROGRESS_STREAM_TYPE, isBodyStream, takeProgressStream } from '../../progress/progress-upload.js';
import { emptyReply, errors, pathId, projectParam } from '../common.js';

const tags = ['progress (extension)'];

export const progressRoutes: FastifyPluginAsyncZod = async (app) => {
  // Only the progress route takes NDJSON in this scope; the body is handed over unread.
  app.addContentTypeParser(PROGRESS_STREAM_TYPE, (_req, payload, done) => done(null, payload));

  app.post(
    '/jobs/:job_id/progress',
    {
      schema: {
        tags,
        summary:
          "A running job's latest progress (kept in memory, pushed to dashboards; never stored): one JSON event, or an application/x-ndjson stream of them (one per line, answered 200 at once)",
        params: z.object({ ...projectParam, job_id: pathId }),
        consumes: ['application/json', PROGRESS_STREAM_TYPE],
        body: ProgressEvent,
        response: {
          200: z
            .object({ accepted: z.number().int().optional() })
            .describe('the stream was taken (sent at once); its one line at the end says how it went'),
          204: z.null().describe('kept'),
          400: errors[400],
          404: errors[404],
        },
      },
      // A stream passes unvalidated: each of its lines is validated as it arrives.
      validatorCompiler: (route) => {
        const check = zodValidatorCompiler(route as unknown as Parameters<typeof zodValidatorCompiler>[0]);
        return route.httpPart === 'body'
          ? (raw: unknown) => (isBodyStream(raw) ? { value: raw } : check(raw))
          : check;
      },
    },
    async (req, reply) => {
      const scope = scopeOf(req);
      const jobId = req.params.job_id;
      // Only a job's first event of a run costs a lookup: unknown ids never take memory.
      if (!app.progressHub.knows(scope.projectId, jobId) && !(await app.store.jobs.get(scope, jobId))) {
        throw new ApiError(404, 'Not Found', `Job not found with ID ${jobId}`);
      }
      const body: unknown = req.body;
      if (isBodyStream(body)) {
        await takeProgressStream(app, scope.projectId, jobId, body, req, reply);
        return reply;
      }
      app.progressFeed.publish(scope.projectId, { ...req.body, job_id: jobId, received_at: Date.now() });
      reply.header(PROGRESS_INTERVAL_HEADER, String(app.progressPacing.intervalFor(scope.projectId)));
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
    async (req) => {
      const project = scopeOf(req).projectId;
      // Someone looks: the project's nodes are asked for their progress at the watched pace.
      app.progressPacing.polled(project);
      return { progress: app.progressHub.list(project) };
    },
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
