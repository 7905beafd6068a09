// The wire contract against a real freezer-api process: every field the docs show goes in through
// the typed client (libs/api-client) and comes back unchanged, and every reply fits the zod schema
// of libs/schema that the OpenAPI document and the client's types are made from.
import { FreezerApiClient, type FreezerAction, type JobSchedule } from '@freezer/api-client';
import {
  ActionDoc,
  AgentBackupMetadata,
  BackupDoc,
  ClientDoc,
  FreezerAction as FreezerActionSchema,
  JobDoc,
  JobRunDoc,
  MetricsSummary,
  MetricsTimeseries,
  ProjectList,
  SessionActionResult,
  SessionDoc,
} from '@freezer/schema';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiProcess, startApi } from '@freezer/testkit';
import { documentedFields } from './support/documented-fields.js';

const fields = documentedFields();

const SCHEDULE_SAMPLES: Record<string, string> = {
  schedule_date: '2030-01-02T03:04:05',
  schedule_start_date: '2030-01-01T00:00:00',
  schedule_end_date: '2030-12-31T23:59:59+02:00',
  schedule_interval: '5 minutes',
  schedule_timezone: 'Europe/Paris',
  schedule_year: '2030',
};

/** Choices from the agent's own lists, so a name the wire refuses but the agent runs is caught. */
const ACTION_SAMPLES: Record<string, unknown> = {
  action: 'backup',
  mode: 'postgres',
  storage: 'multiple',
  engine: 'rsync',
  engine_name: 'rsync',
  compression: 'zstd',
  encryption_format: 'openssl',
};

const CANDIDATES: unknown[] = ['sample', 3, 1.5, true, ['sample'], 'success', 'aes-256-gcm'];

/** The first candidate the field's schema takes ('sample' for keys the open schema does not type). */
function sampleFor(schema: z.ZodObject, key: string): unknown {
  const field = schema.shape[key] as z.ZodType | undefined;
  if (!field) return 'sample';
  return CANDIDATES.find((v) => field.safeParse(v).success) ?? 'sample';
}

function scheduleWithEveryField(): JobSchedule {
  const s: Record<string, string> = {};
  for (const k of fields.schedule) s[k] = SCHEDULE_SAMPLES[k] ?? '3';
  return s as JobSchedule;
}

function actionWithEveryField(): FreezerAction {
  const fa: Record<string, unknown> = {};
  for (const k of fields.freezerAction) fa[k] = ACTION_SAMPLES[k] ?? sampleFor(FreezerActionSchema, k);
  return fa as FreezerAction;
}

let dir: string;
let api: ApiProcess;
let client: FreezerApiClient;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'freezer-wire-'));
  api = await startApi({ from: 'source', db: join(dir, 'api.sqlite') });
  client = new FreezerApiClient({ apiUrl: api.url, projectId: 'default' });
}, 90_000);

afterAll(async () => {
  await api?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the docs are read', () => {
  it('finds the documented fields of every document (the extraction itself cannot silently break)', () => {
    expect(fields.schedule).toEqual(expect.arrayContaining(['schedule_interval', 'schedule_timezone']));
    expect(fields.freezerAction).toEqual(
      expect.arrayContaining(['path_to_backup', 'engine_name', 'storage', 'encryption_format', 'ssh_port']),
    );
    expect(fields.clientRegistration).toEqual(
      expect.arrayContaining(['version', 'supported_actions', 'supported_engines']),
    );
    expect(fields.clientReply).toEqual(['last_seen', 'registered_at']);
    expect(fields.backupMetadata).toEqual(expect.arrayContaining(['backup_uuid', 'storages', 'result']));
  });
});

