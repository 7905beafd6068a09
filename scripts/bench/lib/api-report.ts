import type { LoadResult } from './api-load.js';

const TARGET_RPS = 3000;
const TARGET_P99_MS = 50;

function row(r: LoadResult): string {
  const cpu = r.serverCpuPct === undefined ? '' : `${r.serverCpuPct.toFixed(0)} %`;
  const rps = r.reqPerSec < 100 ? r.reqPerSec.toFixed(1) : r.reqPerSec.toFixed(0);
  const perReq = r.cpuMsPerReq === undefined ? '' : r.cpuMsPerReq.toFixed(3);
  return `| ${r.name} | ${rps} | ${r.p50} | ${r.p99} | ${cpu} | ${perReq} | ${r.requests} | ${r.failures} |`;
}

/** Markdown table on stdout, ready to paste into docs/benchmarks.md. */
export function printTable(input: {
  results: LoadResult[];
  oursSmallPoll?: LoadResult;
  stockPoll?: LoadResult;
  connections: number;
  compareConnections: number;
  duration: number;
  ourRssMB: number;
  machine: string;
}): void {
  const all = [...input.results, input.oursSmallPoll, input.stockPoll].filter(
    (r): r is LoadResult => r !== undefined,
  );
  const lines = [
    '',
    `ours: autocannon, ${input.connections} keep-alive connections, ${input.duration} s per run (after a 2 s warm-up), loopback`,
    `ours vs stock: the same poll from ${input.compareConnections} concurrent clients, a new connection per request (the stock server answers HTTP/1.0 and closes), ${input.duration} s each`,
    `machine: ${input.machine}`,
    '',
    '| run | req/s | p50 ms | p99 ms | server CPU | CPU ms/req | requests | failures |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...all.map(row),
    '',
  ];
  const poll = input.results[0];
  if (poll) {
    const ok = poll.reqPerSec >= TARGET_RPS && poll.p99 < TARGET_P99_MS;
    lines.push(
      `target (poll, 10k jobs / 1k clients): >= ${TARGET_RPS} req/s at p99 < ${TARGET_P99_MS} ms → ${ok ? 'MET' : 'NOT MET'} (${poll.reqPerSec.toFixed(0)} req/s, p99 ${poll.p99} ms)`,
    );
  }
  if (input.oursSmallPoll && input.stockPoll) {
    const o = input.oursSmallPoll;
    const s = input.stockPoll;
    lines.push(
      `ours/stock, same poll and client at 1k jobs / 100 clients: req/s ×${(o.reqPerSec / Math.max(s.reqPerSec, 0.001)).toFixed(0)} (${o.reqPerSec.toFixed(0)} vs ${s.reqPerSec.toFixed(1)}), p50 ${o.p50} vs ${s.p50} ms, p99 ${o.p99} vs ${s.p99} ms` +
        (o.cpuMsPerReq && s.cpuMsPerReq
          ? `, server CPU per request ${o.cpuMsPerReq.toFixed(3)} vs ${s.cpuMsPerReq.toFixed(1)} ms`
          : ''),
    );
  }
  if (poll?.cpuMsPerReq) {
    lines.push(
      `poll CPU cost ${poll.cpuMsPerReq.toFixed(3)} ms/request → about ${(1000 / poll.cpuMsPerReq).toFixed(0)} req/s if the API had one core to itself (Node serves on one thread)`,
    );
  }
  lines.push(`our API RSS after the 10k runs: ${input.ourRssMB.toFixed(0)} MB`);
  console.log(lines.join('\n'));
}
