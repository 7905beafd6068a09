import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuthFixture, startAuthFixture } from './support/auth-fixture.js';
import { type TestApi, execJob, startTestApi } from './helpers.js';
import { type FuzzRoute, routesOf } from './fuzz/openapi-routes.js';
import { fuzzRoutes, recordCounts } from './fuzz/run-fuzz.js';

// Property-based fuzzing of every route of the served OpenAPI document. `npm test` runs a few cases
// per route; `npm run fuzz:api -- <cases>` runs many more (FREEZER_FUZZ_CASES, FREEZER_FUZZ_SEED).
const CASES = Number(process.env.FREEZER_FUZZ_CASES ?? 0);
// A fixed seed in `npm test` (a failure there replays exactly); the fuzz:api script picks a new one.
const SEED = Number(process.env.FREEZER_FUZZ_SEED ?? 20_261_207);
const DEFAULT_PER_ROUTE = 5;
const TIMEOUT = 600_000;

type Call = (method: string, url: string, body?: unknown) => Promise<LightMyRequestResponse>;

const session = { description: 's', schedule: {}, hold_off: 0 };
const backup = (uuid: string) => ({
  container: '/b',
  hostname: 'host-c1',
  backup_name: 'n',
  level: 0,
  time_stamp: 1,
  backup_uuid: uuid,
});

/** One of each document in a project; their ids feed the path parameters. */
async function seed(call: Call, prefix: string, tag: string): Promise<Record<string, string[]>> {
  await call('POST', `${prefix}/clients`, { client_id: 'c1', hostname: 'host-c1' });
  const job = (await call('POST', `${prefix}/jobs`, execJob('c1', { description: tag }))).json().job_id;
  const action = (
    await call('POST', `${prefix}/actions`, { freezer_action: { action: 'exec', command: tag } })
  ).json().action_id;
  const sid = (await call('POST', `${prefix}/sessions`, { ...session, description: tag })).json().session_id;
  const bid = (await call('POST', `${prefix}/backups`, backup(`${tag}-bu`))).json().backup_id;
  await call('POST', `${prefix}/jobs/${job}/runs`, {
    run_id: `${tag}-run`,
    time_started: 1,
    time_ended: 2,
    result: 'success',
    actions: [],
  });
  return { job_id: [job], action_id: [action], session_id: [sid], backup_id: [bid], client_id: ['c1'] };
}

/** Everything a project holds, for the "earlier data intact" check. */
async function snapshot(call: Call, prefix: string): Promise<string> {
  const parts = [];
  for (const what of ['clients', 'jobs', 'actions', 'sessions', 'backups', 'runs']) {
    const res = await call('GET', `${prefix}/${what}?limit=-1`);
    expect(res.statusCode).toBe(200);
    parts.push(res.json());
  }
  return JSON.stringify(parts);
}

/** Ending a session or token (logout revokes the caller's token) comes last, so as not to lose the callers. */
const endsCredentials = (r: FuzzRoute) =>
  r.template === '/auth/logout' || r.template.startsWith('/auth/tokens/') ? 1 : 0;

async function routesServedBy(call: Call) {
  const routes = routesOf((await call('GET', '/openapi.json')).json());
  expect(routes.length).toBeGreaterThan(80);
  return routes.sort((a, b) => endsCredentials(a) - endsCredentials(b));
}

const perRoute = (routes: number) => (CASES > 0 ? Math.max(1, Math.ceil(CASES / routes)) : DEFAULT_PER_ROUTE);

describe('fuzz: every OpenAPI route, no-auth mode', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  it(
    'no 5xx, the server stays up, another project is untouched',
    async () => {
      const call: Call = (m, u, b) => api.call(m, u, b);
      const routes = await routesServedBy(call);
      const before = await (async () => {
        await seed(call, '/v2/sentinel', 'sentinel');
        return snapshot(call, '/v2/sentinel');
      })();
      const pools = { ...(await seed(call, '/v2/fz', 'fz')), project_id: ['fz', 'default'] };
      const counts = await fuzzRoutes({
        app: api.app,
        routes,
        pools,
        callers: fc.constant({}),
        perRoute: perRoute(routes.length),
        seed: SEED,
        mode: 'no-auth',
        db: api.store.dialect,
      });
      recordCounts(counts);
      expect(counts['5xx']).toBe(0);
      expect(counts.cases).toBeGreaterThanOrEqual(routes.length);
      expect((await call('GET', '/healthz')).json()).toEqual({ status: 'ok' });
      expect(await snapshot(call, '/v2/sentinel')).toBe(before);
    },
    TIMEOUT,
  );
});

describe('fuzz: every OpenAPI route, --auth mode', () => {
  let f: AuthFixture;
  beforeAll(async () => {
    f = await startAuthFixture();
  }, 60_000);
  afterAll(() => f.api.close());

  it(
    'no 5xx, the server stays up, a project the callers have no role in is untouched',
    async () => {
      const member: Call = (m, u, b) => f.asToken(f.tokens.p1Member, m, u, b);
      const bob: Call = (m, u, b) => f.asToken(f.tokens.p2Member, m, u, b);
      const routes = await routesServedBy(member);
      await seed(bob, '/v2/p2', 'sentinel');
      const before = await snapshot(bob, '/v2/p2');
      const alice = await f.login('alice');
      const spare = await f.asSession(alice, 'POST', '/auth/tokens', { name: 'spare', project_id: 'p1' });
      const pools = {
        ...(await seed(member, '/v2/p1', 'fz')),
        project_id: ['p1', 'p2'],
        user_id: [f.userIds.rita as string],
        token_id: [spare.json().token_id as string],
      };
      // Callers: mostly a member (token or web session); also a reader, a scheduler token, nobody, a forgery.
      const callers = fc.oneof(
        { weight: 4, arbitrary: fc.constant({ 'x-auth-token': f.tokens.p1Member }) },
        { weight: 2, arbitrary: fc.constant({ cookie: alice.cookie, 'x-csrf-token': alice.csrf }) },
        ...(
          [
            { 'x-auth-token': f.tokens.p1Reader },
            { 'x-auth-token': f.tokens.p1SchedulerC1 },
            {},
            { 'x-auth-token': 'fzt_forged' },
          ] as Record<string, string>[]
        ).map((h) => ({ weight: 1, arbitrary: fc.constant(h) })),
      );
      const counts = await fuzzRoutes({
        app: f.api.app,
        routes,
        pools,
        callers,
        perRoute: perRoute(routes.length),
        seed: SEED,
        mode: 'auth',
        db: f.api.store.dialect,
      });
      recordCounts(counts);
      expect(counts['5xx']).toBe(0);
      expect(counts.cases).toBeGreaterThanOrEqual(routes.length);
      expect((await f.api.call('GET', '/healthz')).json()).toEqual({ status: 'ok' });
      expect(await snapshot(bob, '/v2/p2')).toBe(before);
    },
    TIMEOUT,
  );
});
