// The shapes the pages read, looser than @freezer/schema's (null where the stock API sends null).
// src/lib/wire-compat.ts fails to compile if the API's documents stop fitting them.
export type FreezerActionName = 'backup' | 'restore' | 'info' | 'admin' | 'exec';

/** The agent options of one action; the API stores any extra keys as-is. */
export interface FreezerAction {
  action?: string | null;
  mode?: string | null;
  [key: string]: unknown;
}

export interface JobAction {
  freezer_action: FreezerAction;
  max_retries?: number | null;
  max_retries_interval?: number | null;
  mandatory?: boolean | null;
  action_id?: string;
  user_id?: string;
  project_id?: string;
}

export interface JobSchedule {
  time_created?: number;
  time_started?: number;
  time_ended?: number;
  event?: '' | 'stop' | 'start' | 'abort' | 'remove';
  status?: '' | 'completed' | 'stop' | 'scheduled' | 'running' | 'aborting' | 'removed';
  result?: '' | 'success' | 'fail' | 'aborted';
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
  current_pid?: number | null;
}

export interface Job {
  job_id: string;
  project_id?: string;
  user_id?: string;
  client_id: string;
  session_id?: string;
  session_tag?: number;
  description?: string | null;
  job_schedule: JobSchedule;
  job_actions: JobAction[];
}

/** What the wizard sends: the server fills ids, user and project. */
export interface JobInput {
  client_id: string;
  description?: string | null;
  job_schedule: JobSchedule;
  job_actions: JobAction[];
}

export interface JobRun {
  run_id: string;
  time_started: number;
  time_ended: number;
  result: string;
  actions?: unknown[];
  [key: string]: unknown;
}

export type JobEvent = 'start' | 'stop' | 'abort';
