// node --import tsx scripts/bench/progress.ts [--nodes 1000] [--poll 10] [--every 2] [--dashboards 50] [--seconds 20]
//   [--mode all|both|stream|post|paced] [--warmup 30] [--paced 60] [--cpu-prof DIR] [--api-bin PATH]
// Live progress on the API: N nodes poll their jobs every --poll s (the baseline), then the same with
// every node reporting its job's progress every --every s and --dashboards server-sent event streams
// open: streamed (as the scheduler reports: one NDJSON request per node and 60 s window, a line per
// event) and/or posted (one request per event, as before), and paced: the agents still report every
// --every s to their scheduler, whose forwarder (the scheduler's own code) honours the API's advised
// interval, measured for --paced s (a whole stream window: each node reopens its stream once)
// after --warmup s of settling (--mode picks: all three by default, `both` =
// posted and streamed). Prints the
// API's CPU and the poll's latency for each phase and the SSE fan-out; then the
// dashboard's first load of / over Chromium's throttled network (5 Mbit/s, 40 ms). The peer: the same
// posts to a bare node:http server, the floor of any HTTP API here. No assertions.
// --cpu-prof DIR: the API runs under `node --cpu-prof` and leaves its V8 profile in DIR when it stops.
// --api-bin PATH: another build's launcher (an older commit's, to compare builds on the same machine).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { Agent } from 'node:http';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { chromium } from '@playwright/test';
import { startApi, stopChild, type ApiProcess } from '@freezer/testkit';
import { seedOverHttp } from './lib/api-seed.js';
import { pollSequence } from './lib/api-load.js';
import { cpuSeconds } from './lib/process-cpu.js';
import { openLoop } from './lib/progress-load.js';
import { pacedNodes } from './lib/paced-nodes.js';
import { pct as percentile } from './lib/request-latency.js';
import { timedRequest } from './lib/timed-request.js';
import { numberArgs, stringArg } from './lib/args.js';

const ARGS = numberArgs({
  nodes: 1000,
  poll: 10,
  every: 2,
  dashboards: 50,
  seconds: 20,
  warmup: 30,
  paced: 60,
});
const PROJECT = 'bench';
const PROFILE_DIR = stringArg('cpu-prof');
const API_BIN = stringArg('api-bin');
const MODE = stringArg('mode') ?? 'all';
const MODES: Record<string, Reporting[]> = {
  all: ['post', 'stream', 'paced'],
  both: ['post', 'stream'],
  post: ['post'],
  stream: ['stream'],
  paced: ['paced'],
};
if (!MODES[MODE]) {
  console.error(`--mode must be all, both, post, stream or paced, not ${MODE}`);
  process.exit(2);
}
/** A node ends its stream and opens a new one this often (as the scheduler's forwarder does). */
const STREAM_WINDOW_S = 60;

/**
 * Worker source shared by the posting and the streaming nodes: node i's next event (its tick counts
 * up in `ticks`, 20 MB read per tick), the same JSON whichever way it travels.
 */
const NEXT_EVENT_JS = `const nextEvent = (i) => {
      const tick = ++ticks[i];
      const read = Math.min(tick * 2e7 + i, 1e9);
      return JSON.stringify({
        phase: 'backup', action: 'backup', files_done: tick * 10, files_total: 10000,
        bytes_read: read, bytes_total: 1e9, bytes_stored: Math.floor(read / 2), rate: 1e7,
        eta_seconds: Math.max(0, (1e9 - read) / 1e7), percent: Math.min(99, (read / 1e9) * 100),
        elapsed_seconds: tick * w.everyS,
      });
    };`;

type Reporting = 'none' | 'post' | 'stream' | 'paced';
/** Latencies of answered posts (none for lines of a stream: they get no answer each), and the count. */
interface Reported {
  ok: number[];
  count?: number;
  failures: number;
  /** Paced: [advised interval s, nodes] at the end of the phase. */
  intervals?: [number, number][];
}