describe('documented fields round-trip through the API unchanged', () => {
  it('accepts job_schedule.schedule_timezone (docs/scheduler.md) and keeps it', async () => {
    const id = await client.createJob({
      client_id: 'node1',
      job_schedule: { schedule_hour: '2', schedule_timezone: 'America/New_York' },
      job_actions: [{ freezer_action: { action: 'exec', command: 'true' } }],
    });
    const job = await client.getJob(id);
    expect(job?.job_schedule.schedule_timezone).toBe('America/New_York');
  });

  it('refuses a time zone the scheduler could not use, naming the field', async () => {
    await expect(
      client.createJob({
        client_id: 'node1',
        job_schedule: { schedule_timezone: 'Mars/Olympus' },
        job_actions: [{ freezer_action: { action: 'exec', command: 'true' } }],
      }),
    ).rejects.toThrow(/job_schedule\.schedule_timezone: must be an IANA time zone/);
  });

  it('a job with every documented schedule key and agent option', async () => {
    const job_schedule = scheduleWithEveryField();
    const freezer_action = actionWithEveryField();
    const id = await client.createJob({
      client_id: 'node1',
      description: null,
      job_schedule,
      job_actions: [{ freezer_action, max_retries: 2, max_retries_interval: 7, mandatory: true }],
    });
    const reply = await client.getJob(id);
    const job = JobDoc.parse(reply);
    expect(job.description).toBeNull();
    expect(job.job_schedule).toMatchObject(job_schedule);
    expect(job.job_actions[0]).toMatchObject({ max_retries: 2, max_retries_interval: 7, mandatory: true });
    for (const k of fields.freezerAction) {
      expect({ [k]: job.job_actions[0]?.freezer_action[k] }).toEqual({ [k]: freezer_action[k] });
    }
  });

  it('an action document with every documented agent option', async () => {
    const freezer_action = actionWithEveryField();
    const id = await client.createAction({ freezer_action, max_retries: 1, mandatory: false });
    const action = ActionDoc.parse(await client.getAction(id));
    expect(action.freezer_action).toMatchObject(freezer_action as Record<string, unknown>);
    expect(action).toMatchObject({ max_retries: 1, mandatory: false });
  });

  it('a session with every documented schedule key', async () => {
    const schedule = scheduleWithEveryField();
    const id = await client.createSession({ description: 'nightly', hold_off: 30, schedule });
    const session = SessionDoc.parse(await client.getSession(id));
    expect(session).toMatchObject({ description: 'nightly', hold_off: 30, schedule });
  });

  it('a client with every documented registration field, and the reply fields', async () => {
    const reg: Record<string, unknown> = { client_id: 'node2', hostname: 'node2', description: null };
    for (const k of fields.clientRegistration) reg[k] = k.startsWith('supported_') ? ['a', 'b'] : '1.2.3';
    await client.registerClient(reg as { client_id: string });
    const doc = ClientDoc.parse(await client.getClient('node2'));
    expect(doc.client).toMatchObject(reg);
    for (const k of fields.clientReply)
      expect(typeof doc.client[k as keyof typeof doc.client]).toBe('number');
  });

  it('a backup with every documented metadata key', async () => {
    const meta: Record<string, unknown> = { container: '/srv/b', hostname: 'node2', backup_name: 'etc' };
    for (const k of fields.backupMetadata) meta[k] = sampleFor(AgentBackupMetadata, k);
    const id = await client.createBackup(meta);
    const backup = BackupDoc.parse(await client.getBackup(id));
    expect(backup.backup_metadata).toMatchObject(meta);
  });
});

describe('real replies fit the response schemas', () => {
  it('lists, session actions, runs and metrics', async () => {
    const jobId = await client.createJob({
      client_id: 'node3',
      job_schedule: { schedule_interval: '1 days' },
      job_actions: [{ freezer_action: { action: 'exec', command: 'true' } }],
    });
    const sessionId = await client.createSession({ schedule: {}, hold_off: 0 });
    await client.addJobToSession(sessionId, jobId);
    SessionActionResult.parse(await client.startSession(sessionId, jobId, 0));
    await client.registerClient({ client_id: 'node3', hostname: 'node3' });
    await client.createBackup({ container: '/c', hostname: 'node3', backup_name: 'b', job_id: jobId });
    await client.postRun(jobId, {
      run_id: 'run-1',
      time_started: 10,
      time_ended: 20,
      result: 'success',
      session_id: sessionId,
      actions: [
        { action: 'exec', exit_code: 0, result: 'success', attempts: 1, time_started: 10, time_ended: 20 },
      ],
    });

    for (const j of await client.listJobs({ limit: -1 })) JobDoc.parse(j);
    for (const a of await client.listActions({ limit: -1 })) ActionDoc.parse(a);
    for (const s of await client.listSessions({ limit: -1 })) SessionDoc.parse(s);
    for (const c of await client.listClients({ limit: -1 })) ClientDoc.parse(c);
    for (const b of await client.listBackups({ limit: -1 })) BackupDoc.parse(b);
    const runs = await client.listRuns(jobId);
    expect(runs).toHaveLength(1);
    for (const r of runs ?? []) JobRunDoc.parse(r);

    const get = async (path: string): Promise<unknown> => (await fetch(`${api.url}${path}`)).json();
    MetricsSummary.parse(await get('/v2/default/metrics/summary'));
    MetricsTimeseries.parse(await get('/v2/default/metrics/timeseries?days=3'));
    ProjectList.parse(await get('/v2/projects'));
  });
});
