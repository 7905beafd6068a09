import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import type { ProgressEvent } from '@freezer/schema';
import {
  isTransient,
  type FreezerAction,
  type FreezerApiClient,
  type JobAction,
  type JobDoc,
  type JobResult,
  type RunActionRecord,
} from '@freezer/api-client';
import { startAgent, type AgentHandle, type AgentStarter } from './agent-process.js';
import { DEFAULT_KILL_GRACE, killGraceMs, type KillGrace } from './kill-grace.js';
import { agentReportsProgress, agentWritesCatalogs, wantsCatalog, writtenCatalog } from './catalog-out.js';
import { PROGRESS_FORWARD_MS, ProgressForwarder } from './progress-forwarder.js';
import { ProgressStreamSender } from './progress-stream-sender.js';
import type { Clock } from './clock.js';
import type { Logger } from './log.js';
import type { Outbox } from './outbox.js';
import { failureReason, maskSecrets, runLogTail } from './run-log.js';

export interface ExecutionDeps {
  api: FreezerApiClient;
  outbox: Outbox;
  clock: Clock;
  log: Logger;
  agentPath: string;
  agentEnv?: NodeJS.ProcessEnv;
  disableExec: boolean;
  /** How an action is run; the agent child process unless a simulation (benchmark) replaces it. */
  startAgent?: AgentStarter;
  /** SIGTERM-to-SIGKILL grace of an aborted agent (default DEFAULT_KILL_GRACE). */
  killGrace?: KillGrace;
}

/** Body of a "full document" PATCH (stock sends the whole doc; ids are dropped by the server anyway). */
export function fullPatch(doc: JobDoc): Record<string, unknown> & { job_schedule: JobDoc['job_schedule'] } {
  return {
    job_schedule: { ...doc.job_schedule },
    client_id: doc.client_id,
    session_id: doc.session_id ?? '',
    session_tag: doc.session_tag ?? 0,
    description: doc.description ?? '',
  };
}

const epoch = (ms: number): number => Math.floor(ms / 1000);

/**
 * One run of a job (freezer-api.md §11.4): report running, join the session, run each action through the
 * agent with retries, upload metadata, end the session and queue the run record. The final status is
 * decided by the caller (the state machine) from the returned result.
 */
export class JobExecution {
  private agent: AgentHandle | null = null;
  private agentAction: FreezerAction = {};
  private aborted = false;
  private readonly wake = new AbortController();
  readonly runId = randomUUID();

  constructor(
    private readonly deps: ExecutionDeps,
    private readonly doc: JobDoc,
  ) {}

  /** Kills the running agent's process group and skips every action not yet started. */
  abort(): void {
    this.aborted = true;
    this.wake.abort();
    this.agent?.kill(killGraceMs(this.agentAction, this.deps.killGrace ?? DEFAULT_KILL_GRACE));
  }

  get isAborted(): boolean {
    return this.aborted;
  }

  async run(slot: number): Promise<JobResult> {
    const { clock, outbox, log } = this.deps;
    const s = this.doc.job_schedule;
    Object.assign(s, { status: 'running', result: '', time_started: epoch(clock.now()), time_ended: -1 });
    void outbox.enqueue({ kind: 'patch-job', jobId: this.doc.job_id, body: { job_schedule: { ...s } } });
    log.info(`job ${this.doc.job_id} running (slot ${new Date(slot).toISOString()})`);
    const started = clock.now();

    await this.startSession();
    const records: RunActionRecord[] = [];
    let result: JobResult = 'success';
    const actions = this.doc.job_actions ?? [];
    if (this.deps.disableExec && actions.some((a) => a.freezer_action?.action === 'exec')) {
      log.warn(
        `job ${this.doc.job_id} fails: it contains an exec action and exec is disabled (--disable-exec)`,
      );
      result = 'fail';
    } else {
      for (const action of actions) {
        const name = String(action.freezer_action?.action ?? '');
        if (this.aborted || !(action.mandatory === true || result === 'success')) {
          log.warn(`job ${this.doc.job_id}: skipping ${name} action`);
          continue;
        }
        const rec = await this.runAction(action);
        records.push(rec);
        if (rec.result === 'fail' || rec.result === 'aborted') result = rec.result;
      }
    }
    if (this.aborted) result = 'aborted';
    s.result = result;
    s.time_ended = epoch(clock.now());
    this.endSession(result);
    void outbox.enqueue({
      kind: 'run',
      jobId: this.doc.job_id,
      run: {
        run_id: this.runId,
        time_started: epoch(started),
        time_ended: s.time_ended,
        result,
        ...(this.doc.session_id ? { session_id: this.doc.session_id } : {}),
        actions: records,
      },
    });
    log.info(`job ${this.doc.job_id} finished: ${result}`);
    return result;
  }

