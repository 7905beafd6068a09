// Simulated scheduler nodes: N real Scheduler instances (triggers, state machine, outbox,
// registration, heartbeat, search polls) in one process, with only the agent child replaced by a
// timer. Each node owns one interval job with a fixed number of slots, so the expected number of
// runs is exact and lost or double runs can be counted. Used by bench:scheduler, bench:replicas and
// the API's two-replica scheduler test.
import { join } from 'node:path';
import type { FreezerApiClient } from '@freezer/api-client';
import { type AgentHandle, type AgentStarter, Scheduler, silentLogger } from '@freezer/scheduler';

export interface SimulationPlan {
  nodes: number;
  /** Poll period of every node, seconds. */
  pollS: number;
  /** Interval of every job, seconds. */
  intervalS: number;
  /** Runs per job (the job's end date is set so that exactly this many slots fall due). */
  slots: number;
  /** How long one simulated agent run takes, ms. */
  jobMs: number;
  project: string;
}

export interface SlotJobs {
  jobIds: string[];
  /** Epoch ms of the first slot of node 0. */
  firstSlot: number;
  /** Epoch ms by which the last slot of every job has fallen due. */
  lastSlotEnd: number;
}

export const clientOf = (plan: SimulationPlan, i: number): string =>
  `${plan.project}_node${String(i).padStart(4, '0')}`;

const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');

/**
 * One interval job per node; starts are spread over one interval (as real fleets are), the first
 * slot `leadMs` from now so every node has polled its job before it falls due.
 */
export async function createSlotJobs(
  admin: FreezerApiClient,
  plan: SimulationPlan,
  leadMs: number,
): Promise<SlotJobs> {
  const firstSlot = Math.ceil((Date.now() + leadMs) / 1000) * 1000;
  const jobIds: string[] = [];
  for (let i = 0; i < plan.nodes; i += 25) {
    const batch = [];
    for (let k = i; k < Math.min(plan.nodes, i + 25); k++) {
      const start = firstSlot + (k % plan.intervalS) * 1000;
      batch.push(
        admin.createJob({
          client_id: clientOf(plan, k),
          description: `bench ${k}`,
          job_schedule: {
            schedule_interval: `${plan.intervalS} seconds`,
            schedule_start_date: iso(start),
            schedule_end_date: iso(start + (plan.slots - 1) * plan.intervalS * 1000),
          },
          job_actions: [
            {
              freezer_action: { action: 'exec', command: 'simulated', backup_name: `n${k}` },
              max_retries: 0,
            },
          ],
        }),
      );
    }
    jobIds.push(...(await Promise.all(batch)));
  }
  const lastSlotEnd =
    firstSlot + (Math.min(plan.nodes, plan.intervalS) - 1) * 1000 + (plan.slots - 1) * plan.intervalS * 1000;
  return { jobIds, firstSlot, lastSlotEnd };
}

/** The agent replaced by a timer; counts how often each job's action really started. */
export class SimulatedAgents {
  readonly executions = new Map<string, number>();

  constructor(private readonly jobMs: number) {}

  readonly start: AgentStarter = (_path, action): AgentHandle => {
    const key = String((action as Record<string, unknown>).backup_name);
    this.executions.set(key, (this.executions.get(key) ?? 0) + 1);
    let finish: (code: number) => void = () => {};
    const done = new Promise<{ exitCode: number; stdout: string; stderr: string }>((res) => {
      const timer = setTimeout(() => res({ exitCode: 0, stdout: '', stderr: '' }), this.jobMs);
      finish = (code) => {
        clearTimeout(timer);
        res({ exitCode: code, stdout: '', stderr: '' });
      };
    });
    return { pid: 0, done, kill: () => finish(-15) };
  };

  executed(): number {
    return [...this.executions.values()].reduce((a, b) => a + b, 0);
  }

  /** Starts beyond the planned slots of a job: a job run twice on the node itself. */
  extraStarts(slots: number): number {
    return [...this.executions.values()].reduce((n, c) => n + Math.max(0, c - slots), 0);
  }
}

export interface Fleet {
  nodes: Scheduler[];
  stop(): Promise<void>;
  /** Results still waiting in the nodes' outboxes. */
  pending(): number;
}

