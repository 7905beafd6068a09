import type { DrillSource } from '@freezer/alerts';
import type { Store } from '@freezer/store';
import type { Registry } from 'prom-client';
import { alertMetrics } from './alert-metrics.js';
import { deliverDue } from './deliver-due.js';
import { evaluateOnce } from './evaluate-cycle.js';
import { storeDrills } from './store-drills.js';
import { type SmtpSettings, createSender } from './transports.js';

export interface AlertLoopOptions {
  /** Seconds between evaluations; 0 turns the evaluator and the sender off. */
  intervalSeconds: number;
  smtp?: SmtpSettings;
  /** Where the latest restore drills are read; the store's drills table unless a test gives its own. */
  drills?: DrillSource;
  onError?: (what: string, err: unknown) => void;
  /** Where the evaluator's and sender's Prometheus series go (the process's /metrics registry). */
  registry?: Registry;
}

export interface AlertLoop {
  stop(): Promise<void>;
}

/** The outbox is looked at this often at most, so a queued notification leaves within seconds. */
const SEND_EVERY_MAX_S = 5;

/**
 * Runs in the API process: evaluates every `intervalSeconds` and sends queued notifications.
 * Each loop waits for its previous round to end before the next (no overlap on a slow database).
 */
export function startAlertLoop(store: Store, options: AlertLoopOptions): AlertLoop {
  if (options.intervalSeconds <= 0) return { stop: async () => undefined };
  const send = createSender(options.smtp);
  const drills = options.drills ?? storeDrills(store);
  const report = options.onError ?? (() => undefined);
  const metrics = alertMetrics(options.registry);
  let stopped = false;
  const running = new Set<Promise<void>>();

  const every = (ms: number, what: string, round: () => Promise<unknown>) => {
    let timer: NodeJS.Timeout | undefined;
    const tick = () => {
      const p = round()
        .then(() => undefined)
        .catch((err: unknown) => report(what, err))
        .finally(() => {
          running.delete(p);
          if (!stopped) timer = setTimeout(tick, ms);
        });
      running.add(p);
    };
    timer = setTimeout(tick, ms);
    return () => clearTimeout(timer);
  };

  const stopEvaluate = every(options.intervalSeconds * 1000, 'alert evaluation', async () => {
    const t = performance.now();
    metrics.cycle(await evaluateOnce(store, drills), (performance.now() - t) / 1000);
  });
  const stopSend = every(
    Math.min(options.intervalSeconds, SEND_EVERY_MAX_S) * 1000,
    'alert delivery',
    async () => metrics.delivered(await deliverDue(store, send)),
  );
  return {
    async stop() {
      stopped = true;
      stopEvaluate();
      stopSend();
      await Promise.allSettled([...running]);
    },
  };
}
