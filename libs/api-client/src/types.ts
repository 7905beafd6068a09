// Wire shapes of the v2 API as the scheduler and CLI use them. Kept loose on purpose (the API allows
// additional keys everywhere); @freezer/schema holds the validating zod versions.

export type JobStatus = '' | 'completed' | 'stop' | 'scheduled' | 'running' | 'aborting' | 'removed';
export type JobEvent = '' | 'stop' | 'start' | 'abort' | 'remove';
export type JobResult = '' | 'success' | 'fail' | 'aborted';

export interface JobSchedule {
  time_created?: number;
  time_started?: number;
  time_ended?: number;
  event?: JobEvent;
  status?: JobStatus;
  result?: JobResult;
  schedule_date?: string;
  schedule_interval?: string;
  schedule_start_date?: string;
  schedule_end_date?: string;
  schedule_year?: string;
  schedule_month?: string;
  schedule_day?: string;
  schedule_week?: string;
  schedule_day_of_week?: string;
  schedule_hour?: string;
  schedule_minute?: string;
  schedule_second?: string;
  /** Extension: IANA time zone for cron fields and naive dates (stock: the node's local time). */
  schedule_timezone?: string;
  current_pid?: number;
  [key: string]: unknown;
}

export type FreezerAction = Record<string, unknown> & { action?: string; mode?: string };

export interface JobAction {
  freezer_action: FreezerAction;
  max_retries?: number;
  max_retries_interval?: number;
  mandatory?: boolean;
  action_id?: string;
  [key: string]: unknown;
}

export interface JobDoc {
  job_id: string;
  project_id?: string;
  user_id?: string;
  client_id: string;
  session_id?: string;
  session_tag?: number;
  description?: string;
  job_schedule: JobSchedule;
  job_actions: JobAction[];
  [key: string]: unknown;
}

export type NewJob = Omit<JobDoc, 'job_id' | 'job_schedule'> & {
  job_id?: string;
  job_schedule?: JobSchedule;
};

export interface ClientRegistration {
  client_id: string;
  hostname?: string;
  description?: string;
  uuid?: string;
  version?: string;
  supported_actions?: string[];
  supported_modes?: string[];
  supported_storages?: string[];
  supported_engines?: string[];
}

export interface ClientDoc {
  project_id?: string;
  user_id?: string;
  client: {
    client_id: string;
    hostname?: string;
    description?: string | null;
    uuid?: string;
    [k: string]: unknown;
  };
  [key: string]: unknown;
}

export interface SessionJobEntry {
  client_id?: string;
  status?: string;
  result?: string;
  time_started?: number;
  time_ended?: number;
}

export interface SessionDoc {
  session_id: string;
  session_tag: number;
  description?: string;
  hold_off?: number;
  status?: string;
  result?: string | null;
  schedule?: JobSchedule;
  jobs?: Record<string, SessionJobEntry> | null;
  time_start?: number;
  time_end?: number;
  time_started?: number;
  time_ended?: number;
  [key: string]: unknown;
}

export interface SessionActionResponse {
  result: string;
  session_tag: number;
}

export interface BackupDoc {
  backup_id: string;
  project_id?: string;
  user_id?: string;
  user_name?: string;
  backup_metadata: Record<string, unknown>;
  [key: string]: unknown;
}

export interface ActionDoc {
  action_id: string;
  freezer_action: FreezerAction;
  max_retries?: number | null;
  max_retries_interval?: number | null;
  [key: string]: unknown;
}

/** Search body of the list endpoints (§8): equality on keys found anywhere in the document. */
export interface SearchFilter {
  match?: Record<string, unknown>[];
  match_not?: Record<string, unknown>[];
}

/** One action attempt summary inside a run record (extension). */
export interface RunActionRecord {
  action: string;
  mode?: string;
  exit_code: number;
  result: JobResult;
  attempts: number;
  time_started: number;
  time_ended: number;
  error?: string;
  metadata?: Record<string, unknown>;
}

/** Extension: `POST /v2/{p}/jobs/{id}/runs`, idempotent on run_id. */
export interface RunRecord {
  run_id: string;
  time_started: number;
  time_ended: number;
  result: JobResult;
  session_id?: string;
  actions: RunActionRecord[];
}
