/** Data set of the API benchmark: jobs shaped like the stock scheduler's, spread over clients. */

export interface SeedPlan {
  clients: number;
  jobs: number;
}

export const clientIdOf = (i: number): string => `bench-node-${String(i).padStart(4, '0')}`;

/**
 * Job n belongs to client n % clients. Every third job is `completed`, so the scheduler's poll
 * (`match_not status=completed`) has rows to exclude, as on a real node.
 */
export function jobBody(n: number, clients: number): Record<string, unknown> {
  return {
    client_id: clientIdOf(n % clients),
    description: `bench job ${n}`,
    job_schedule: {
      schedule_interval: '1 days',
      status: n % 3 === 0 ? 'completed' : 'scheduled',
      event: '',
    },
    job_actions: [
      {
        freezer_action: {
          action: 'backup',
          mode: 'fs',
          path_to_backup: `/srv/data/${n}`,
          backup_name: `bench-${n}`,
          container: `/var/backups/bench-${n % clients}`,
          storage: 'local',
          max_level: 7,
        },
        max_retries: 3,
        max_retries_interval: 60,
        mandatory: false,
      },
    ],
  };
}

export function backupBody(n: number): Record<string, unknown> {
  return {
    backup_name: `bench-${n % 1000}`,
    container: `/var/backups/bench-${n % 1000}`,
    hostname: `host-${n % 1000}`,
    backup_uuid: `bench-${process.pid}-${Date.now()}-${n}`,
    curr_backup_level: n % 5,
    time_stamp: 1_700_000_000 + n,
    level_zero_timestamp: 1_700_000_000,
    mode: 'fs',
    action: 'backup',
    path_to_backup: `/srv/data/${n % 1000}`,
    storage: 'local',
    bytes_stored: 1_000_000 + n,
    result: 'success',
  };
}

async function post(url: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status !== 201) throw new Error(`POST ${url} → ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as Record<string, unknown>;
}

/** Runs `work(i)` for i in [0, count) with at most `concurrency` in flight. */
async function pool<T>(count: number, concurrency: number, work: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array<T>(count);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const i = next++;
      out[i] = await work(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return out;
}

/** Registers the clients and creates the jobs over HTTP (the API's own code path); returns job ids. */
export async function seedOverHttp(base: string, plan: SeedPlan, concurrency: number): Promise<string[]> {
  await pool(plan.clients, concurrency, (i) =>
    post(`${base}/clients`, { client_id: clientIdOf(i), hostname: `bench-node-${i}` }),
  );
  return pool(plan.jobs, concurrency, async (n) => {
    const reply = await post(`${base}/jobs`, jobBody(n, plan.clients));
    if (typeof reply.job_id !== 'string') throw new Error(`no job_id in ${JSON.stringify(reply)}`);
    return reply.job_id;
  });
}
