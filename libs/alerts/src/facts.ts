import type { FreshnessClient, FreshnessJob } from '@freezer/store';

/** What the evaluator knows of one job: read by the store from the jobs and runs tables. */
export type JobFacts = FreshnessJob;

/** A client and its last heartbeat. */
export type ClientFacts = FreshnessClient;

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
 * Where the evaluator reads restore drills: the API reads the store's drills table; `noDrills`
 * (every job "never verified") serves tests that have no drills.
 */
export interface DrillSource {
  lastDrills(projectId: string): Promise<ReadonlyMap<string, LastDrill>>;
}

export const noDrills: DrillSource = { lastDrills: async () => new Map() };
