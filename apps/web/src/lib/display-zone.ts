import { isTimeZone, localTimeZone } from '@freezer/schema';

/** What the operator picked: the browser's zone, UTC, or a named zone (the nodes' zone). */
export type ZoneChoice = 'browser' | 'UTC' | string;

const KEY = 'freezer.displayZone';
const listeners = new Set<() => void>();

function stored(): ZoneChoice {
  try {
    const v = globalThis.localStorage?.getItem(KEY);
    return v && (v === 'browser' || isTimeZone(v)) ? v : 'browser';
  } catch {
    return 'browser';
  }
}

let choice: ZoneChoice = stored();

export function zoneChoice(): ZoneChoice {
  return choice;
}

/** The IANA zone every time on the dashboard is shown in. */
export function displayZone(): string {
  return choice === 'browser' ? localTimeZone() : choice;
}

export function setZoneChoice(next: ZoneChoice): void {
  choice = next === 'browser' || isTimeZone(next) ? next : 'browser';
  try {
    globalThis.localStorage?.setItem(KEY, choice);
  } catch {
    // private mode: the choice lasts for this page only
  }
  for (const l of listeners) l();
}

export function subscribeZone(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
