import { hostname } from 'node:os';
import { ApiError, type ClientRegistration, type FreezerApiClient, type JobDoc } from '@freezer/api-client';
import { ACTIONS, AGENT_ENGINES, AGENT_MODES, AGENT_STORAGES } from '@freezer/schema';
import { systemClock, type Clock } from './clock.js';
import type { AgentStarter } from './agent-process.js';
import { JobExecution } from './job-execution.js';
import type { KillGrace } from './kill-grace.js';
import { JobsDirSync } from './jobs-dir.js';
import { consoleLogger, type Logger } from './log.js';
import { Outbox } from './outbox.js';
import { ScheduledJob, type JobHost } from './scheduled-job.js';
import { StateStore } from './state-store.js';
import { localTimeZone } from './zoned-time.js';

export interface Capabilities {
  supported_actions: string[];
  supported_modes: string[];
  supported_storages: string[];
  supported_engines: string[];
}

/** What our agent runs: the registration advertises the agent's own choice lists. */
export const DEFAULT_CAPABILITIES: Capabilities = {
  supported_actions: [...ACTIONS],
  supported_modes: [...AGENT_MODES],
  supported_storages: [...AGENT_STORAGES],
  supported_engines: [...AGENT_ENGINES],
};

export interface SchedulerOptions {
  api: FreezerApiClient;
  clientId: string;
  stateDir: string;
  agentPath: string;
  agentEnv?: NodeJS.ProcessEnv;
  /** Poll period in seconds (stock default 60). */
  interval?: number;
  concurrentJobs?: number;
  disableExec?: boolean;
  jobsDir?: string;
  clock?: Clock;
  log?: Logger;
  /** IANA zone for naive schedule dates and cron fields (default: the node's zone). */
  timeZone?: string;
  version?: string;
  hostname?: string;
  capabilities?: Capabilities;
  /** Replaces the agent child process (the benchmark's simulated nodes). */
  startAgent?: AgentStarter;
  /** SIGTERM-to-SIGKILL grace of an aborted agent, longer for cloud modes (default DEFAULT_KILL_GRACE). */
  killGrace?: KillGrace;
}

/**
 * The node daemon: registers the client, polls its jobs every interval (heartbeat included), runs due
 * slots through the agent within the concurrency limit and delivers results through the on-disk outbox.
 */
export class Scheduler {
  readonly jobs = new Map<string, ScheduledJob>();
  readonly outbox: Outbox;
  private readonly store: StateStore;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly host: JobHost;
  private readonly jobsDir: JobsDirSync | null;
  private registered = false;
  private heartbeatSupported = true;
  private stopped = false;
  private wake = new AbortController();
  private running = new Set<Promise<void>>();
  private loop: Promise<void> | null = null;
  readonly stats = { polls: 0, pollErrors: 0, runs: 0 };

  constructor(private readonly o: SchedulerOptions) {
    this.clock = o.clock ?? systemClock;
    this.log = o.log ?? consoleLogger();
    this.store = new StateStore(o.stateDir);
    this.outbox = new Outbox(o.stateDir, o.api, this.log);
    this.jobsDir = o.jobsDir ? new JobsDirSync(o.jobsDir, o.stateDir, o.clientId, o.api, this.log) : null;
    this.host = {
      clock: this.clock,
      log: this.log,
      outbox: this.outbox,
      store: this.store,
      zone: o.timeZone ?? localTimeZone(),
      newExecution: (doc) =>
        new JobExecution(
          {
            api: o.api,
            outbox: this.outbox,
            clock: this.clock,
            log: this.log,
            agentPath: o.agentPath,
            agentEnv: o.agentEnv,
            disableExec: o.disableExec ?? false,
            startAgent: o.startAgent,
            killGrace: o.killGrace,
          },
          doc,
        ),
    };
  }

  private registration(): Omit<ClientRegistration, 'client_id'> {
    return {
      hostname: this.o.hostname ?? hostname(),
      version: this.o.version,
      time_zone: this.host.zone,
      ...(this.o.capabilities ?? DEFAULT_CAPABILITIES),
    };
  }

