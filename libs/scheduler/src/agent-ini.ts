import type { FreezerAction } from '@freezer/api-client';

/** Python's str() of a value, as the stock scheduler writes it (True/False for booleans). */
function pyStr(v: unknown): string {
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/**
 * The agent's config file for one action: `key = value` lines, None skipped, like the stock scheduler. The
 * section is `[default]`, which both agents read (stock merges every non-storage section; ours reads
 * `[default]` only, where the stock scheduler writes `[action]`). Continuation lines are indented so
 * multi-line commands survive INI parsing.
 */
export function actionToIni(action: FreezerAction): string {
  const lines = ['[default]'];
  for (const [k, v] of Object.entries(action)) {
    if (v === null || v === undefined) continue;
    if (!/^[\w-]+$/.test(k)) continue;
    lines.push(`${k} = ${pyStr(v).replace(/\r?\n/g, '\n\t')}`);
  }
  return `${lines.join('\n')}\n`;
}
