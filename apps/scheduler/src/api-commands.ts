import { readFileSync } from 'node:fs';
import type { FreezerApiClient, JobDoc, NewJob, RunDoc, SessionDoc } from '@freezer/api-client';
import { runFailureReason, type JobEventRequest } from '@freezer/schema';
import { renderTable } from './table.js';

export type Format = 'table' | 'json';

function print(format: Format, data: unknown, headers: string[], rows: unknown[][]): void {
  console.log(format === 'json' ? JSON.stringify(data, null, 2) : renderTable(headers, rows));
}

function readJsonFile<T>(path: string): T {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Error(`${path} is not valid JSON`);
  }
}

const time = (t: unknown): string =>
  typeof t === 'number' && t > 0 ? new Date(t * 1000).toISOString().replace('.000Z', 'Z') : '';

export async function jobCreate(
  api: FreezerApiClient,
  file: string,
  clientId: string | undefined,
): Promise<void> {
  const doc = readJsonFile<NewJob>(file);
  if (clientId) doc.client_id = clientId;
  if (!doc.client_id) throw new Error('the job has no client_id: add one to the file or pass -c/--client-id');
  const id = await api.createJob(doc);
  console.log(`Job ${id} created`);
}

export async function jobList(api: FreezerApiClient, format: Format, clientId?: string): Promise<void> {
  const jobs = await api.listAllJobs(clientId ? { match: [{ client_id: clientId }] } : undefined);
  const shown = clientId ? jobs.filter((j) => j.client_id === clientId) : jobs;
  print(
    format,
    shown,
    ['job_id', 'client_id', 'description', '# actions', 'status', 'event', 'result', 'session_id'],
    shown.map((j: JobDoc) => [
      j.job_id,
      j.client_id,
      j.description,
      j.job_actions?.length ?? 0,
      j.job_schedule?.status,
      j.job_schedule?.event,
      j.job_schedule?.result,
      j.session_id,
    ]),
  );
}

export async function jobGet(api: FreezerApiClient, id: string): Promise<void> {
  const job = await api.getJob(id);
  if (!job) throw new Error(`job ${id} not found`);
  console.log(JSON.stringify(job, null, 2));
}

export async function jobEvent(api: FreezerApiClient, id: string, event: JobEventRequest): Promise<void> {
  const result = await api.jobEvent(id, event);
  console.log(`Job ${id} ${event}: ${result}`);
}

export async function jobDelete(api: FreezerApiClient, id: string): Promise<void> {
  await api.deleteJob(id);
  console.log(`Job ${id} deleted`);
}

export async function sessionCreate(api: FreezerApiClient, file: string): Promise<void> {
  const doc = readJsonFile<Partial<SessionDoc>>(file);
  const id = await api.createSession({ ...doc, schedule: doc.schedule ?? {} });
  console.log(`Session ${id} created`);
}

export async function sessionList(api: FreezerApiClient, format: Format): Promise<void> {
  const sessions = await api.listSessions({ limit: 1000 });
  print(
    format,
    sessions,
    ['session_id', 'session_tag', 'description', 'hold_off', '# jobs', 'status', 'result'],
    sessions.map((s) => [
      s.session_id,
      s.session_tag,
      s.description,
      s.hold_off,
      Object.keys(s.jobs ?? {}).length,
      s.status,
      s.result,
    ]),
  );
}

export async function sessionGet(api: FreezerApiClient, id: string): Promise<void> {
  const s = await api.getSession(id);
  if (!s) throw new Error(`session ${id} not found`);
  console.log(JSON.stringify(s, null, 2));
}

export async function sessionDelete(api: FreezerApiClient, id: string): Promise<void> {
  await api.deleteSession(id);
  console.log(`Session ${id} deleted`);
}

export async function sessionAddJob(api: FreezerApiClient, sid: string, jid: string): Promise<void> {
  await api.addJobToSession(sid, jid);
  console.log(`Job ${jid} added to session ${sid}`);
}

export async function sessionRemoveJob(api: FreezerApiClient, sid: string, jid: string): Promise<void> {
  await api.removeJobFromSession(sid, jid);
  console.log(`Job ${jid} removed from session ${sid}`);
}

export async function clientList(api: FreezerApiClient, format: Format): Promise<void> {
  const clients = await api.listClients({ limit: 1000 });
  print(
    format,
    clients,
    ['client_id', 'uuid', 'hostname', 'description'],
    clients.map((c) => [c.client?.client_id, c.client?.uuid, c.client?.hostname, c.client?.description]),
  );
}

export async function backupList(api: FreezerApiClient, format: Format, jobId?: string): Promise<void> {
  const all = await api.listAllBackups(jobId ? { match: [{ job_id: jobId }] } : undefined);
  const backups = jobId ? all.filter((b) => b.backup_metadata?.job_id === jobId) : all;
  const m = (b: (typeof backups)[number], k: string): unknown => b.backup_metadata?.[k];
  print(
    format,
    backups,
    ['backup_id', 'job_id', 'hostname', 'backup_name', 'path_to_backup', 'time_stamp', 'level'],
    backups.map((b) => [
      b.backup_id,
      m(b, 'job_id'),
      m(b, 'hostname'),
      m(b, 'backup_name'),
      m(b, 'path_to_backup'),
      time(m(b, 'time_stamp')),
      m(b, 'curr_backup_level'),
    ]),
  );
}

async function runsOf(api: FreezerApiClient, id: string, limit: number): Promise<RunDoc[]> {
  const runs = await api.listRuns(id, { limit });
  if (runs === null) throw new Error('this API keeps no run history (no runs route)');
  return runs;
}

export async function jobRuns(api: FreezerApiClient, format: Format, id: string): Promise<void> {
  const runs = await runsOf(api, id, 50);
  print(
    format,
    runs,
    ['run_id', 'started', 'ended', 'result', 'reason'],
    runs.map((r) => [r.run_id, time(r.time_started), time(r.time_ended), r.result, runFailureReason(r)]),
  );
}

/** Each action of one run (the newest unless run_id is given): result, exit code, reason and the agent's log. */
export async function jobLog(api: FreezerApiClient, id: string, runId?: string): Promise<void> {
  const runs = await runsOf(api, id, runId ? 500 : 1);
  const run = runId ? runs.find((r) => r.run_id === runId) : runs[0];
  if (!run) throw new Error(runId ? `run ${runId} of job ${id} not found` : `job ${id} has no runs yet`);
  console.log(`run ${run.run_id}  ${time(run.time_started)} → ${time(run.time_ended)}  ${run.result}`);
  for (const a of Array.isArray(run.actions) ? run.actions : []) {
    console.log(
      `\n== ${a.action}${a.mode ? ` (${a.mode})` : ''}: ${a.result}, exit ${a.exit_code}, ${a.attempts} attempt(s)`,
    );
    if (a.error) console.log(`reason: ${a.error}`);
    console.log(a.log ? a.log : '(no output)');
  }
}
