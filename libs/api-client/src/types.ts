// The client's types, all derived from @freezer/schema (the one home of every wire shape). What the
// client sends is the schema's request type. What it reads is the schema's document type made
// tolerant: the stock API omits keys ours always returns, and every document may carry extra keys.
import type * as wire from '@freezer/schema';

/** The named keys of a type, without the index signature of an open (loose) schema. */
type KnownKeys<T> = keyof { [K in keyof T as string extends K ? never : number extends K ? never : K]: T[K] };

/** A reply document: `Keep` keys are always there, the others may be missing; unknown keys pass. */
export type Tolerant<T, Keep extends KnownKeys<T>> = { [K in Keep]-?: T[K] } & {
  [K in Exclude<KnownKeys<T>, Keep>]?: T[K];
} & { [key: string]: unknown };

export type {
  JobEvent,
  JobStatus,
  JobResult,
  JobSchedule,
  FreezerAction,
  JobAction,
  SearchFilter,
} from '@freezer/schema';

export type JobDoc = Tolerant<wire.JobDoc, 'job_id' | 'client_id' | 'job_schedule' | 'job_actions'>;

/** POST /jobs and POST /jobs/{id}. */
export type NewJob = wire.JobCreate;

/** PATCH /jobs/{id}: PATCH replaces each top-level key wholesale, so the whole job_schedule is sent. */
export type JobPatch = wire.JobPatch & { job_schedule: wire.JobSchedule };

/** POST /clients. */
export type ClientRegistration = wire.ClientCreate;

/** POST /clients/{id}/heartbeat. */
export type ClientHeartbeat = wire.ClientHeartbeat;

export type ClientInfo = Tolerant<wire.ClientInfo, 'client_id'>;
export type ClientDoc = Tolerant<Omit<wire.ClientDoc, 'client'>, never> & { client: ClientInfo };

export type SessionJobEntry = wire.SessionJob;
export type SessionDoc = Tolerant<wire.SessionDoc, 'session_id' | 'session_tag'>;
export type NewSession = wire.SessionCreate;
export type SessionPatch = wire.SessionPatch;
export type SessionActionResponse = wire.SessionActionResult;

export type BackupMetadata = wire.AgentBackupMetadata;
export type BackupDoc = Tolerant<wire.BackupDoc, 'backup_id' | 'backup_metadata'>;

export type ActionDoc = Tolerant<wire.ActionDoc, 'action_id' | 'freezer_action'>;
export type NewAction = wire.ActionCreate;
export type ActionPatch = wire.ActionPatch;

/** Extension: `POST /v2/{p}/jobs/{id}/runs`, idempotent on run_id. */
export type RunRecord = wire.JobRunCreate;
/** One action attempt summary inside a run record (extension). */
export type RunActionRecord = wire.RunAction;
export type RunDoc = Tolerant<
  wire.JobRunDoc,
  'run_id' | 'job_id' | 'time_started' | 'time_ended' | 'result' | 'actions'
>;
/** Extension: one restore drill, and per backup job its last drill and last successful one. */
export type DrillDoc = wire.DrillDoc;
export type DrillStatus = wire.DrillStatus;
export type DrillReport = wire.DrillReport;