  private async runAction(action: JobAction): Promise<RunActionRecord> {
    const { clock, log, outbox } = this.deps;
    const fa = action.freezer_action ?? {};
    const maxTries = Math.max(0, Number(action.max_retries ?? 0)) + 1;
    const retryMs = Math.max(0, Number(action.max_retries_interval ?? 60)) * 1000;
    const rec: RunActionRecord = {
      action: String(fa.action ?? ''),
      ...(fa.mode ? { mode: String(fa.mode) } : {}),
      exit_code: -1,
      result: 'fail',
      attempts: 0,
      time_started: epoch(clock.now()),
      time_ended: -1,
    };
    for (let attempt = 1; attempt <= maxTries && !this.aborted; attempt++) {
      rec.attempts = attempt;
      const catalogOut =
        wantsCatalog(fa) && (await agentWritesCatalogs(this.deps.agentPath))
          ? outbox.catalogPath()
          : undefined;
      const progress =
        reportsProgress(fa) && (await agentReportsProgress(this.deps.agentPath))
          ? this.progressForwarder()
          : undefined;
      this.agentAction = fa;
      this.agent = (this.deps.startAgent ?? startAgent)(this.deps.agentPath, fa, this.deps.agentEnv, {
        ...(catalogOut ? { catalogOut } : {}),
        ...(progress ? { onProgress: (e: ProgressEvent) => progress.push(e) } : {}),
      });
      this.doc.job_schedule.current_pid = this.agent.pid;
      void outbox.enqueue({ kind: 'patch-job', jobId: this.doc.job_id, body: fullPatch(this.doc) });
      const outcome = await this.agent.done;
      progress?.close();
      this.agent = null;
      rec.exit_code = outcome.exitCode;
      const output = attempt > 1 ? `[attempt ${attempt}/${maxTries}]\n${outcome.stderr}` : outcome.stderr;
      if (output.trim()) rec.log = runLogTail(output, fa);
      else delete rec.log;
      if (outcome.stderr.trim())
        log.warn(`job ${this.doc.job_id} agent stderr: ${runLogTail(outcome.stderr, fa, 2000)}`);
      const metadata = this.parseMetadata(outcome.stdout);
      const catalogFile = catalogOut ? writtenCatalog(catalogOut) : undefined;
      let catalogQueued = false;
      if (metadata) {
        rec.metadata = metadata;
        // Only a successful backup's metadata is a backup record; a failed backup's report (its error and
        // hook runs) and exec/restore/admin summaries live in the run record.
        if (outcome.exitCode === 0 && (metadata.action ?? fa.action ?? 'backup') === 'backup') {
          // The catalog goes up once the record has its backup_id (the outbox then queues it).
          void outbox.enqueue({
            kind: 'backup',
            jobId: this.doc.job_id,
            metadata,
            ...(catalogFile ? { catalogFile } : {}),
          });
          catalogQueued = catalogFile !== undefined;
        }
      }
      if (catalogFile && !catalogQueued) rmSync(catalogFile, { force: true });
      if (this.aborted || outcome.exitCode === -15) {
        rec.result = 'aborted';
        rec.error = 'aborted';
        break;
      }
      if (outcome.exitCode === 0) {
        rec.result = 'success';
        delete rec.error;
        break;
      }
      const reported = metadata?.error;
      rec.error =
        typeof reported === 'string' && reported.trim()
          ? maskSecrets(reported.trim(), fa).slice(0, 500)
          : failureReason(outcome.stderr, outcome.exitCode, fa);
      if (attempt < maxTries) {
        log.warn(
          `job ${this.doc.job_id} ${rec.action} action failed (exit ${outcome.exitCode}), retry ${attempt}/${maxTries - 1} in ${retryMs / 1000} s`,
        );
        await clock.sleep(retryMs, this.wake.signal);
      } else {
        log.error(`job ${this.doc.job_id} ${rec.action} action failed after ${maxTries} tries`);
      }
    }
    if (this.aborted) rec.result = 'aborted';
    rec.time_ended = epoch(clock.now());
    return rec;
  }

