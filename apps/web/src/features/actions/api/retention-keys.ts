/** The admin action's keep rules, as freezer_action keys (the agent's --keep-last … --keep-yearly). */
export const RETENTION_KEEP_KEYS = [
  'keep_last',
  'keep_daily',
  'keep_weekly',
  'keep_monthly',
  'keep_yearly',
] as const;
