import type { JobDoc, JobEvent, JobResult } from '@freezer/api-client';
import type { Clock } from './clock.js';
import { fullPatch, type JobExecution } from './job-execution.js';
import type { Logger } from './log.js';
import type { Outbox } from './outbox.js';
import type { StateStore } from './state-store.js';
import { createTrigger, MISFIRE_GRACE_MS, type Trigger } from './trigger.js';

export type LocalState = 'stop' | 'scheduled' | 'running';

export interface JobHost {
  clock: Clock;
  log: Logger;
  outbox: Outbox;
  store: StateStore;
  zone: string;
  newExecution(doc: JobDoc): JobExecution;
}

/**
 * One job on this node: the client-side state machine of freezer-api.md §11.3 (Stop / Scheduled / Running ×
 * start / stop / abort / vanished), the trigger and the next slot. Status, event and result values and the
 * PATCH shapes are the stock ones.
 */
export class ScheduledJob {
  state: LocalState = 'stop';
  doc: JobDoc;
  /** Clock time of the next slot while scheduled; null when not scheduled. */
  nextFire: number | null = null;
  /** Event received while running, acted on when the run finishes (stock keeps it in the doc). */
  private pendingEvent: JobEvent = '';
  /** The event stock's Job.create() implies for a job seen for the first time (autostart / stopped). */
  private initialEvent: JobEvent = '';
  private trigger: Trigger | null = null;
  execution: JobExecution | null = null;
  /** Set when the job can be dropped from the table (removed). */
  removed = false;
  /** A "back up now" request (`job_schedule.run_now`) not yet run, or null. */
  runNowPending: number | null = null;

  constructor(
    private readonly host: JobHost,
    doc: JobDoc,
  ) {
    this.doc = structuredClone(doc);
    this.doc.job_schedule ??= {};
  }

  get id(): string {
    return this.doc.job_id;
  }

  /** First sight of a job in a poll: stock autostarts it unless it was stopped. */
  static create(host: JobHost, doc: JobDoc): ScheduledJob {
    const job = new ScheduledJob(host, doc);
    const sched = doc.job_schedule ?? {};
    if (sched.event === 'start') {
      // An explicit (re)start from the API arms the job afresh, forgetting the slots it ran.
      host.store.delete(doc.job_id);
    } else if (sched.status === 'stop' && !sched.event) {
      job.initialEvent = 'stop';
    } else if (!sched.event) {
      job.initialEvent = 'start';
    }
    return job;
  }

  /** Applies the event of a polled document (or of the create() defaults) until none is left. */
  processEvent(polled: JobDoc): void {
    this.noteRunNow(polled);
    const event = polled.job_schedule?.event || this.initialEvent;
    this.initialEvent = '';
    if (!event) return;
    const incoming = structuredClone(polled);
    incoming.job_schedule ??= {};
    switch (event) {
      case 'start':
        return this.onStart(incoming);
      case 'stop':
        return this.onStop(incoming);
      case 'abort':
        return this.onAbort(incoming);
      default:
        return;
    }
  }

  /**
   * Keeps a polled "back up now" request: in the doc, so this node's own PATCHes of the schedule do not
   * erase it before it runs, and as pending unless it already ran.
   */
  private noteRunNow(polled: JobDoc): void {
    const at = polled.job_schedule?.run_now;
    if (typeof at !== 'number') return;
    this.doc.job_schedule.run_now = at;
    const done = this.host.store.get(this.id)?.lastRunNow;
    this.runNowPending = done !== undefined && at <= done ? null : at;
  }

  private patchFull(): void {
    void this.host.outbox.enqueue({ kind: 'patch-job', jobId: this.id, body: fullPatch(this.doc) });
  }

  private patchSchedule(): void {
    void this.host.outbox.enqueue({
      kind: 'patch-job',
      jobId: this.id,
      body: { job_schedule: { ...this.doc.job_schedule } },
    });
  }

  private onStart(incoming: JobDoc): void {
    if (this.state === 'stop') {
      this.doc = incoming;
      this.doc.job_schedule.event = '';
      this.doc.job_schedule.status = 'stop';
      this.schedule();
      this.patchFull();
      return;
    }
    // Scheduled or running: the start is acknowledged, nothing else changes.
    this.doc.job_schedule.event = '';
    this.patchFull();
  }

  private onStop(incoming: JobDoc): void {
    if (this.state === 'running') {
      this.pendingEvent = 'stop';
      return;
    }
    if (this.state === 'scheduled') this.unschedule();
    this.doc = incoming;
    this.doc.job_schedule.event = '';
    this.doc.job_schedule.status = 'stop';
    this.patchFull();
  }

  private onAbort(incoming: JobDoc): void {
    if (this.state !== 'running') return this.onStop(incoming);
    if (this.pendingEvent === 'abort') return;
    this.pendingEvent = 'abort';
    this.doc.job_schedule.event = 'abort';
    this.patchFull();
    this.host.log.info(`job ${this.id}: abort requested, killing the agent`);
    this.execution?.abort();
  }

  /** The job vanished from the poll (deleted or completed elsewhere). */
  remove(): void {
    if (this.state === 'running') {
      this.pendingEvent = 'remove';
      return;
    }
    this.unschedule();
    this.doc.job_schedule.status = 'removed';
    this.removed = true;
    // Only jobs still listed by the API need slot memory; a completed or deleted job comes back only
    // through a start event, which re-arms it anyway.
    this.host.store.delete(this.id);
  }

