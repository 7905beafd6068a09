import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type FuzzBody, bodyOf, headerSet, pathValue, queryValue } from './arbitraries.js';
import type { FuzzRoute } from './openapi-routes.js';

export interface FuzzCounts {
  mode: string;
  db: string;
  routes: number;
  cases: number;
  '2xx': number;
  '3xx': number;
  '4xx': number;
  '5xx': number;
  seed: number;
}

interface FuzzRequest {
  url: string;
  body: FuzzBody;
  headers: Record<string, string>;
}

function requestOf(
  route: FuzzRoute,
  pools: Record<string, string[]>,
  callers: fc.Arbitrary<Record<string, string>>,
): fc.Arbitrary<FuzzRequest> {
  const params = fc.record(Object.fromEntries(route.pathParams.map((p) => [p, pathValue(pools[p] ?? [])])));
  const query = fc.record(Object.fromEntries(route.queryParams.map((q) => [q, queryValue])), {
    requiredKeys: [],
  });
  return fc
    .record({ params, query, body: bodyOf(route), headers: headerSet, caller: callers })
    .map(({ params, query, body, headers, caller }) => {
      const path = route.template.replace(/\{(\w+)\}/g, (_m, name: string) =>
        encodeURIComponent(params[name] as string),
      );
      const qs = new URLSearchParams(query as Record<string, string>).toString();
      return { url: qs ? `${path}?${qs}` : path, body, headers: { ...headers, ...caller } };
    });
}

/**
 * Sends `perRoute` generated requests to every route and fails on the first 5xx (fast-check then
 * shrinks it and prints the seed to replay it). Returns what answered what.
 */
export async function fuzzRoutes(o: {
  app: FastifyInstance;
  routes: FuzzRoute[];
  pools: Record<string, string[]>;
  callers: fc.Arbitrary<Record<string, string>>;
  perRoute: number;
  seed: number;
  mode: string;
  db: string;
}): Promise<FuzzCounts> {
  const counts: FuzzCounts = {
    mode: o.mode,
    db: o.db,
    routes: o.routes.length,
    cases: 0,
    '2xx': 0,
    '3xx': 0,
    '4xx': 0,
    '5xx': 0,
    seed: o.seed,
  };
  for (const [i, route] of o.routes.entries()) {
    await fc.assert(
      fc.asyncProperty(requestOf(route, o.pools, o.callers), async (r) => {
        const payload =
          r.body === undefined ? undefined : 'raw' in r.body ? r.body.raw : JSON.stringify(r.body.json);
        const res = await o.app.inject({
          method: route.method as 'GET',
          url: r.url,
          headers: r.headers,
          ...(payload === undefined ? {} : { payload }),
        });
        counts.cases++;
        const key = `${Math.floor(res.statusCode / 100)}xx` as '2xx' | '3xx' | '4xx' | '5xx';
        if (key in counts) counts[key]++;
        if (res.statusCode >= 500) {
          throw new Error(`${route.method} ${r.url} → ${res.statusCode} ${res.body.slice(0, 300)}`);
        }
      }),
      { numRuns: o.perRoute, seed: o.seed + i, endOnFailure: false },
    );
  }
  return counts;
}

/** Prints the counts and keeps them in test-results/ for the run's report. */
export function recordCounts(counts: FuzzCounts): void {
  const line = `fuzz api [${counts.mode}, ${counts.db}]: ${counts.routes} routes, ${counts.cases} cases: ${counts['2xx']} 2xx, ${counts['3xx']} 3xx, ${counts['4xx']} 4xx, ${counts['5xx']} 5xx (seed ${counts.seed})`;
  console.log(line);
  const dir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'test-results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `fuzz-api-${counts.mode}-${counts.db}.json`), `${JSON.stringify(counts)}\n`);
}
