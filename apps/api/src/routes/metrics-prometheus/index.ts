import type { FastifyPluginAsync } from 'fastify';
import { Gauge } from 'prom-client';

/** GET /metrics: Prometheus scrape (a global admin token when auth is on: `authorization: Bearer`). */
export const prometheusRoutes: FastifyPluginAsync = async (app) => {
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[]) =>
    new Gauge<L>({ name, help, labelNames, registers: [app.requestMetrics.registry] });
  const jobs = gauge('freezer_jobs', 'Jobs by project and status', ['project', 'status']);
  const backups = gauge('freezer_backups', 'Stored backups by project and result', ['project', 'result']);
  const backupBytes = gauge('freezer_backup_bytes', 'Bytes stored by backups, by project and result', [
    'project',
    'result',
  ]);
  const heartbeatAge = gauge(
    'freezer_client_heartbeat_age_seconds',
    'Seconds since each client was last seen',
    ['project', 'client_id'],
  );

  app.get(
    '/metrics',
    { schema: { tags: ['meta'], summary: 'Prometheus metrics (text format 0.0.4)' } },
    async (_req, reply) => {
      // The store's figures are read at scrape time: a deleted project's series must disappear.
      const snap = await app.store.ops.snapshot();
      const now = app.store.ctx.now();
      jobs.reset();
      backups.reset();
      backupBytes.reset();
      heartbeatAge.reset();
      for (const j of snap.jobs) jobs.inc({ project: j.projectId, status: j.status }, j.n);
      for (const b of snap.backups) {
        backups.inc({ project: b.projectId, result: b.result }, b.n);
        backupBytes.inc({ project: b.projectId, result: b.result }, b.bytes);
      }
      for (const c of snap.clients) {
        if (c.lastSeen !== null)
          heartbeatAge.set({ project: c.projectId, client_id: c.clientId }, now - c.lastSeen);
      }
      const registry = app.requestMetrics.registry;
      return reply.type(registry.contentType).send(await registry.metrics());
    },
  );
};
