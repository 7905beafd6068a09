import type { MetricsDay, MetricsSummary } from '@freezer/schema';

export type { MetricsSummary };
export type TimeseriesDay = MetricsDay;

/** `/healthz` is small and only its status is read here. */
export interface Health {
  status: string;
  [key: string]: unknown;
}