const PHASE_NAMES: Record<Reporting, string> = {
  none: 'polls only (before)',
  post: 'posted',
  stream: 'streamed',
  paced: "paced (API's advice)",
};

interface Phase {
  name: string;
  cpuPercent: number;
  cpuSeconds: number;
  polls: number;
  pollP50: number;
  pollP99: number;
  progressPosts: number;
  progressP99: number;
  failures: number;
  sseEvents: number;
  /** How long it was measured. */
  seconds: number;
  intervals?: [number, number][];
}

/**
 * The dashboards' event streams, in a worker thread: 50 streams receive ~25,000 events a second,
 * which would otherwise slow this process's request loop and show as API latency.
 */
function openDashboards(base: URL, count: number): { mark(): void; stop(): Promise<number> } {
  const worker = new Worker(
    `
    const { request } = require('node:http');
    const { parentPort, workerData } = require('node:worker_threads');
    let events = 0;
    const open = [];
    for (let i = 0; i < workerData.count; i++) {
      const r = request({ host: workerData.host, port: workerData.port, path: workerData.path, agent: false }, (res) => {
        res.setEncoding('utf8');
        res.on('data', (chunk) => {
          for (let at = chunk.indexOf('event: progress'); at >= 0; at = chunk.indexOf('event: progress', at + 1)) events++;
        });
        res.on('error', () => {});
      });
      r.on('error', () => {});
      r.end();
      open.push(r);
    }
    parentPort.on('message', (m) => {
      if (m === 'mark') { events = 0; return; }
      for (const r of open) r.destroy();
      parentPort.postMessage(events);
    });
    `,
    {
      eval: true,
      workerData: { host: base.hostname, port: base.port, path: `/v2/${PROJECT}/events`, count },
    },
  );
  return {
    // From now on: events before (a warm-up) are not counted.
    mark: () => worker.postMessage('mark'),
    stop: () =>
      new Promise<number>((resolve) => {
        worker.once('message', (n: number) => {
          void worker.terminate();
          resolve(n);
        });
        worker.postMessage('stop');
      }),
  };
}

/** Every node posting its job's progress every ARGS.every seconds, from a worker thread. */
function startPosters(base: URL, jobIds: string[]): { stop(): Promise<Reported> } {
  const worker = new Worker(
    `
    const { Agent, request } = require('node:http');
    const { parentPort, workerData: w } = require('node:worker_threads');
    const agent = new Agent({ keepAlive: true, maxSockets: 256 });
    const ok = [];
    let failures = 0;
    let sent = 0;
    let stopped = false;
    const ticks = new Array(w.jobIds.length).fill(0);
    ${NEXT_EVENT_JS}
    const body = (i) => nextEvent(i);
    const post = (i) => {
      const t = performance.now();
      const payload = body(i);
      const r = request({ host: w.host, port: w.port, method: 'POST', agent,
        path: '/v2/' + w.project + '/jobs/' + w.jobIds[i] + '/progress',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } },
        (res) => { res.resume(); res.on('end', () => { if (res.statusCode === 204) ok.push(performance.now() - t); else failures++; }); });
      r.on('error', () => failures++);
      r.end(payload);
    };
    const started = performance.now();
    const tick = () => {
      if (stopped) return;
      const due = Math.floor(((performance.now() - started) / (w.everyS * 1000)) * w.jobIds.length);
      while (sent < due) post(sent++ % w.jobIds.length);
      setTimeout(tick, 5);
    };
    tick();
    parentPort.on('message', () => {
      stopped = true;
      setTimeout(() => { agent.destroy(); parentPort.postMessage({ ok, failures }); }, 1000);
    });
    `,
    {
      eval: true,
      workerData: { host: base.hostname, port: base.port, project: PROJECT, jobIds, everyS: ARGS.every },
    },
  );
  return {
    stop: () =>
      new Promise((resolve) => {
        worker.once('message', (r: { ok: number[]; failures: number }) => {
          void worker.terminate();
          resolve(r);
        });
        worker.postMessage('stop');
      }),
  };
}

