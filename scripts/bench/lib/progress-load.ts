import type { PlainRequest } from './timed-request.js';

/**
 * Open-loop load: each of `nodes` sends `make(i)` every `everyMs`, spread evenly over the period (a
 * slow reply does not slow the senders, as with real nodes). Runs until `signal` aborts.
 */
export async function openLoop(o: {
  nodes: number;
  everyMs: number;
  make: (i: number) => PlainRequest;
  send: (req: PlainRequest) => Promise<unknown>;
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
