import { FreezerApiClient } from '@freezer/api-client';
import { httpTransport } from '@freezer/scheduler';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  SimulatedAgents,
  clientOf,
  auditRuns,
  createSlotJobs,
  startFleet,
  waitForFleet,
  type SimulationPlan,
} from '../../../scripts/bench/lib/node-simulation.js';
import { type ApiProcess, createDatabase, startApi } from '@freezer/testkit';
import { failoverTransport } from './support/failover-transport.js';

const ADMIN_PASSWORD = 'replica test admin password';
// Intervals of 5 s leave room for a loaded CI machine: a node more than one interval late skips a slot.
const plan: SimulationPlan = { nodes: 12, pollS: 1, intervalS: 5, slots: 3, jobMs: 300, project: 'p1' };

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
      startApi({ from: 'source', db, auth: true, args: ['--log-level', 'warn'], env }),
      startApi({ from: 'source', db, auth: true, args: ['--log-level', 'warn'], env }),
    ]);
  }, 120_000);

  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A web session of the first admin on replica A; tokens are created through replica B. */
  async function tokenMaker() {
    const login = await fetch(`${a.url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
    });
    const csrf = (await json(login)).csrf_token as string;
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
    const headers = { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf };
    return {
      create: async (body: Record<string, unknown>) =>
        (
          await json(
            await fetch(`${b.url}/auth/tokens`, { method: 'POST', headers, body: JSON.stringify(body) }),
          )
        ).token as string,
      revokeOnA: async (name: string) => {
        const list = (await json(await fetch(`${a.url}/auth/tokens`, { headers }))).tokens as {
          name: string;
          token_id: string;
        }[];
        const id = list.find((t) => t.name === name)?.token_id;
        const res = await fetch(`${a.url}/auth/tokens/${id}`, { method: 'DELETE', headers });
        expect(res.status).toBe(204);
      },
    };
  }

  it('a token made on one replica works on the other, and revoked on one stops on both at once', async () => {
    const tokens = await tokenMaker();
    const secret = await tokens.create({ name: 'script', project_id: plan.project });
    const get = (api: ApiProcess) =>
      fetch(`${api.url}/v2/${plan.project}/jobs`, { headers: { 'x-auth-token': secret } });
    expect((await get(a)).status).toBe(200);
    expect((await get(b)).status).toBe(200);
    await tokens.revokeOnA('script');
    expect((await get(b)).status).toBe(401);
    expect((await get(a)).status).toBe(401);
  });

  it('no job runs twice and no result is lost, even when one replica dies mid-run', async () => {
    // Tokens are made on replica B and used through both: there is no per-process token state.
    const token = (await tokenMaker()).create;
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
    const audit = await auditRuns(admin, jobIds, plan, agents);

    const expected = plan.nodes * plan.slots;
    // The crash really fell in the middle: some runs before it, some after.
    expect(beforeCrash).toBeGreaterThan(0);
    expect(beforeCrash).toBeLessThan(expected);
    expect(completed).toBe(plan.nodes);
    expect(audit).toEqual({
      expected,
      executed: expected,
      recorded: expected,
      missedSlots: 0,
      lostResults: 0,
      extraRecords: 0,
      extraStarts: 0,
    });
    expect(fleet.pending()).toBe(0);
  }, 120_000);
});