/**
 * Every node streaming its job's progress, from a worker thread: one chunked NDJSON request per node
 * (started spread over the first interval), a line every ARGS.every seconds, a new request every
 * window. `ok` counts lines written to streams whose 200 came; a stream refused or broken is a failure.
 */
function startStreamers(base: URL, jobIds: string[]): { stop(): Promise<Reported> } {
  const worker = new Worker(
    `
    const { Agent, request } = require('node:http');
    const { parentPort, workerData: w } = require('node:worker_threads');
    const agent = new Agent({ keepAlive: true, maxSockets: w.jobIds.length + 16 });
    let lines = 0;
    let failures = 0;
    let stopped = false;
    const streams = new Array(w.jobIds.length);
    const ticks = new Array(w.jobIds.length).fill(0);
    ${NEXT_EVENT_JS}
    const line = (i) => nextEvent(i) + '\\n';
    const open = (i) => {
      const s = { opened: performance.now(), ok: false, broken: false, pending: 0 };
      s.req = request({ host: w.host, port: w.port, method: 'POST', agent,
        path: '/v2/' + w.project + '/jobs/' + w.jobIds[i] + '/progress',
        headers: { 'content-type': 'application/x-ndjson' } },
        (res) => {
          if (res.statusCode === 200) { s.ok = true; lines += s.pending; s.pending = 0; }
          else { s.broken = true; failures++; }
          res.resume();
        });
      s.req.on('error', () => { if (!stopped && !s.broken) { s.broken = true; failures++; } });
      s.req.flushHeaders();
      return s;
    };
    const report = (i) => {
      if (stopped) return;
      let s = streams[i];
      if (!s || s.broken || performance.now() - s.opened >= w.windowS * 1000) {
        if (s && !s.broken) s.req.end();
        s = streams[i] = open(i);
      }
      s.req.write(line(i));
      if (s.ok) lines++;
      else s.pending++;
    };
    const everyMs = w.everyS * 1000;
    for (let i = 0; i < w.jobIds.length; i++) {
      setTimeout(() => { report(i); setInterval(() => report(i), everyMs); }, (i * everyMs) / w.jobIds.length);
    }
    parentPort.on('message', () => {
      stopped = true;
      for (const s of streams) if (s && !s.broken) s.req.end();
      setTimeout(() => { agent.destroy(); parentPort.postMessage({ ok: [], count: lines, failures }); }, 1000);
    });
    `,
    {
      eval: true,
      workerData: {
        host: base.hostname,
        port: base.port,
        project: PROJECT,
        jobIds,
        everyS: ARGS.every,
        windowS: STREAM_WINDOW_S,
      },
    },
  );
  return {
    stop: () =>
      new Promise((resolve) => {
        worker.once('message', (r: Reported) => {
          void worker.terminate();
          resolve(r);
        });
        worker.postMessage('stop');
      }),
  };
}

