import { FREEZER_VERSION } from '@freezer/schema';
import { openStore, redactUrl } from '@freezer/store';
import { CommanderError } from 'commander';
import { startAlertLoop } from './alerts/alert-loop.js';
import { buildApp } from './app.js';
import { UsageError, parseConfig } from './config.js';
import { SetupError, ensureInitialAdmin } from './plugins/auth/initial-admin.js';
import { keystoneAuth } from './plugins/auth/keystone-settings.js';
import { runCatalog } from './catalog-command.js';
import { runSetupAdmin } from './setup-admin.js';

// Secrets that may sit in a logged request/response (err objects carry headers in some paths).
const REDACTED = [
  'req.headers["x-auth-token"]',
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'req.headers["x-subject-token"]',
  'res.headers["set-cookie"]',
  'res.headers["x-subject-token"]',
];

async function main(): Promise<number> {
  if (process.argv[2] === 'setup-admin') return runSetupAdmin(process.argv.slice(3), process.env);
  if (process.argv[2] === 'catalog') return runCatalog(process.argv.slice(3), process.env);
  let config;
  try {
    config = parseConfig(process.argv.slice(2), process.env, FREEZER_VERSION);
  } catch (err) {
    // --version / --help: commander has already printed them.
    if (err instanceof CommanderError) return 0;
    if (err instanceof UsageError || err instanceof Error) {
      console.error(`freezer-api: ${err.message}`);
      return err instanceof UsageError ? 2 : 1;
    }
    throw err;
  }
  let store;
  try {
    store = await openStore({ url: config.dbUrl, poolSize: config.dbPool });
  } catch (err) {
    console.error(`freezer-api: cannot open database ${redactUrl(config.dbUrl)}: ${(err as Error).message}`);
    return 1;
  }
  if (config.auth) {
    try {
      const created = await ensureInitialAdmin(store, process.env);
      if (created)
        console.error(`freezer-api: created global administrator ${created} from FREEZER_ADMIN_PASSWORD`);
    } catch (err) {
      console.error(`freezer-api: ${(err as Error).message}`);
      await store.close();
      if (err instanceof SetupError) return 1;
      throw err;
    }
  }
  const app = await buildApp({
    store,
    webRoot: config.webRoot,
    logger: { level: config.logLevel, redact: { paths: REDACTED, censor: '[redacted]' } },
    auth: {
      enabled: config.auth,
      secureCookies: config.secureCookies,
      ...(config.keystone ? { keystone: keystoneAuth(config.keystone) } : {}),
    },
    trustProxy: config.trustProxy,
    progressBudget: config.progressBudget,
    allowedHosts: config.allowedHosts,
    ...(config.publicUrl !== undefined ? { publicUrl: config.publicUrl } : {}),
    limits: {
      requestsPerMinute: config.rateLimit ?? (config.auth ? 1200 : 0),
      ...(config.callerBodyLimit !== undefined ? { callerBodyLimit: config.callerBodyLimit } : {}),
    },
  });
  let alerts = { stop: async () => undefined as void };
  const stop = async (signal: string) => {
    app.log.info({ signal }, 'stopping');
    await alerts.stop();
    await app.close();
    await store.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
  try {
    await app.listen({ host: config.host, port: config.port });
  } catch (err) {
    console.error(`freezer-api: cannot listen on ${config.host}:${config.port}: ${(err as Error).message}`);
    await store.close();
    return 1;
  }
  alerts = startAlertLoop(store, {
    intervalSeconds: config.alertsInterval,
    ...(config.smtp ? { smtp: config.smtp } : {}),
    onError: (what, err) => app.log.error({ err }, `${what} failed`),
    registry: app.requestMetrics.registry,
  });
  app.log.info({ db: store.dbPath, webRoot: config.webRoot }, `freezer-api ${FREEZER_VERSION} ready`);
  return -1;
}

const code = await main();
if (code >= 0) process.exit(code);
