import type { JobSchedule } from '@freezer/schema';

/** What the evaluator knows of one job: read from the jobs and runs tables, nothing else. */
export interface JobFacts {
  jobId: string;
  clientId: string;
  description: string | null;
  schedule: JobSchedule;
  /** Epoch seconds the job document was created (the first slot is computed from it). */
  createdAt: number;
  /** Epoch seconds of the latest start, from the job's status or its runs; null if it never ran. */
  lastStartedAt: number | null;
  /** Epoch seconds of the latest successful run; null if none. */
  lastSuccessAt: number | null;
  /** The latest result: the job's own, else its last run's. */
  lastResult: string | null;
  /** The job's recovery point objective (`rpo_seconds` on the job), if it has one. */
  rpoSeconds: number | null;
}

export interface ClientFacts {
  clientId: string;
  hostname: string | null;
  /** Epoch seconds of the last registration or heartbeat. */
  lastSeen: number | null;
}

/** The latest restore drill of a job (restore drills keep these; see DrillSource). */
export interface LastDrill {
  /** Epoch seconds the drill ended. */
  at: number;
  passed: boolean;
  /** Why it failed, one line. */
  reason?: string;
}

export interface ProjectFacts {
  projectId: string;
  jobs: readonly JobFacts[];
  clients: readonly ClientFacts[];
  /** Job id → its latest drill; a job absent here was never verified. */
  drills: ReadonlyMap<string, LastDrill>;
}

/**
 * Where the evaluator reads restore drills. The drills table belongs to the restore-drill feature;
 * until a store provides it, `noDrills` stands in (every job "never verified").
 */
export interface DrillSource {
  lastDrills(projectId: string): Promise<ReadonlyMap<string, LastDrill>>;
}

export const noDrills: DrillSource = { lastDrills: async () => new Map() };
