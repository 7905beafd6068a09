import { FreezerApiClient } from '@freezer/api-client';
import { httpTransport } from '@freezer/scheduler';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  SimulatedAgents,
  clientOf,
  countRuns,
  createSlotJobs,
  startFleet,
  waitForFleet,
  type SimulationPlan,
} from '../../../scripts/bench/lib/node-simulation.js';
import { createDatabase } from '../../../scripts/testenv/postgres-server.js';
import '../../../scripts/testenv/postgres-global-setup.js';
import { type ApiProcess, startApiProcess } from './support/api-process.js';
import { failoverTransport } from './support/failover-transport.js';

const ADMIN_PASSWORD = 'replica test admin password';
const plan: SimulationPlan = { nodes: 12, pollS: 1, intervalS: 3, slots: 4, jobMs: 300, project: 'p1' };

async function json(res: Response): Promise<Record<string, unknown>> {
  const text = await res.text();
  if (!res.ok) throw new Error(`${res.status} ${text}`);
  return JSON.parse(text) as Record<string, unknown>;
}

// Real scheduler nodes (only the agent simulated) talk to two API processes with auth on, on one
// database (PostgreSQL in @freezer/api-pg), every request alternating between the replicas; one
// replica is killed in the middle. Every planned run must happen once and be recorded once.
describe('two API replicas with concurrent schedulers', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fz-replica-sched-'));
  let a: ApiProcess;
  let b: ApiProcess;

  beforeAll(async () => {
    const pgUrl = inject('freezerPgUrl');
    const db = pgUrl ? await createDatabase(pgUrl) : join(dir, 'shared.sqlite');
    // Both start at once on an empty database: only one may create the first admin.
    const env = { FREEZER_ADMIN_PASSWORD: ADMIN_PASSWORD };
    [a, b] = await Promise.all([
      startApiProcess(['--db', db, '--auth', '--log-level', 'warn'], env),
      startApiProcess(['--db', db, '--auth', '--log-level', 'warn'], env),
    ]);
  }, 120_000);

  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('no job runs twice and no result is lost, even when one replica dies mid-run', async () => {
    const login = await fetch(`${a.url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
    });
    const csrf = (await json(login)).csrf_token as string;
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
    // Tokens are made on replica B and used through both: there is no per-process token state.
    const token = async (body: Record<string, unknown>) =>
      (
        await json(
          await fetch(`${b.url}/auth/tokens`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf },
            body: JSON.stringify(body),
          }),
        )
      ).token as string;
    const adminToken = await token({ name: 'setup', project_id: plan.project, role: 'admin' });
    const nodeTokens: string[] = [];
    for (let i = 0; i < plan.nodes; i++) {
      nodeTokens.push(
        await token({ name: `node ${i}`, project_id: plan.project, client_id: clientOf(plan, i) }),
      );
    }

    const origins = [a.url, b.url];
    const client = (tokenOf: string) =>
      new FreezerApiClient({
        apiUrl: a.url,
        projectId: plan.project,
        token: tokenOf,
        transport: failoverTransport(origins, httpTransport(5_000)),
      });
    const admin = client(adminToken);
    const { jobIds, firstSlot, lastSlotEnd } = await createSlotJobs(admin, plan, 4_000);
    const agents = new SimulatedAgents(plan.jobMs);
    const fleet = startFleet(plan, (i) => client(nodeTokens[i] as string), join(dir, 'nodes'), agents);

    // Kill B while slots are falling due: requests in flight to it fail and go to A.
    const killAt = firstSlot + 1.5 * plan.intervalS * 1000;
    await new Promise((r) => setTimeout(r, Math.max(0, killAt - Date.now())));
    const beforeCrash = agents.executed();
    await b.crash();

    const completed = await waitForFleet(
      admin,
      fleet,
      plan,
      {
        lastSlotEnd,
        deadline: lastSlotEnd + 30_000,
      },
      1000,
    );
    await fleet.stop();
    const runs = await countRuns(admin, jobIds, plan);

    const expected = plan.nodes * plan.slots;
    // The crash really fell in the middle: some runs before it, some after.
    expect(beforeCrash).toBeGreaterThan(0);
    expect(beforeCrash).toBeLessThan(expected);
    expect(completed).toBe(plan.nodes);
    expect(agents.executed()).toBe(expected);
    expect(agents.extraStarts(plan.slots)).toBe(0);
    expect(runs).toEqual({ recorded: expected, doubleRuns: 0, jobsShort: 0 });
    expect(fleet.pending()).toBe(0);
  }, 120_000);
});
