import { MetricsSummary, MetricsTimeseries } from '@freezer/schema';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { invalidParam } from '../../plugins/api-error.js';
import { scopeOf } from '../../plugins/scope.js';
import { errors, projectParam } from '../common.js';

const tags = ['metrics (extension)'];

function boundedInt(
  name: string,
  raw: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (raw === undefined || raw === '') return fallback;
  const n = /^\d+$/.test(raw) ? Number.parseInt(raw, 10) : Number.NaN;
  if (!(n >= min && n <= max))
    throw invalidParam(name, `The value must be an integer from ${min} to ${max}.`);
  return n;
}

export const metricRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/metrics/summary',
    {
      schema: {
        tags,
        summary: 'Counts for the dashboard; a client is online if seen within stale_after s (default 180)',
        params: z.object(projectParam),
        querystring: z.object({ stale_after: z.string().optional() }),
        response: { 200: MetricsSummary, 400: errors[400] },
      },
    },
    async (req) =>
      app.store.metrics.summary(
        scopeOf(req),
        boundedInt('stale_after', req.query.stale_after, 180, 1, 31_536_000),
      ),
  );

  app.get(
    '/metrics/timeseries',
    {
      schema: {
        tags,
        summary: 'Per-UTC-day backups and runs for the last N days (default 14, max 366)',
        params: z.object(projectParam),
        querystring: z.object({ days: z.string().optional() }),
        response: { 200: MetricsTimeseries, 400: errors[400] },
      },
    },
    async (req) => app.store.metrics.timeseries(scopeOf(req), boundedInt('days', req.query.days, 14, 1, 366)),
  );
};
