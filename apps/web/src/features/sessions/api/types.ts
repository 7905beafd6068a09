import type { JobSchedule } from '../../jobs/api/types';

export interface SessionJob {
  client_id?: string;
  status?: string | null;
  result?: string;
  time_started?: number;
  time_ended?: number;
}

export interface Session {
  session_id: string;
  project_id?: string;
  user_id?: string;
  description?: string | null;
  session_tag?: number;
  result?: string | null;
  hold_off?: number;
  status?: string | null;
  time_start?: number;
  time_end?: number;
  time_started?: number;
  time_ended?: number;
  schedule?: JobSchedule;
  jobs?: Record<string, SessionJob> | null;
}

export interface SessionInput {
  description: string;
  hold_off: number;
  schedule: JobSchedule;
}
