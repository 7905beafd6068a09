// Worker thread of bench:progress's paced phase: N nodes whose agents report every `everyS` seconds
// to their scheduler, which forwards with the scheduler's own code (ProgressForwarder pacing, the
// ProgressStreamSender's NDJSON streams), honouring the API's advice exactly as a real node does.
// Started by pacedNodes() in paced-nodes.ts (through tsx's register: a worker gets no --import).
import { parentPort, workerData } from 'node:worker_threads';
import { PROGRESS_INTERVAL_HEADER, type ProgressEvent } from '@freezer/schema';
import { ProgressForwarder, ProgressStreamSender } from '@freezer/scheduler';

interface Plan {
  base: string;
  project: string;
  jobIds: string[];
  everyS: number;
}

const plan = workerData as Plan;
let lines = 0;
let failures = 0;
const timers: NodeJS.Timeout[] = [];
const nodes: { forwarder: ProgressForwarder; sender: ProgressStreamSender }[] = [];

/** Node i's next event: 20 MB read per agent tick, the same shape as the other phases' events. */
function nextEvent(tick: number, i: number): ProgressEvent {
  const read = Math.min(tick * 2e7 + i, 1e9);
  return {
    phase: 'backup',
    action: 'backup',
    files_done: tick * 10,
    files_total: 10000,
    bytes_read: read,
    bytes_total: 1e9,
    bytes_stored: Math.floor(read / 2),
    rate: 1e7,
    eta_seconds: Math.max(0, (1e9 - read) / 1e7),
    percent: Math.min(99, (read / 1e9) * 100),
    elapsed_seconds: tick * plan.everyS,
  };
}

plan.jobIds.forEach((jobId, i) => {
  const url = `${plan.base}/v2/${plan.project}/jobs/${jobId}/progress`;
  const sender = new ProgressStreamSender({
    target: async () => ({ url, headers: {} }),
    // The single post, as the api client sends it (used only if the API refused the stream).
    post: async (event) => {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(event),
      });
      forwarder.advise(res.headers.get(PROGRESS_INTERVAL_HEADER));
      return res.status < 300;
    },
    onAdvice: (s) => forwarder.advise(s),
  });
  const send = async (event: ProgressEvent): Promise<boolean> => {
    try {
      const wanted = await sender.send(event);
      if (wanted) lines++;
      else failures++;
      return wanted;
    } catch (err) {
      failures++;
      throw err;
    }
  };
  const forwarder = new ProgressForwarder(
    send,
    plan.everyS * 1000,
    Date.now,
    () => sender.end(),
    Math.random,
  );
  nodes.push({ forwarder, sender });
  let tick = 0;
  // Agents start spread over one interval, then write an event every interval.
  const everyMs = plan.everyS * 1000;
  timers.push(
    setTimeout(
      () => {
        forwarder.push(nextEvent(++tick, i));
        timers.push(setInterval(() => forwarder.push(nextEvent(++tick, i)), everyMs));
      },
      (i * everyMs) / plan.jobIds.length,
    ),
  );
});

parentPort?.on('message', (m) => {
  if (m === 'mark') {
    lines = 0;
    failures = 0;
    parentPort?.postMessage('marked');
    return;
  }
  for (const t of timers) clearTimeout(t);
  const intervals = new Map<number, number>();
  for (const { forwarder, sender } of nodes) {
    const s = forwarder.interval / 1000;
    intervals.set(s, (intervals.get(s) ?? 0) + 1);
    forwarder.close();
    sender.end();
  }
  setTimeout(() => parentPort?.postMessage({ count: lines, failures, intervals: [...intervals] }), 1000);
});