async function runPhase(api: ApiProcess, jobIds: string[], reporting: Reporting): Promise<Phase> {
  const withProgress = reporting !== 'none';
  const base = new URL(api.url);
  // Polls and posts on their own connection pools, large enough that no request waits for a socket.
  const pollAgent = new Agent({ keepAlive: true, maxSockets: 256 });
  const nextPoll = pollSequence(`/v2/${PROJECT}`, ARGS.nodes);
  const polls: number[] = [];
  const posts: number[] = [];
  let failures = 0;
  const dashboards = withProgress ? openDashboards(base, ARGS.dashboards) : undefined;
  await new Promise((r) => setTimeout(r, 500));
  // Paced nodes first settle on the API's advice (their streams opened, the interval learned): the
  // phase measures the steady state, not the first minute of a fleet that all started at once.
  const paced = reporting === 'paced' ? pacedNodes(base, PROJECT, jobIds, ARGS.every) : undefined;
  if (paced) {
    await new Promise((r) => setTimeout(r, ARGS.warmup * 1000));
    await paced.mark();
    dashboards?.mark();
  }
  const stop = new AbortController();
  const cpu0 = cpuSeconds(api.pid);
  const t0 = performance.now();
  const polling = openLoop({
    nodes: ARGS.nodes,
    everyMs: ARGS.poll * 1000,
    make: () => nextPoll(),
    send: async (req) => {
      const r = await timedRequest(pollAgent, base, req);
      if (r.status === 200) polls.push(r.ms);
      else failures++;
    },
    signal: stop.signal,
  });
  // The nodes' progress posts come from a worker thread: its event loop, not the polls', carries them.
  const posters =
    reporting === 'post'
      ? startPosters(base, jobIds)
      : reporting === 'stream'
        ? startStreamers(base, jobIds)
        : paced
          ? pacedReporters(paced)
          : undefined;
  const seconds = paced ? ARGS.paced : ARGS.seconds;
  await new Promise((r) => setTimeout(r, seconds * 1000));
  stop.abort();
  const stopping = posters?.stop();
  await polling;
  const wall = (performance.now() - t0) / 1000;
  const cpu = cpuSeconds(api.pid) - cpu0;
  const posted: Reported = (await stopping) ?? { ok: [], failures: 0 };
  posts.push(...posted.ok);
  const reports = posted.count ?? posted.ok.length;
  failures += posted.failures;
  const sseEvents = (await dashboards?.stop()) ?? 0;
  pollAgent.destroy();
  polls.sort((a, b) => a - b);
  posts.sort((a, b) => a - b);
  return {
    name: withProgress
      ? `polls + progress ${PHASE_NAMES[reporting]} + ${ARGS.dashboards} SSE dashboards`
      : PHASE_NAMES.none,
    cpuPercent: (cpu / wall) * 100,
    cpuSeconds: cpu,
    polls: polls.length,
    pollP50: percentile(polls, 50),
    pollP99: percentile(polls, 99),
    progressPosts: reports,
    progressP99: posts.length ? percentile(posts, 99) : NaN,
    failures,
    sseEvents,
    seconds,
    ...(posted.intervals ? { intervals: posted.intervals } : {}),
  };
}

/** The paced nodes (the scheduler's forwarder and stream sender), as a phase's reporters. */
function pacedReporters(nodes: ReturnType<typeof pacedNodes>): { stop(): Promise<Reported> } {
  return {
    stop: async () => {
      const r = await nodes.stop();
      return { ok: [], count: r.count, failures: r.failures, intervals: r.intervals };
    },
  };
}

/**
 * The peer: the same progress posts to a bare node:http server that reads each body, parses it and
 * answers 204 — the cost of the HTTP exchange alone on this machine, below which no API can go.
 */
