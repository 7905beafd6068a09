import { DEFAULT_DB_PATH, isPostgresUrl, sqlitePathFromUrl } from '@freezer/store';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { dirname, resolve } from 'node:path';
import type { SmtpSettings } from './alerts/transports.js';
import { fileURLToPath } from 'node:url';

export interface ApiConfig {
  host: string;
  port: number;
  /** A SQLite file path, or a postgres:// URL. */
  dbUrl: string;
  webRoot: string;
  logLevel: string;
  /** Users, tokens and tenants; required to listen on a non-loopback address. */
  auth: boolean;
  /** Behind nginx: trust X-Forwarded-For/-Proto (client address for limits, HTTPS for cookies). */
  trustProxy: boolean;
  secureCookies: boolean;
  /** Requests per minute per token/user/address; undefined = default (1200 with auth, off without). */
  rateLimit: number | undefined;
  /** Largest body per authenticated caller, bytes; undefined = the server-wide limit. */
  callerBodyLimit: number | undefined;
  /** PostgreSQL connections of this process (ignored for SQLite). */
  dbPool: number;
  /** No-auth mode: Host/Origin names accepted besides loopback ones. */
  allowedHosts: string[];
  /** The URL clients use to reach the API (behind a proxy); links and the identity catalog use it. */
  publicUrl: string | undefined;
  /** Seconds between freshness evaluations (0 = alerts off). */
  alertsInterval: number;
  /** Progress events per second the API asks of the whole deployment while dashboards watch. */
  progressBudget: number;
  /** The SMTP relay alert e-mails go through; undefined = no e-mail. */
  smtp: SmtpSettings | undefined;
  /** A cloud's Keystone validates tokens we do not know (and logs dashboard users in). */
  keystone: KeystoneConfig | undefined;
}

export interface KeystoneConfig {
  authUrl: string;
  /** The service user that validates users' tokens; its password only from FREEZER_KEYSTONE_PASSWORD. */
  user: string;
  password: string;
  project: string;
  domain: string;
  /** The longest a validated token is trusted without asking Keystone again (revocation delay). */
  cacheSeconds: number;
  /** Our own users and tokens switched off: Keystone only. */
  localUsers: boolean;
}

// Each request waits for a free connection; at 1,000 nodes on a busy machine 10 per process was the
// bottleneck of bench:replicas (docs/benchmarks.md). Two replicas × 20 stay well below
// PostgreSQL's default max_connections of 100.
export const DEFAULT_DB_POOL = 20;

const truthy = (v: string | undefined): boolean => v !== undefined && /^(1|on|true|yes)$/i.test(v);

/** Thrown for bad options: main prints the message and exits 2. */
export class UsageError extends Error {}

function port(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 0 || n > 65535)
    throw new InvalidArgumentError('must be a port number 0-65535');
  return n;
}

function count(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('must be a whole number');
  return Number(value);
}

function positiveCount(value: string): number {
  const n = count(value);
  if (n < 1) throw new InvalidArgumentError('must be at least 1');
  return n;
}

const SMTP_TLS_MODES = ['starttls', 'tls', 'none'] as const;

function smtpUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError('must be smtp://[user:password@]host[:port]');
  }
  if (url.protocol !== 'smtp:' || url.hostname === '' || url.pathname.replace(/\/$/, '') !== '')
    throw new InvalidArgumentError('must be smtp://[user:password@]host[:port]');
  return value;
}

function smtpTls(value: string): SmtpSettings['tls'] {
  const mode = SMTP_TLS_MODES.find((m) => m === value);
  if (!mode) throw new InvalidArgumentError(`must be one of ${SMTP_TLS_MODES.join(', ')}`);
  return mode;
}

function hostList(value: string): string[] {
  const hosts = value
    .split(',')
    .map((h) => h.trim())
    .filter((h) => h !== '');
  for (const h of hosts) {
    if (!/^(\[[\da-fA-F:.]+\]|[\w.-]+)(:\d{1,5})?$/.test(h))
      throw new InvalidArgumentError(`"${h}" is not a host name or address`);
  }
  return hosts;
}

function publicUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError('must be an http:// or https:// URL');
  }
  if (!/^https?:$/.test(url.protocol) || url.search !== '' || url.hash !== '' || url.username !== '')
    throw new InvalidArgumentError('must be an http:// or https:// URL without query, fragment or user');
  return url.href.replace(/\/+$/, '');
}

/** ../web/dist relative to the api package (works from src/ and from the bundled dist/). */
function defaultWebRoot(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'web', 'dist');
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

export function isLoopback(host: string): boolean {
  return LOOPBACK.test(host);
}