  /** Registers the client; a 409 means it already is. Errors are logged and retried at the next poll. */
  async register(): Promise<boolean> {
    try {
      await this.o.api.registerClient({ client_id: this.o.clientId, ...this.registration() });
      this.log.info(`client ${this.o.clientId} registered`);
      this.registered = true;
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        this.log.info(`client ${this.o.clientId} already registered`);
        this.registered = true;
      } else {
        this.log.error(`client registration failed: ${(err as Error).message}`);
      }
    }
    return this.registered;
  }

  private async heartbeat(): Promise<void> {
    if (!this.heartbeatSupported) return;
    try {
      if (await this.o.api.heartbeat(this.o.clientId, this.registration())) return;
      // 404/405: either the client was deleted (register again) or the API has no heartbeat route.
      try {
        await this.o.api.registerClient({ client_id: this.o.clientId, ...this.registration() });
        this.log.info(`client ${this.o.clientId} was gone from the API; registered again`);
      } catch (err) {
        if (!(err instanceof ApiError && err.status === 409)) throw err;
        this.heartbeatSupported = false;
        this.log.info('the API has no heartbeat route; relying on polls only');
      }
    } catch (err) {
      this.log.warn(`heartbeat failed: ${(err as Error).message}`);
    }
  }

  /** One poll: register if needed, heartbeat, upload changed job files, read jobs, process their events. */
  async poll(): Promise<void> {
    this.stats.polls += 1;
    if (!this.registered && !(await this.register())) {
      this.stats.pollErrors += 1;
      return;
    }
    await this.heartbeat();
    await this.outbox.flush();
    await this.jobsDir?.sync().catch((err: unknown) => this.log.error(`jobs dir: ${(err as Error).message}`));
    let docs: JobDoc[];
    try {
      docs = await this.o.api.listAllJobs({
        match: [{ client_id: this.o.clientId }],
        match_not: [{ status: 'completed' }],
      });
    } catch (err) {
      this.stats.pollErrors += 1;
      this.log.error(`unable to get jobs: ${(err as Error).message}`);
      return;
    }
    // The search body is only a hint (fetch-based transports cannot send it): filter here as well.
    docs = docs.filter((d) => d.client_id === this.o.clientId && d.job_schedule?.status !== 'completed');
    const seen = new Set<string>();
    for (const doc of docs) {
      seen.add(doc.job_id);
      let job = this.jobs.get(doc.job_id);
      if (!job) {
        job = ScheduledJob.create(this.host, doc);
        this.jobs.set(doc.job_id, job);
        this.log.info(`job ${doc.job_id} created locally`);
      }
      job.processEvent(doc);
    }
    for (const [id, job] of this.jobs) {
      if (!seen.has(id)) job.remove();
      if (job.removed) this.jobs.delete(id);
    }
    this.wakeUp();
  }

  private wakeUp(): void {
    this.wake.abort();
  }

  private dispatch(): void {
    const limit = Math.max(1, this.o.concurrentJobs ?? 1);
    const now = this.clock.now();
    const due = [...this.jobs.values()]
      .filter((j) => j.isDue(now))
      .sort((a, b) => a.dueSince() - b.dueSince());
    for (const job of due) {
      if (this.running.size >= limit) return;
      this.stats.runs += 1;
      const p: Promise<void> = job.fire().finally(() => {
        this.running.delete(p);
        if (job.removed) this.jobs.delete(job.id);
        this.wakeUp();
      });
      this.running.add(p);
    }
  }

  /** Starts the loop; resolves once stop() has been called and running jobs have ended. */
  start(): Promise<void> {
    this.loop ??= this.run();
    return this.loop;
  }

  private async run(): Promise<void> {
    const periodMs = Math.max(1, this.o.interval ?? 60) * 1000;
    await this.outbox.flush();
    await this.register();
    let nextPoll = this.clock.now();
    // A poll runs beside the dispatch loop so a slow or hanging API never delays a due slot.
    let polling: Promise<void> | null = null;
    while (!this.stopped) {
      if (!polling && this.clock.now() >= nextPoll) {
        polling = this.poll()
          .catch((err: unknown) => this.log.error(`poll failed: ${(err as Error).message}`))
          .finally(() => {
            polling = null;
            nextPoll = this.clock.now() + periodMs;
            this.wakeUp();
          });
      }
      if (this.stopped) break;
      this.dispatch();
      const now = this.clock.now();
      let until = polling ? now + periodMs : nextPoll;
      for (const j of this.jobs.values())
        if (j.state === 'scheduled' && j.nextFire !== null) until = Math.min(until, j.nextFire);
      this.wake = new AbortController();
      await this.clock.sleep(Math.max(0, until - now), this.wake.signal);
    }
    await Promise.allSettled([...this.running, polling]);
    await this.outbox.flush();
  }

  /** Stops polling; running agents are aborted (their slots stay consumed) and queued results flushed. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const job of this.jobs.values()) job.execution?.abort();
    this.wakeUp();
    await this.loop;
  }
}
