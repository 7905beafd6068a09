import type { Store } from '@freezer/store';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { randomUUID } from 'node:crypto';
import { useJsonBodies } from './plugins/body-parsing.js';
import { registerCompression } from './plugins/compression.js';
import { registerAccessControl } from './plugins/auth/access-control.js';
import { registerCookies } from './plugins/auth/cookies.js';
import type { AuthOptions } from './plugins/auth/settings.js';
import { registerErrorHandlers } from './plugins/errors.js';
import { type LimitOptions, registerLimits } from './plugins/limits.js';
import { registerLoopbackGuard } from './plugins/loopback-guard.js';
import { registerRequestMetrics } from './plugins/metrics/request-metrics.js';
import { registerSecurityHeaders } from './plugins/security-headers.js';
import { registerOpenApi } from './plugins/openapi.js';
import { RequestLogController } from './plugins/request-log.js';
import { trackRoutes } from './plugins/route-registry.js';
import { useZodValidation } from './plugins/validation.js';
import { hasWebApp, registerWebApp, spaFallback } from './plugins/web-app.js';
import { authRoutes } from './routes/auth/index.js';
import { identityRoutes } from './routes/identity/index.js';
import { prometheusRoutes } from './routes/metrics-prometheus/index.js';
import { projectRoutes } from './routes/project-routes.js';
import { rootRoutes } from './routes/root/index.js';
import { tokenRoutes } from './routes/tokens/index.js';
import { userRoutes } from './routes/users/index.js';
import { type ProgressFeed, openProgressFeed } from './progress/progress-feed.js';
import { ProgressHub, WATCH_NOTICE_MS } from './progress/progress-hub.js';
import { ProgressPacing } from './progress/progress-pacing.js';
import { type Lane, progressLane as openProgressLane } from './progress/progress-lane.js';
import { serverWithLane } from './progress/lane-server.js';
import './types.js';

export interface AppOptions {
  store: Store;
  /** Directory of the built web app; served at / when it holds an index.html. */
  webRoot?: string;
  logger?: FastifyServerOptions['logger'];
  /** Maximum request body in bytes (413 beyond). */
  bodyLimit?: number;
  /** Users, tokens, tenants; off by default (loopback-only no-auth mode). */
  auth?: AuthOptions;
  /** Per-caller rate and body-size limits. */
  limits?: LimitOptions;
  /** Behind a reverse proxy: take the client address and protocol from X-Forwarded-*. */
  trustProxy?: boolean;
  /** No-auth mode: names/addresses besides loopback ones that may appear in Host and Origin. */
  allowedHosts?: string[];
  /** The address clients reach the API at (identity catalog, links); default: the request's. */
  publicUrl?: string;
  /**
   * Nodes' progress posts answered ahead of the framework when nothing but the route applies (no
   * auth, no rate limit, no debug log); default on. Off: every post takes the full Fastify path.
   */
  progressLane?: boolean;
  /** Progress events per second the API asks the whole deployment for while dashboards watch. */
  progressBudget?: number;
}

export const DEFAULT_BODY_LIMIT = 1024 * 1024;

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  let lane: Lane | undefined;
  const app = Fastify({
    serverFactory: (handler, opts) => serverWithLane(handler, opts, () => lane),
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 500 },
    genReqId: () => `req-${randomUUID()}`,
    logController: new RequestLogController(),
    trustProxy: options.trustProxy ?? false,
  });
  app.decorate('store', options.store);
  const progressHub = new ProgressHub();
  app.decorate('progressHub', progressHub);
  const progressFeed = await openProgressFeed(options.store, progressHub);
  app.decorate('progressFeed', progressFeed);
  app.decorate(
    'progressPacing',
    new ProgressPacing(progressHub, {
      ...(options.progressBudget ? { budget: options.progressBudget } : {}),
      ...(progressFeed.shared ? { announce: (project: string) => progressFeed.announceWatch(project) } : {}),
    }),
  );
  if (progressFeed.shared) announceWatchedStreams(app, progressHub, progressFeed);
  // Open event streams would keep close() waiting for ever.
  app.addHook('preClose', (done) => {
    for (const s of progressHub.subscribers()) s.end();
    done();
  });
  app.addHook('onClose', async () => app.progressFeed.close());
  app.decorate('publicUrl', options.publicUrl?.replace(/\/+$/, ''));
  if (!options.auth?.enabled) registerLoopbackGuard(app, { allowedHosts: options.allowedHosts ?? [] });
  // Callback style: an async hook costs a promise per request on every route.
  app.addHook('onRequest', (req, reply, done) => {
    reply.header('x-openstack-request-id', req.id);
    done();
  });

  useJsonBodies(app);
  useZodValidation(app);
  trackRoutes(app);
  const web = hasWebApp(options.webRoot) ? options.webRoot : undefined;
  registerErrorHandlers(app, web ? spaFallback : undefined);
  registerRequestMetrics(app);
  await registerCookies(app);
  registerAccessControl(app, options.auth);
  await registerLimits(app, options.limits);
  registerSecurityHeaders(app);
  await registerCompression(app);

  await registerOpenApi(app);
  if (web) await registerWebApp(app, web);
  await app.register(rootRoutes, { serveIndex: web !== undefined });
  await app.register(identityRoutes);
  await app.register(authRoutes);
  await app.register(userRoutes);
  await app.register(tokenRoutes);
  await app.register(prometheusRoutes);
  await app.register(projectRoutes, { prefix: '/v2/:project_id' });
  await app.register(projectRoutes, { prefix: '/v1' });
  const progressLane = progressLaneApplies(app, options)
    ? openProgressLane(app, options.allowedHosts ?? [])
    : undefined;
  app.decorate('progressLane', progressLane);
  if (progressLane) {
    lane = progressLane.handle;
    app.addHook('preClose', (done) => {
      progressLane.stop();
      done();
    });
  }
  return app;
}

/**
 * Replicas: the projects with a dashboard's event stream open here are announced at once and then
 * every WATCH_NOTICE_MS, so the replica a node reports to asks it for the watched pace.
 */
function announceWatchedStreams(app: FastifyInstance, hub: ProgressHub, feed: ProgressFeed): void {
  hub.onWatch((project) => {
    if (hub.streamedProjects().includes(project)) feed.announceWatch(project);
  });
  const timer = setInterval(() => {
    for (const project of hub.streamedProjects()) feed.announceWatch(project);
  }, WATCH_NOTICE_MS);
  timer.unref();
  app.addHook('onClose', async () => clearInterval(timer));
}

/** The lane skips hooks: only where none of them would do more than the route itself. */
function progressLaneApplies(app: FastifyInstance, options: AppOptions): boolean {
  const debug = (app.log as { isLevelEnabled?: (l: string) => boolean }).isLevelEnabled?.call(
    app.log,
    'debug',
  );
  return (
    options.progressLane !== false &&
    !options.auth?.enabled &&
    !((options.limits?.requestsPerMinute ?? 0) > 0) &&
    debug !== true
  );
}
