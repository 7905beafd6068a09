/** An IANA zone name the runtime knows (the scheduler computes slots in it). */
export function isTimeZone(name: string): boolean {
  if (name === '' || name.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

// Stock Freezer reads schedule dates as naive local time of the node. We make the zone explicit: a date
// with Z or ±HH:MM is absolute; a naive one is read in the given IANA zone. The scheduler fires slots
// with these and the dashboard previews them with the same code.

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/;

export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/**
 * The wall-clock fields of instant `epochMs` in `zone` (year, month, day, hour, minute, second as
 * zero-padded text, 24-hour clock), and the zone's short name when `zoneName` is asked for.
 */
export function wallClock(epochMs: number, zone: string, zoneName = false): Record<string, string> {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    ...(zoneName ? { timeZoneName: 'short' } : {}),
  }).formatToParts(new Date(epochMs));
  return Object.fromEntries(parts.map((p) => [p.type, p.value]));
}

/** Offset of `zone` from UTC at instant `epochMs`, in milliseconds (positive east of Greenwich). */
export function zoneOffsetMs(epochMs: number, zone: string): number {
  const w = wallClock(epochMs, zone);
  const get = (t: string): number => Number(w[t] ?? 0);
  const asUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return asUtc - Math.floor(epochMs / 1000) * 1000;
}

/** Parses a schedule date (`YYYY-MM-DDTHH:MM:SS[.frac][Z|±HH:MM]`) to epoch ms; naive dates use `zone`. */
export function parseScheduleDate(text: string, zone: string): number {
  const m = DATE_RE.exec(text.trim());
  if (!m) throw new Error(`bad date "${text}": expected YYYY-MM-DDTHH:MM:SS`);
  const [, y, mo, d, h, mi, s, frac, tz] = m;
  const ms = frac ? Math.round(Number(frac) * 1000) : 0;
  const naiveUtc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
  if (tz) {
    if (tz === 'Z') return naiveUtc;
    const sign = tz.startsWith('-') ? -1 : 1;
    const digits = tz.slice(1).replace(':', '');
    const offset = (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
    return naiveUtc - sign * offset;
  }
  // Two passes settle the offset across a DST change.
  let guess = naiveUtc - zoneOffsetMs(naiveUtc, zone);
  guess = naiveUtc - zoneOffsetMs(guess, zone);
  return guess;
}
