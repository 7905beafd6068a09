import { Counter, Histogram, type Registry } from 'prom-client';
import type { DeliveryResult } from './deliver-due.js';
import type { CycleResult } from './evaluate-cycle.js';

/** Prometheus series of the evaluator and the sender (what bench:freshness reads, too). */
export function alertMetrics(registry: Registry | undefined) {
  const registers = registry ? [registry] : [];
  const cycles = new Counter({
    name: 'freezer_alert_evaluations_total',
    help: 'Freshness evaluation cycles: ran, or skipped because another replica held the lock',
    labelNames: ['outcome'] as const,
    registers,
  });
  const duration = new Histogram({
    name: 'freezer_alert_evaluation_seconds',
    help: 'Wall time of one freshness evaluation cycle',
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  const notifications = new Counter({
    name: 'freezer_alert_notifications_total',
    help: 'Notification attempts: sent, failed (retried later or given up), held by quiet hours',
    labelNames: ['outcome'] as const,
    registers,
  });
  return {
    cycle(result: CycleResult, seconds: number) {
      cycles.inc({ outcome: result.ran ? 'ran' : 'skipped' });
      if (result.ran) duration.observe(seconds);
    },
    delivered(r: DeliveryResult) {
      if (r.sent) notifications.inc({ outcome: 'sent' }, r.sent);
      if (r.failed) notifications.inc({ outcome: 'failed' }, r.failed);
      if (r.held) notifications.inc({ outcome: 'held' }, r.held);
    },
  };
}
