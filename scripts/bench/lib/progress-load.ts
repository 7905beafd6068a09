import { request, type Agent } from 'node:http';

/** One keep-alive request; resolves with the latency in ms (status checked by the caller's `ok`). */
export function timedRequest(
  agent: Agent,
  base: URL,
  req: { method: string; path: string; body?: string },
): Promise<{ ms: number; status: number }> {
  const t = performance.now();
  return new Promise((resolve, reject) => {
    const r = request(
      {
        host: base.hostname,
        port: base.port,
        method: req.method,
        path: req.path,
        agent,
        headers: {
          'content-type': 'application/json',
          ...(req.body === undefined ? {} : { 'content-length': Buffer.byteLength(req.body) }),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ ms: performance.now() - t, status: res.statusCode ?? 0 }));
        res.on('error', reject);
      },
    );
    r.setTimeout(30_000, () => r.destroy(new Error('timeout after 30 s')));
    r.on('error', reject);
    r.end(req.body);
  });
}

/**
 * Open-loop load: each of `nodes` sends `make(i)` every `everyMs`, spread evenly over the period (a
 * slow reply does not slow the senders, as with real nodes). Runs until `signal` aborts.
 */
export async function openLoop(o: {
  nodes: number;
  everyMs: number;
  make: (i: number) => { method: string; path: string; body?: string };
  send: (req: { method: string; path: string; body?: string }) => Promise<unknown>;
  signal: AbortSignal;
}): Promise<void> {
  const started = performance.now();
  let sent = 0;
  const pending = new Set<Promise<unknown>>();
  while (!o.signal.aborted) {
    const due = Math.floor(((performance.now() - started) / o.everyMs) * o.nodes);
    while (sent < due) {
      const p = o.send(o.make(sent % o.nodes)).catch(() => undefined);
      pending.add(p);
      void p.finally(() => pending.delete(p));
      sent++;
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  await Promise.all(pending);
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}
