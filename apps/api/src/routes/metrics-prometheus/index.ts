import type { FastifyPluginAsync } from 'fastify';
import { Exposition } from '../../plugins/metrics/exposition.js';

/** GET /metrics: Prometheus scrape (a global admin token when auth is on: `authorization: Bearer`). */
export const prometheusRoutes: FastifyPluginAsync = async (app) => {
  app.get(
    '/metrics',
    { schema: { tags: ['meta'], summary: 'Prometheus metrics (text format 0.0.4)' } },
    async (_req, reply) => {
      const out = new Exposition();
      app.requestMetrics.write(out);
      const snap = await app.store.ops.snapshot();
      const now = app.store.ctx.now();

      out.family('freezer_jobs', 'gauge', 'Jobs by project and status');
      for (const j of snap.jobs) out.sample('freezer_jobs', { project: j.projectId, status: j.status }, j.n);

      const backups = new Map<string, { project: string; result: string; n: number; bytes: number }>();
      for (const b of snap.backups) {
        const key = `${b.projectId}\u0000${b.result}`;
        const cur = backups.get(key) ?? { project: b.projectId, result: b.result, n: 0, bytes: 0 };
        cur.n += b.n;
        cur.bytes += b.bytes;
        backups.set(key, cur);
      }
      out.family('freezer_backups', 'gauge', 'Stored backups by project and result');
      for (const b of backups.values())
        out.sample('freezer_backups', { project: b.project, result: b.result }, b.n);
      out.family('freezer_backup_bytes', 'gauge', 'Bytes stored by backups, by project and result');
      for (const b of backups.values()) {
        out.sample('freezer_backup_bytes', { project: b.project, result: b.result }, b.bytes);
      }

      out.family('freezer_client_heartbeat_age_seconds', 'gauge', 'Seconds since each client was last seen');
      for (const c of snap.clients) {
        if (c.lastSeen === null) continue;
        out.sample(
          'freezer_client_heartbeat_age_seconds',
          { project: c.projectId, client_id: c.clientId },
          now - c.lastSeen,
        );
      }
      return reply.type('text/plain; version=0.0.4; charset=utf-8').send(out.text());
    },
  );
};
