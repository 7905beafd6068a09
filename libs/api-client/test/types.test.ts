// The client's types are the schema's: a reply the API may send must be assignable to them. These
// assignments are checked by `npx tsc -p libs/api-client` (a type that drifts from the schema fails
// to compile here) and the parses at run time.
import * as wire from '@freezer/schema';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { ClientDoc, JobDoc, NewJob, SessionDoc } from '../src/index.js';

const storedJob = {
  job_id: 'j1',
  project_id: 'p',
  user_id: 'u',
  client_id: 'node1',
  session_id: '',
  session_tag: 0,
  description: null,
  job_schedule: { schedule_timezone: 'UTC' },
  job_actions: [{ freezer_action: { action: 'backup', storage: 'ftp' } }],
};

describe('types derived from @freezer/schema', () => {
  it('reads a job whose description is null, as the schema allows', () => {
    const job: JobDoc = wire.JobDoc.parse(storedJob);
    expect(job.description).toBeNull();
    expectTypeOf<JobDoc['description']>().toEqualTypeOf<string | null | undefined>();
  });

  it('sends null and schedule_timezone where the schema takes them', () => {
    const job: NewJob = {
      client_id: 'node1',
      description: null,
      job_schedule: { schedule_timezone: 'Europe/Paris' },
      job_actions: [{ freezer_action: { action: 'exec', command: 'true' } }],
    };
    expect(wire.JobCreate.safeParse(job).success).toBe(true);
  });

  it('reads sessions and clients with null descriptions and extra keys', () => {
    const session: SessionDoc = { session_id: 's', session_tag: 0, description: null, extra: 1 };
    const client: ClientDoc = { client: { client_id: 'c', description: null, hostname: null } };
    expect([session.description, client.client.description]).toEqual([null, null]);
  });
});
