/** How often lists and counters refetch so status changes show without a reload. */
export const LIVE_INTERVAL_MS = 3000;