  /** The run's progress, streamed to the API (single posts where it refuses a stream). */
  private progressForwarder(): ProgressForwarder {
    const { api } = this.deps;
    const jobId = this.doc.job_id;
    // The API's pacing advice, from a stream's headers and control lines or a post's header.
    const advise = (seconds: unknown) => forwarder.advise(seconds);
    const sender = new ProgressStreamSender({
      target: () => api.progressStreamTarget(jobId),
      post: (e) => api.postProgress(jobId, e, advise),
      onAdvice: advise,
    });
    const forwarder = new ProgressForwarder(
      sender.send,
      PROGRESS_FORWARD_MS,
      Date.now,
      () => sender.end(),
      Math.random,
    );
    return forwarder;
  }

  private parseMetadata(stdout: string): Record<string, unknown> | null {
    const text = stdout.trim();
    if (!text) return null;
    try {
      const parsed: unknown = JSON.parse(text);
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed) || Object.keys(parsed).length === 0)
        return null;
      // backup_uuid makes a redelivered upload idempotent on our API; the stock API just stores it.
      return {
        backup_uuid: randomUUID(),
        ...(parsed as Record<string, unknown>),
        job_id: this.doc.job_id,
        client_id: this.doc.client_id,
      };
    } catch {
      this.deps.log.warn(`job ${this.doc.job_id}: agent output is not JSON metadata, not uploaded`);
      return null;
    }
  }

  /** Stock protocol with a real wait: retry "hold-off" answers until the window passes. */
  private async startSession(): Promise<void> {
    const sid = this.doc.session_id;
    if (!sid) return;
    const { api, clock, log } = this.deps;
    for (let attempt = 1; attempt <= 30 && !this.aborted; attempt++) {
      try {
        const r = await api.startSession(sid, this.doc.job_id, this.doc.session_tag ?? 0);
        if (r.result === 'success') {
          this.doc.session_tag = r.session_tag;
          log.info(`job ${this.doc.job_id} joined session ${sid} tag ${r.session_tag}`);
          return;
        }
        if (r.result === 'out-of-sync') {
          // The window of this tag has passed; like stock, run anyway and report the result for the tag.
          log.warn(
            `job ${this.doc.job_id}: session ${sid} is out of sync (tag ${r.session_tag}), running anyway`,
          );
          this.doc.session_tag = r.session_tag;
          return;
        }
        log.info(`job ${this.doc.job_id}: session ${sid} says ${r.result}, retrying`);
      } catch (err) {
        log.warn(`job ${this.doc.job_id}: cannot start session ${sid}: ${(err as Error).message}`);
        if (!isTransient(err)) return;
      }
      await clock.sleep(1000, this.wake.signal);
    }
    log.error(`job ${this.doc.job_id}: unable to start session ${sid}`);
  }

  private endSession(result: JobResult): void {
    const sid = this.doc.session_id;
    if (!sid) return;
    void this.deps.outbox.enqueue({
      kind: 'session-end',
      jobId: this.doc.job_id,
      sessionId: sid,
      tag: this.doc.session_tag ?? 0,
      result,
    });
  }
}

/** Actions that move data and so have progress worth showing. */
function reportsProgress(fa: { action?: unknown }): boolean {
  const action = fa.action ?? 'backup';
  return action === 'backup' || action === 'restore';
}
