import type { FastifyPluginAsync } from 'fastify';
import { actionRoutes } from './actions/index.js';
import { alertRoutes } from './alerts/index.js';
import { backupRoutes } from './backups/index.js';
import { catalogRoutes } from './catalog/index.js';
import { clientRoutes } from './clients/index.js';
import { drillRoutes } from './drills/index.js';
import { jobRoutes } from './jobs/index.js';
import { metricRoutes } from './metrics/index.js';
import { progressRoutes } from './progress/index.js';
import { runRoutes } from './runs/index.js';
import { sessionRoutes } from './sessions/index.js';

/** Every project-scoped resource; mounted at /v2/:project_id and at /v1 (project "default"). */
export const projectRoutes: FastifyPluginAsync = async (app) => {
  await app.register(clientRoutes);
  await app.register(jobRoutes);
  await app.register(actionRoutes);
  await app.register(sessionRoutes);
  await app.register(backupRoutes);
  await app.register(catalogRoutes);
  await app.register(runRoutes);
  await app.register(progressRoutes);
  await app.register(drillRoutes);
  await app.register(metricRoutes);
  await app.register(alertRoutes);
};
