import { FreezerApiClient } from '@freezer/api-client';
import { FREEZER_VERSION } from '@freezer/schema';
import { consoleLogger, httpTransport, Scheduler, scaledClock, systemClock } from '@freezer/scheduler';
import { removePidFile, writePidFile } from './daemon.js';
import { defaultClientId, type Settings } from './settings.js';

export function apiClientFor(s: Settings): FreezerApiClient {
  return new FreezerApiClient({
    apiUrl: s.apiUrl,
    projectId: s.projectId,
    token: s.token,
    keystone: s.keystone,
    transport: httpTransport(),
  });
}

/** Runs the scheduler in this process until SIGTERM/SIGINT (what `--no-daemon start` and the daemon do). */
export async function runForeground(s: Settings): Promise<void> {
  const log = consoleLogger();
  const api = apiClientFor(s);
  // The project (and so the default client id) may come from the token; retry until identity answers.
  let projectId = s.projectId;
  while (!projectId) {
    try {
      projectId = (await api.connect()).projectId;
    } catch (err) {
      log.error(`cannot authenticate: ${(err as Error).message}; retrying in ${s.interval} s`);
      await new Promise((r) => setTimeout(r, s.interval * 1000));
    }
  }
  const clientId = s.clientId ?? defaultClientId(projectId);
  const clock = s.clockSpeed ? scaledClock(s.clockSpeed, s.clockStart) : systemClock;
  const scheduler = new Scheduler({
    api,
    clientId,
    stateDir: s.stateDir,
    agentPath: s.agentPath,
    interval: s.interval,
    concurrentJobs: s.concurrentJobs,
    disableExec: s.disableExec,
    killGrace: s.killGrace,
    jobsDir: s.jobsDir,
    clock,
    log,
    timeZone: s.timeZone,
    version: FREEZER_VERSION,
  });
  writePidFile(s.pidFile);
  let stopping = false;
  const stop = (sig: string): void => {
    if (stopping) return;
    stopping = true;
    log.info(`${sig} received, stopping`);
    void scheduler.stop();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  log.info(
    `freezer-scheduler ${FREEZER_VERSION} started: client ${clientId}, poll every ${s.interval} s, agent ${s.agentPath}, state ${s.stateDir}`,
  );
  try {
    await scheduler.start();
  } finally {
    removePidFile(s.pidFile);
  }
  log.info('stopped');
}
