import type { KeystoneCredentials } from '@freezer/api-client';
import { existsSync } from 'node:fs';
import { homedir, hostname } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_KILL_GRACE, type KillGrace } from '@freezer/scheduler';
import { readIni } from './ini-file.js';

/** Raw option values as commander hands them over (camelCase of the long flags). */
export interface RawOptions {
  clientId?: string;
  interval?: string;
  jobsDir?: string;
  concurrentJobs?: string;
  disableExec?: boolean;
  killGrace?: string;
  cloudKillGrace?: string;
  configFile?: string;
  apiUrl?: string;
  projectId?: string;
  token?: string;
  osAuthUrl?: string;
  osUsername?: string;
  osPassword?: string;
  osUserDomainName?: string;
  osProjectName?: string;
  osProjectDomainName?: string;
  agentPath?: string;
  stateDir?: string;
  pidFile?: string;
  logFile?: string;
  daemon?: boolean;
  timezone?: string;
  clockSpeed?: string;
  clockStart?: string;
  format?: string;
  debug?: boolean;
}

export interface Settings {
  clientId?: string;
  interval: number;
  jobsDir?: string;
  concurrentJobs: number;
  disableExec: boolean;
  killGrace: KillGrace;
  apiUrl?: string;
  projectId?: string;
  token?: string;
  keystone?: KeystoneCredentials;
  agentPath: string;
  stateDir: string;
  pidFile: string;
  logFile: string;
  daemon: boolean;
  timeZone?: string;
  clockSpeed?: number;
  clockStart?: number;
  format: 'table' | 'json';
}

export class UsageError extends Error {}

function positiveInt(name: string, v: string | undefined, dflt: number): number {
  if (v === undefined || v === '') return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name} must be a positive integer, got "${v}"`);
  return n;
}

/** The agent next to this program in the monorepo, else `freezer-agent` on PATH. */
export function defaultAgentPath(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const candidate of [
    join(here, '../../agent/bin/freezer-agent.js'),
    join(here, '../../../apps/agent/bin/freezer-agent.js'),
  ]) {
    if (existsSync(candidate)) return candidate;
  }
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const p = join(dir, 'freezer-agent');
    if (dir && existsSync(p)) return p;
  }
  return 'freezer-agent';
}

/** Precedence: command line, then OS_* environment, then the config file's [DEFAULT], then defaults. */
export function resolveSettings(raw: RawOptions, env: NodeJS.ProcessEnv = process.env): Settings {
  const file = raw.configFile ? (readIni(raw.configFile).DEFAULT ?? {}) : {};
  // An empty value (e.g. OS_BACKUP_URL=) counts as unset, as with the stock clients.
  const nonEmpty = (v: string | undefined): string | undefined =>
    v === undefined || v === '' ? undefined : v;
  const pick = (cli: string | undefined, envKey: string | undefined, fileKey: string): string | undefined =>
    nonEmpty(cli) ?? nonEmpty(envKey ? env[envKey] : undefined) ?? nonEmpty(file[fileKey]);
  const stateDir = pick(raw.stateDir, undefined, 'state_dir') ?? join(homedir(), '.freezer', 'scheduler');
  const authUrl = pick(raw.osAuthUrl, 'OS_AUTH_URL', 'os_auth_url');
  const token = pick(raw.token, 'OS_TOKEN', 'os_token');
  const projectId = pick(raw.projectId, 'OS_PROJECT_ID', 'os_project_id');
  const apiUrl = pick(raw.apiUrl, 'OS_BACKUP_URL', 'os_backup_url');
  const fmt = raw.format ?? 'table';
  if (fmt !== 'table' && fmt !== 'json') throw new UsageError(`--format must be table or json, got "${fmt}"`);
  const clockSpeed = raw.clockSpeed !== undefined ? Number(raw.clockSpeed) : undefined;
  if (clockSpeed !== undefined && !(clockSpeed > 0))
    throw new UsageError('--clock-speed must be a positive number');
  const clockStart = raw.clockStart !== undefined ? Date.parse(raw.clockStart) : undefined;
  if (clockStart !== undefined && Number.isNaN(clockStart))
    throw new UsageError(`--clock-start: bad date "${raw.clockStart}"`);
  const settings: Settings = {
    clientId: pick(raw.clientId, undefined, 'client_id'),
    interval: positiveInt('interval', pick(raw.interval, undefined, 'interval'), 60),
    jobsDir: pick(raw.jobsDir, undefined, 'jobs_dir') ?? file.conf,
    concurrentJobs: positiveInt('concurrent-jobs', pick(raw.concurrentJobs, undefined, 'concurrent_jobs'), 1),
    disableExec: raw.disableExec ?? ['true', '1', 'yes'].includes((file.disable_exec ?? '').toLowerCase()),
    killGrace: {
      seconds: positiveInt(
        'kill-grace',
        pick(raw.killGrace, undefined, 'kill_grace'),
        DEFAULT_KILL_GRACE.seconds,
      ),
      cloudSeconds: positiveInt(
        'cloud-kill-grace',
        pick(raw.cloudKillGrace, undefined, 'cloud_kill_grace'),
        DEFAULT_KILL_GRACE.cloudSeconds,
      ),
    },
    apiUrl,
    projectId,
    token: authUrl ? undefined : token,
    agentPath: pick(raw.agentPath, undefined, 'agent_path') ?? defaultAgentPath(),
    stateDir,
    pidFile: pick(raw.pidFile, undefined, 'pid_file') ?? join(stateDir, 'freezer-scheduler.pid'),
    logFile: pick(raw.logFile, undefined, 'log_file') ?? join(stateDir, 'freezer-scheduler.log'),
    daemon: raw.daemon !== false,
    timeZone: pick(raw.timezone, undefined, 'timezone'),
    clockSpeed,
    clockStart,
    format: fmt,
  };
  if (authUrl) {
    settings.keystone = {
      authUrl,
      username: pick(raw.osUsername, 'OS_USERNAME', 'os_username'),
      password: pick(raw.osPassword, 'OS_PASSWORD', 'os_password'),
      userDomainName: pick(raw.osUserDomainName, 'OS_USER_DOMAIN_NAME', 'os_user_domain_name'),
      token,
      projectId,
      projectName: pick(raw.osProjectName, 'OS_PROJECT_NAME', 'os_project_name'),
      projectDomainName: pick(raw.osProjectDomainName, 'OS_PROJECT_DOMAIN_NAME', 'os_project_domain_name'),
    };
  } else if (!apiUrl) {
    throw new UsageError('no API: pass --api-url (with --project-id) or set OS_AUTH_URL and credentials');
  }
  return settings;
}

/** Stock default client id: "<project id>_<hostname>". */
export function defaultClientId(projectId: string): string {
  return `${projectId}_${hostname()}`;
}
