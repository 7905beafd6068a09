import { UsageError } from './errors.js';

/**
 * The stock agent parses 'YYYY-MM-DDThh:mm:ss' in the local time zone (time.mktime). We do the same,
 * and also accept a trailing 'Z' or ±hh:mm offset and a space instead of the 'T'.
 */
export function parseAgentDate(option: string, text: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(
    text.trim(),
  );
  if (!match) throw new UsageError(`--${option}: "${text}" is not a date; use YYYY-MM-DDThh:mm:ss`);
  const [, y, mo, d, h = '0', mi = '0', s = '0', zone] = match;
  const parts = [Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)] as const;
  let ms: number;
  if (zone) {
    ms = Date.UTC(...parts);
    if (zone !== 'Z') {
      const sign = zone.startsWith('-') ? -1 : 1;
      const digits = zone.slice(1).replace(':', '');
      ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
    }
  } else {
    ms = new Date(...parts).getTime();
  }
  const check = new Date(Date.UTC(parts[0], parts[1], parts[2]));
  if (
    Number.isNaN(ms) ||
    check.getUTCMonth() !== parts[1] ||
    check.getUTCDate() !== parts[2] ||
    parts[3] > 23 ||
    parts[4] > 59 ||
    parts[5] > 59
  ) {
    throw new UsageError(`--${option}: "${text}" is not a valid date`);
  }
  return Math.floor(ms / 1000);
}

export function isoSeconds(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toISOString().replace('.000Z', 'Z');
}