/** Starts the nodes with their poll phases spread over one poll period, as real nodes started apart. */
export function startFleet(
  plan: SimulationPlan,
  apiFor: (i: number) => FreezerApiClient,
  stateRoot: string,
  agents: SimulatedAgents,
): Fleet {
  const nodes: Scheduler[] = [];
  const loops: Promise<void>[] = [];
  for (let i = 0; i < plan.nodes; i++) {
    const node = new Scheduler({
      api: apiFor(i),
      clientId: clientOf(plan, i),
      stateDir: join(stateRoot, String(i)),
      agentPath: 'simulated',
      interval: plan.pollS,
      log: silentLogger,
      version: 'bench',
      timeZone: 'UTC',
      startAgent: agents.start,
    });
    nodes.push(node);
    loops.push(
      new Promise((r) => setTimeout(r, (i * plan.pollS * 1000) / plan.nodes)).then(() => node.start()),
    );
  }
  return {
    nodes,
    pending: () => nodes.reduce((n, s) => n + s.outbox.pending(), 0),
    async stop() {
      await Promise.all(nodes.map((n) => n.stop()));
      await Promise.allSettled(loops);
    },
  };
}

/**
 * Waits until every job is completed and every outbox is empty (or the deadline passes); returns
 * the number of completed jobs. `progress` sees (seconds, completed, pending) every `everyMs`.
 */
export async function waitForFleet(
  admin: FreezerApiClient,
  fleet: Fleet,
  plan: SimulationPlan,
  until: { lastSlotEnd: number; deadline: number },
  everyMs = 5000,
  progress?: (completed: number, pending: number) => void,
): Promise<number> {
  let completed = 0;
  while (Date.now() < until.deadline) {
    await new Promise((r) => setTimeout(r, everyMs));
    try {
      const jobs = await admin.listJobs({ limit: -1 });
      completed = jobs.filter((j) => j.job_schedule?.status === 'completed').length;
    } catch {
      continue; // the API being restarted or failed over: look again next round
    }
    const pending = fleet.pending();
    progress?.(completed, pending);
    if (completed === plan.nodes && pending === 0 && Date.now() > until.lastSlotEnd) break;
  }
  return completed;
}

export interface RunAudit {
  /** nodes × slots */
  expected: number;
  /** Agent starts on the nodes. */
  executed: number;
  /** Runs the API holds. */
  recorded: number;
  /** Slots no node started (a node that falls a whole interval behind runs the job once, not twice). */
  missedSlots: number;
  /** Runs a node executed that the API does not hold: lost results. */
  lostResults: number;
  /** Runs the API holds beyond what the node executed, or one run_id twice: a run stored twice. */
  extraRecords: number;
  /** Starts beyond a job's slots on its node: a job run twice. */
  extraStarts: number;
}

/**
 * Compares, job by job, what each node executed (counted by the simulated agent) with the runs the
 * API recorded; exact, unlike slot arithmetic on start times, which late starts under load fool.
 */
export async function auditRuns(
  admin: FreezerApiClient,
  jobIds: string[],
  plan: SimulationPlan,
  agents: SimulatedAgents,
): Promise<RunAudit> {
  const audit: RunAudit = {
    expected: plan.nodes * plan.slots,
    executed: agents.executed(),
    recorded: 0,
    missedSlots: 0,
    lostResults: 0,
    extraRecords: 0,
    extraStarts: agents.extraStarts(plan.slots),
  };
  for (let i = 0; i < jobIds.length; i += 50) {
    const lists = await Promise.all(jobIds.slice(i, i + 50).map((id) => admin.listRuns(id, { limit: 100 })));
    lists.forEach((runs, j) => {
      const list = runs ?? [];
      const executed = agents.executions.get(`n${i + j}`) ?? 0;
      const distinct = new Set(list.map((r) => r.run_id)).size;
      audit.recorded += list.length;
      audit.missedSlots += Math.max(0, plan.slots - executed);
      audit.lostResults += Math.max(0, executed - distinct);
      audit.extraRecords += Math.max(0, distinct - executed) + (list.length - distinct);
    });
  }
  return audit;
}
