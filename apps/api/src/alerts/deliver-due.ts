import { MAX_DELIVERY_ATTEMPTS, quietUntil, retryDelaySeconds } from '@freezer/alerts';
import type { Store } from '@freezer/store';
import type { Send } from './transports.js';

/** How long a sender owns a claimed notification: longer than the slowest send (SMTP timeouts). */
const LEASE_SECONDS = 120;
const BATCH = 50;

export interface DeliveryResult {
  sent: number;
  held: number;
  failed: number;
}

/**
 * Sends the due notifications of the outbox. Quiet hours of the rule (read now, so an edited rule
 * applies to what is queued) postpone a notification to their end; a failure is retried with
 * backoff and given up after MAX_DELIVERY_ATTEMPTS.
 */
export async function deliverDue(store: Store, send: Send): Promise<DeliveryResult> {
  const claimed = await store.alerts.claimDue(BATCH, LEASE_SECONDS);
  const rules = await store.alertRules.byIds([...new Set(claimed.map((c) => c.ruleId))]);
  const result: DeliveryResult = { sent: 0, held: 0, failed: 0 };
  await Promise.all(
    claimed.map(async (c) => {
      const quietEnd = quietUntil(rules.get(c.ruleId)?.quiet_hours ?? null, store.ctx.now() * 1000);
      if (quietEnd !== null) {
        result.held++;
        return store.alerts.hold(c.deliveryId, Math.ceil(quietEnd / 1000));
      }
      try {
        await send(c.route, { event: c.event, alert: c.alert });
        result.sent++;
        await store.alerts.sent(c.deliveryId);
      } catch (err) {
        result.failed++;
        const attempts = c.attempts + 1;
        const retryAt =
          attempts >= MAX_DELIVERY_ATTEMPTS ? null : store.ctx.now() + retryDelaySeconds(attempts);
        await store.alerts.attemptFailed(c.deliveryId, (err as Error).message, retryAt);
      }
    }),
  );
  return result;
}