/** Options win over environment variables, which win over defaults. */
export function parseConfig(argv: string[], env: NodeJS.ProcessEnv, version: string): ApiConfig {
  const program = new Command('freezer-api')
    .description('Freezer-compatible backup API and web UI')
    .version(version)
    .option('--host <host>', 'listen address (env FREEZER_API_HOST)', env.FREEZER_API_HOST ?? '127.0.0.1')
    .option(
      '--port <port>',
      'listen port (env FREEZER_API_PORT)',
      port,
      env.FREEZER_API_PORT ? port(env.FREEZER_API_PORT) : 9090,
    )
    .option(
      '--db <url>',
      'SQLite file or postgresql://user:pass@host/db (env DATABASE_URL)',
      env.DATABASE_URL ?? DEFAULT_DB_PATH,
    )
    .option('--web-root <dir>', 'built web app to serve at /', env.FREEZER_WEB_ROOT ?? defaultWebRoot())
    .option('--log-level <level>', 'pino level (env LOG_LEVEL)', env.LOG_LEVEL ?? 'info')
    .option(
      '--auth',
      'require users/tokens, isolate projects (env FREEZER_AUTH=on)',
      truthy(env.FREEZER_AUTH),
    )
    .option(
      '--trust-proxy',
      'behind a reverse proxy: trust X-Forwarded-* (env FREEZER_TRUST_PROXY=on)',
      truthy(env.FREEZER_TRUST_PROXY),
    )
    .option(
      '--secure-cookies',
      'always mark the session cookie Secure (env FREEZER_SECURE_COOKIES=on)',
      truthy(env.FREEZER_SECURE_COOKIES),
    )
    .option(
      '--rate-limit <n>',
      'requests per minute per token (env FREEZER_RATE_LIMIT; 0 = off; default 1200 with --auth)',
      count,
      env.FREEZER_RATE_LIMIT ? count(env.FREEZER_RATE_LIMIT) : undefined,
    )
    .option(
      '--caller-body-limit <bytes>',
      'largest request body per token/user (env FREEZER_CALLER_BODY_LIMIT)',
      count,
      env.FREEZER_CALLER_BODY_LIMIT ? count(env.FREEZER_CALLER_BODY_LIMIT) : undefined,
    )
    .option(
      '--db-pool <n>',
      'PostgreSQL connections per API process (env FREEZER_DB_POOL; default 20)',
      count,
      env.FREEZER_DB_POOL ? count(env.FREEZER_DB_POOL) : DEFAULT_DB_POOL,
    )
    .option(
      '--allowed-hosts <names>',
      'without --auth: comma-separated Host names/addresses accepted besides loopback ones (env FREEZER_ALLOWED_HOSTS)',
      hostList,
      env.FREEZER_ALLOWED_HOSTS ? hostList(env.FREEZER_ALLOWED_HOSTS) : [],
    )
    .option(
      '--public-url <url>',
      'the URL clients reach the API at, e.g. behind a proxy (env FREEZER_PUBLIC_URL)',
      publicUrl,
      env.FREEZER_PUBLIC_URL ? publicUrl(env.FREEZER_PUBLIC_URL) : undefined,
    )
    .option(
      '--alerts-interval <seconds>',
      'seconds between freshness evaluations, 0 = alerts off (env FREEZER_ALERTS_INTERVAL; default 30)',
      count,
      env.FREEZER_ALERTS_INTERVAL ? count(env.FREEZER_ALERTS_INTERVAL) : 30,
    )
    .option(
      '--progress-budget <events>',
      'progress events per second the API asks all reporting nodes for together while a dashboard watches; each node is told max(2 s, nodes / budget) (env FREEZER_PROGRESS_BUDGET; default 100)',
      positiveCount,
      env.FREEZER_PROGRESS_BUDGET ? positiveCount(env.FREEZER_PROGRESS_BUDGET) : 100,
    )
    .option(
      '--smtp-url <url>',
      'SMTP relay for alert e-mails, smtp://[user:password@]host[:port] (env FREEZER_SMTP_URL)',
      smtpUrl,
      env.FREEZER_SMTP_URL ? smtpUrl(env.FREEZER_SMTP_URL) : undefined,
    )
    .option('--smtp-from <address>', 'sender of alert e-mails (env FREEZER_SMTP_FROM)', env.FREEZER_SMTP_FROM)
    .option(
      '--smtp-tls <mode>',
      'starttls (default: required), tls (implicit, port 465) or none (env FREEZER_SMTP_TLS)',
      smtpTls,
      env.FREEZER_SMTP_TLS ? smtpTls(env.FREEZER_SMTP_TLS) : 'starttls',
    )
    .option(
      '--smtp-ca <file>',
      "PEM file of the CA the relay's certificate is checked against (env FREEZER_SMTP_CA)",
      env.FREEZER_SMTP_CA,
    )
    .option(
      '--keystone-url <url>',
      "validate unknown tokens with this cloud's Keystone, e.g. http://keystone:5000/v3 (env FREEZER_KEYSTONE_URL); implies --auth",
      publicUrl,
      env.FREEZER_KEYSTONE_URL ? publicUrl(env.FREEZER_KEYSTONE_URL) : undefined,
    )
    .option(
      '--keystone-user <name>',
      'service user that validates tokens; password from FREEZER_KEYSTONE_PASSWORD (env FREEZER_KEYSTONE_USER)',
      env.FREEZER_KEYSTONE_USER ?? 'freezer',
    )
    .option(
      '--keystone-project <name>',
      "the service user's project (env FREEZER_KEYSTONE_PROJECT)",
      env.FREEZER_KEYSTONE_PROJECT ?? 'service',
    )
    .option(
      '--keystone-domain <name>',
      "the service user's and project's domain (env FREEZER_KEYSTONE_DOMAIN)",
      env.FREEZER_KEYSTONE_DOMAIN ?? 'Default',
    )
    .option(
      '--keystone-cache <seconds>',
      'longest a validated token is trusted before Keystone is asked again: the revocation delay (env FREEZER_KEYSTONE_CACHE; default 60)',
      count,
      env.FREEZER_KEYSTONE_CACHE ? count(env.FREEZER_KEYSTONE_CACHE) : 60,
    )
    .option(
      '--keystone-only',
      'with --keystone-url: our own users and tokens are off (env FREEZER_KEYSTONE_ONLY=on)',
      truthy(env.FREEZER_KEYSTONE_ONLY),
    )
    .exitOverride()
    .configureOutput({ writeErr: () => undefined });
  try {
    program.parse(argv, { from: 'user' });
  } catch (err) {
    if (
      err instanceof CommanderError &&
      (err.code === 'commander.version' || err.code === 'commander.helpDisplayed')
    )
      throw err;
    throw new UsageError((err as Error).message.replace(/^error: /, ''));
  }
  const o = program.opts<
    {
      host: string;
      port: number;
      db: string;
      webRoot: string;
      logLevel: string;
      auth: boolean;
      trustProxy: boolean;
      secureCookies: boolean;
      rateLimit?: number;
      callerBodyLimit?: number;
      dbPool: number;
      allowedHosts: string[];
      publicUrl?: string;
      alertsInterval: number;
      progressBudget: number;
      smtpUrl?: string;
      smtpFrom?: string;
      smtpTls: SmtpSettings['tls'];
      smtpCa?: string;
    } & KeystoneOptionValues
  >();
  if (o.dbPool < 1) throw new UsageError('--db-pool must be at least 1');
  const keystone = keystoneConfig(o, env);
  if (keystone) o.auth = true;
  if (!isLoopback(o.host) && !o.auth) {
    throw new UsageError(
      `refusing to listen on ${o.host}: authentication is off, so the API only listens on a loopback address (127.0.0.1, ::1); turn it on with --auth (FREEZER_AUTH=on)`,
    );
  }
  return {
    host: o.host,
    port: o.port,
    dbUrl: isPostgresUrl(o.db) ? o.db : sqlitePathFromUrl(o.db),
    webRoot: resolve(o.webRoot),
    logLevel: o.logLevel,
    auth: o.auth,
    trustProxy: o.trustProxy,
    secureCookies: o.secureCookies,
    rateLimit: o.rateLimit,
    callerBodyLimit: o.callerBodyLimit,
    dbPool: o.dbPool,
    allowedHosts: o.allowedHosts,
    publicUrl: o.publicUrl,
    alertsInterval: o.alertsInterval,
    progressBudget: o.progressBudget,
    smtp:
      o.smtpUrl === undefined
        ? undefined
        : {
            url: o.smtpUrl,
            tls: o.smtpTls,
            ...(o.smtpFrom ? { from: o.smtpFrom } : {}),
            ...(o.smtpCa ? { caFile: resolve(o.smtpCa) } : {}),
          },
    keystone,
  };
}

interface KeystoneOptionValues {
  keystoneUrl?: string;
  keystoneUser: string;
  keystoneProject: string;
  keystoneDomain: string;
  keystoneCache: number;
  keystoneOnly: boolean;
}

function keystoneConfig(o: KeystoneOptionValues, env: NodeJS.ProcessEnv): KeystoneConfig | undefined {
  if (o.keystoneUrl === undefined) {
    if (o.keystoneOnly) throw new UsageError('--keystone-only needs --keystone-url');
    return undefined;
  }
  const password = env.FREEZER_KEYSTONE_PASSWORD;
  if (!password) {
    throw new UsageError(
      `--keystone-url needs the password of service user ${o.keystoneUser} in FREEZER_KEYSTONE_PASSWORD`,
    );
  }
  return {
    authUrl: o.keystoneUrl,
    user: o.keystoneUser,
    password,
    project: o.keystoneProject,
    domain: o.keystoneDomain,
    cacheSeconds: o.keystoneCache,
    localUsers: !o.keystoneOnly,
  };
}