  private unschedule(): void {
    this.nextFire = null;
    this.trigger = null;
    this.doc.job_schedule.event = '';
    this.doc.job_schedule.status = 'stop';
    this.state = 'stop';
  }

  /** Arms the trigger; status becomes scheduled, or completed when it will never fire. */
  private schedule(): void {
    const { clock, store, zone, log } = this.host;
    const now = clock.now();
    let memory = store.get(this.id);
    if (!memory) {
      memory = { armedAt: now };
      store.set(this.id, memory);
    }
    try {
      this.trigger = createTrigger(this.doc.job_schedule, { armedAt: memory.armedAt, zone });
    } catch (err) {
      log.error(`job ${this.id}: unable to schedule: ${(err as Error).message}`);
      this.trigger = null;
    }
    const from = Math.max(memory.lastSlot ?? memory.armedAt - 1, now - MISFIRE_GRACE_MS);
    this.nextFire = this.trigger?.nextAfter(from) ?? null;
    if (this.nextFire === null) {
      this.doc.job_schedule.status = 'completed';
      this.state = 'stop';
      this.trigger = null;
    } else {
      this.doc.job_schedule.status = 'scheduled';
      this.state = 'scheduled';
      log.info(`job ${this.id} scheduled, next run ${new Date(this.nextFire).toISOString()}`);
    }
  }

  /** Due to run at `now` (the caller also checks the concurrency limit). */
  isDue(now: number): boolean {
    if (this.state === 'running') return false;
    if (this.runNowPending !== null) return true;
    return this.state === 'scheduled' && this.nextFire !== null && this.nextFire <= now;
  }

  /** When it became due, for the dispatch order: a "back up now" request queues at its request time. */
  dueSince(): number {
    return this.runNowPending !== null ? this.runNowPending * 1000 : (this.nextFire ?? 0);
  }

  /** Runs the due slot; the slot is persisted before the agent starts so a restart never repeats it. */
  async fire(): Promise<void> {
    if (this.runNowPending !== null) return this.runNow(this.runNowPending);
    const slot = this.nextFire;
    if (slot === null) return;
    const { store, clock } = this.host;
    const memory = store.get(this.id) ?? { armedAt: clock.now() };
    store.set(this.id, { ...memory, lastSlot: slot });
    this.state = 'running';
    this.pendingEvent = '';
    this.execution = this.host.newExecution(this.doc);
    let result: JobResult;
    try {
      result = await this.execution.run(slot);
    } catch (err) {
      this.host.log.error(`job ${this.id}: run failed: ${(err as Error).message}`);
      result = 'fail';
    }
    this.execution = null;
    this.finish(slot, result);
  }

  /**
   * One run outside the schedule: the request is remembered before the agent starts (never run twice),
   * and afterwards the state, status and next slot are the ones from before; the PATCH without
   * `run_now` tells the API the request was served.
   */
  private async runNow(requestedAt: number): Promise<void> {
    const { store, clock, log } = this.host;
    const memory = store.get(this.id) ?? { armedAt: clock.now() };
    store.set(this.id, { ...memory, lastRunNow: requestedAt });
    this.runNowPending = null;
    delete this.doc.job_schedule.run_now;
    // Not armed here means held: the API turns a completed job into a stopped one to reach this node.
    const before = this.state === 'scheduled' ? ('scheduled' as const) : ('stop' as const);
    log.info(`job ${this.id}: back up now (requested ${new Date(requestedAt * 1000).toISOString()})`);
    this.state = 'running';
    this.execution = this.host.newExecution(this.doc);
    let result: JobResult;
    try {
      result = await this.execution.run(clock.now());
    } catch (err) {
      log.error(`job ${this.id}: run failed: ${(err as Error).message}`);
      result = 'fail';
    }
    this.execution = null;
    this.doc.job_schedule.result = result;
    const pending = this.pendingEvent;
    this.pendingEvent = '';
    if (pending === 'remove') {
      this.unschedule();
      this.doc.job_schedule.status = 'removed';
      this.removed = true;
      store.delete(this.id);
      return;
    }
    if (pending === 'stop' || pending === 'abort') {
      this.unschedule();
      this.patchFull();
      return;
    }
    this.state = before;
    this.doc.job_schedule.status = before;
    this.patchSchedule();
  }

  /** Stock Job.finish: decide the status after a run. */
  private finish(slot: number, result: JobResult): void {
    this.doc.job_schedule.result = result;
    if (this.pendingEvent === 'remove') {
      this.unschedule();
      this.doc.job_schedule.status = 'removed';
      this.removed = true;
      this.host.store.delete(this.id);
      return;
    }
    const next = this.trigger?.nextAfter(Math.max(slot, this.host.clock.now())) ?? null;
    if (next === null || this.pendingEvent === 'stop' || this.pendingEvent === 'abort') {
      this.unschedule();
      this.doc.job_schedule.status = 'completed';
      this.pendingEvent = '';
      this.patchFull();
      return;
    }
    this.nextFire = next;
    this.state = 'scheduled';
    this.doc.job_schedule.status = 'scheduled';
    this.patchSchedule();
  }
}