async function bareHttpFloor(
  jobIds: string[],
  reporting: 'post' | 'stream',
): Promise<{ cpuPerPost: number; posts: number }> {
  const child = spawn(
    process.execPath,
    [
      '-e',
      `const s = require('node:http').createServer((req, res) => {
        if (req.headers['content-type'] === 'application/x-ndjson') {
          res.writeHead(200); res.flushHeaders();
          let carry = '';
          req.setEncoding('utf8');
          req.on('data', (x) => {
            const parts = (carry + x).split('\\n'); carry = parts.pop();
            for (const p of parts) JSON.parse(p);
          });
          req.on('end', () => res.end());
          return;
        }
        const c = []; req.on('data', (x) => c.push(x));
        req.on('end', () => { JSON.parse(Buffer.concat(c).toString()); res.writeHead(204); res.end(); });
      });
      s.keepAliveTimeout = 72000;
      s.listen(0, '127.0.0.1', () => console.log(s.address().port));`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  try {
    const [line] = (await once(child.stdout, 'data')) as [Buffer];
    const base = new URL(`http://127.0.0.1:${line.toString().trim()}`);
    const pid = child.pid as number;
    // From before the first post to after the last answer: an idle server costs next to nothing.
    const cpu0 = cpuSeconds(pid);
    const reporters = reporting === 'stream' ? startStreamers(base, jobIds) : startPosters(base, jobIds);
    await new Promise((r) => setTimeout(r, ARGS.seconds * 1000));
    const done = await reporters.stop();
    const posts = done.count ?? done.ok.length;
    const cpu = cpuSeconds(pid) - cpu0;
    return { cpuPerPost: cpu / Math.max(posts, 1), posts };
  } finally {
    await stopChild(child);
  }
}

/** First load of / in Chromium over a throttled link: bytes on the wire and time to the load event. */
async function firstLoad(
  url: string,
): Promise<{ bytes: number; loadMs: number; overviewMs: number; requests: number }> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  try {
    const page = await browser.newPage();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 40,
      downloadThroughput: (5 * 1000 * 1000) / 8,
      uploadThroughput: (5 * 1000 * 1000) / 8,
    });
    let bytes = 0;
    let requests = 0;
    cdp.on('Network.loadingFinished', (e: { encodedDataLength: number }) => {
      bytes += e.encodedDataLength;
      requests++;
    });
    const t = performance.now();
    await page.goto(url, { waitUntil: 'load' });
    const loadMs = performance.now() - t;
    // The overview drawn: the page is usable, not just loaded.
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    const overviewMs = performance.now() - t;
    return { bytes, loadMs, overviewMs, requests };
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  const api = await startApi({
    from: 'build',
    buildIfMissing: true,
    args: ['--log-level', 'warn'],
    ...(API_BIN ? { bin: resolve(API_BIN) } : {}),
    ...(PROFILE_DIR ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${resolve(PROFILE_DIR)}`] } : {}),
  });
  try {
    const jobIds = await seedOverHttp(
      `${api.url}/v2/${PROJECT}`,
      { clients: ARGS.nodes, jobs: ARGS.nodes },
      16,
    );
    const load0 = loadavg();
    console.log(
      `progress bench: ${ARGS.nodes} nodes, poll every ${ARGS.poll} s, progress every ${ARGS.every} s, ${ARGS.dashboards} dashboards, ${ARGS.seconds} s per phase`,
    );
    const before = await runPhase(api, jobIds, 'none');
    const reporting: Reporting[] = MODES[MODE] ?? [];
    const after: Phase[] = [];
    for (const r of reporting) after.push(await runPhase(api, jobIds, r));
    console.log(
      '\n| phase | API CPU % | polls | poll p50 ms | poll p99 ms | progress reports | post p99 ms | SSE events received | failures |',
    );
    console.log('|---|---|---|---|---|---|---|---|---|');
    for (const p of [before, ...after]) {
      const p99 = Number.isNaN(p.progressP99) ? '–' : p.progressP99.toFixed(1);
      console.log(
        `| ${p.name} | ${p.cpuPercent.toFixed(1)} | ${p.polls} | ${p.pollP50.toFixed(1)} | ${p.pollP99.toFixed(1)} | ${p.progressPosts} | ${p99} | ${p.sseEvents} | ${p.failures} |`,
      );
    }
    // CPU time per request holds on a busy machine where the load generator cannot offer the full rate:
    // the cost of the full fleet is projected from it.
    const perPoll = before.cpuSeconds / Math.max(before.polls, 1);
    const pollLoad = (ARGS.nodes / ARGS.poll) * perPoll;
    let perPost = 0;
    let perLine = 0;
    for (const [i, p] of after.entries()) {
      const paced = reporting[i] === 'paced';
      const how = reporting[i] === 'post' ? 'post' : 'streamed line';
      const perReport = (p.cpuSeconds - perPoll * p.polls) / Math.max(p.progressPosts, 1);
      if (reporting[i] === 'post') perPost = perReport;
      else if (reporting[i] === 'stream') perLine = perReport;
      // Paced nodes send what the API asks for: their cost is projected at the rate they really sent.
      const rate = paced ? p.progressPosts / p.seconds : ARGS.nodes / ARGS.every;
      const reportLoad = rate * perReport;
      if (p.intervals) {
        const told = p.intervals
          .sort((a, b) => b[1] - a[1])
          .map(([s, n]) => `${n} nodes at ${s} s`)
          .join(', ');
        console.log(`\n${p.name}: the API's advice at the end of the phase: ${told}`);
      }
      console.log(
        `\n${p.name}: CPU after/before ${(p.cpuPercent / Math.max(before.cpuPercent, 0.01)).toFixed(2)}x ` +
          `(+${(p.cpuPercent - before.cpuPercent).toFixed(1)} points of one core); ` +
          `poll p99 after/before: ${(p.pollP99 / Math.max(before.pollP99, 0.01)).toFixed(2)}x; ` +
          `progress reports taken: ${(p.progressPosts / p.seconds).toFixed(0)}/s of the ${(ARGS.nodes / ARGS.every).toFixed(0)}/s the agents wrote; ` +
          `SSE: ${(p.sseEvents / Math.max(ARGS.dashboards, 1) / p.seconds).toFixed(0)} events/s per dashboard (updates coalesced per job in 500 ms batches)`,
      );
      console.log(
        `API CPU per poll ${(perPoll * 1000).toFixed(3)} ms, per progress ${how} (with its fan-out) ${(perReport * 1000).toFixed(3)} ms; ` +
          `projected for ${ARGS.nodes} nodes: polls ${(pollLoad * 100).toFixed(1)} % of a core, + progress ${(reportLoad * 100).toFixed(1)} % ` +
          `(+${((reportLoad / Math.max(pollLoad, 1e-9)) * 100).toFixed(0)} %)`,
      );
    }
    for (const r of reporting) {
      if (r === 'paced' || r === 'none') continue;
      const floor = await bareHttpFloor(jobIds, r);
      const floorLoad = (ARGS.nodes / ARGS.every) * floor.cpuPerPost;
      const ours = r === 'stream' ? perLine : perPost;
      const what =
        r === 'stream' ? 'reading the same streams (a line: split, parsed)' : 'answering the same posts 204';
      console.log(
        `peer: a bare node:http server ${what} (${floor.posts} ${r === 'stream' ? 'lines' : 'posts'}): ${(floor.cpuPerPost * 1000).toFixed(3)} ms of CPU each, ` +
          `${(floorLoad * 100).toFixed(1)} % of a core for ${ARGS.nodes} nodes (+${((floorLoad / Math.max(pollLoad, 1e-9)) * 100).toFixed(0)} % of the polls' CPU); ` +
          `ours with its fan-out costs ${(ours / Math.max(floor.cpuPerPost, 1e-9)).toFixed(2)}x that`,
      );
    }
    console.log(
      `load average before ${load0.map((l) => l.toFixed(2)).join(' ')}, after ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    // Another build (--api-bin) is served without the web app next to it: no page to load.
    // Without a built web app (apps/web/dist) there is no overview to wait for: said, not thrown.
    const load = API_BIN
      ? undefined
      : await firstLoad(`${api.url}/`).catch((err: unknown) => {
          console.log(`\nfirst load of / not measured: ${(err as Error).message.split('\n')[0]}`);
          return undefined;
        });
    if (load)
      console.log(
        `\nfirst load of / at 5 Mbit/s + 40 ms: ${(load.bytes / 1024).toFixed(1)} KiB in ${load.requests} responses, ` +
          `${load.loadMs.toFixed(0)} ms to the load event, ${load.overviewMs.toFixed(0)} ms to the overview heading`,
      );
  } finally {
    await api.cleanup();
  }
}

await main();
