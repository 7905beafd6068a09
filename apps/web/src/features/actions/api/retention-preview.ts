import type { BackupDoc } from '@freezer/api-client';
import {
  groupChains,
  parseScheduleDate,
  planRetention,
  type RetentionPoint,
  type RetentionPolicy,
} from '@freezer/schema';
import type { ActionForm } from './action-form';

/** A stored backup as the retention planner sees it, with what the preview shows of it. */
export interface PreviewPoint extends RetentionPoint {
  hostname: string;
  backupId: string;
  bytes: number;
}

export interface RetentionPreview {
  /** Per host (the agent plans each `<hostname>_<backup_name>` apart). */
  remove: PreviewPoint[];
  keep: PreviewPoint[];
  bytesFreed: number;
}

/**
 * The points of backup `name` in the API's backup list, as the agent finds them on storage: its chain
 * (engine + level-0 time), level and time. A record that cannot name its chain is left out, and a
 * point recorded twice (a retried upload) counts once.
 */
export function retentionPoints(backups: BackupDoc[], name: string, hostname?: string): PreviewPoint[] {
  const seen = new Map<string, PreviewPoint>();
  for (const b of backups) {
    const m = b.backup_metadata;
    if (m.backup_name !== name || m.hostname === undefined) continue;
    if (hostname && m.hostname !== hostname) continue;
    const level = m.curr_backup_level ?? 0;
    const timestamp = m.time_stamp;
    const levelZeroTs = m.level_zero_timestamp ?? (level === 0 ? timestamp : undefined);
    if (timestamp === undefined || levelZeroTs === undefined) continue;
    const engine = m.engine_name && m.engine_name !== 'tar' ? m.engine_name : undefined;
    const point: PreviewPoint = {
      levelZeroTs,
      level,
      timestamp,
      ...(engine ? { engine } : {}),
      hostname: m.hostname,
      backupId: b.backup_id,
      bytes: m.bytes_stored ?? 0,
    };
    seen.set(`${m.hostname}/${engine ?? 'tar'}/${levelZeroTs}/${level}_${timestamp}`, point);
  }
  return [...seen.values()];
}

/** The agent refuses a date that is not on the calendar (2026-02-30); the preview does too. */
function isCalendarDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const check = new Date(Date.UTC(y, mo - 1, d));
  return check.getUTCMonth() === mo - 1 && check.getUTCDate() === d;
}

const whole = (text: string | undefined): number | undefined => {
  const v = text?.trim();
  return v && /^\d+$/.test(v) ? Number.parseInt(v, 10) : undefined;
};

/**
 * The editor's admin inputs as the agent reads them (`--remove-older-than`, `--remove-from-date`,
 * `--keep-*`), or undefined while they name no policy or a value does not parse. `zone` is the node's:
 * a naive date and the keep rules' days are its local time.
 */
export function retentionPolicy(
  form: ActionForm,
  nowSeconds: number,
  zone: string,
): RetentionPolicy | undefined {
  const t = form.text;
  const policy: RetentionPolicy = { timeZone: zone };
  const days = t.remove_older_than?.trim();
  if (days) {
    if (!Number.isFinite(Number(days))) return undefined;
    policy.cutoff = nowSeconds - Number(days) * 86400;
  }
  const from = t.remove_from_date?.trim();
  if (from) {
    if (!isCalendarDate(from)) return undefined;
    try {
      policy.cutoff = Math.floor(
        parseScheduleDate(/T\d{2}:\d{2}$/.test(from) ? `${from}:00` : from, zone) / 1000,
      );
    } catch {
      return undefined;
    }
  }
  const keep = {
    keepLast: t.keep_last,
    keepDaily: t.keep_daily,
    keepWeekly: t.keep_weekly,
    keepMonthly: t.keep_monthly,
    keepYearly: t.keep_yearly,
  };
  for (const [rule, text] of Object.entries(keep)) {
    if (!text?.trim()) continue;
    const n = whole(text);
    if (n === undefined) return undefined;
    policy[rule as keyof typeof keep] = n;
  }
  const named = Object.keys(policy).length > 1;
  return named ? policy : undefined;
}

/**
 * What the agent's admin would delete of `points`, host by host (each in its node's zone when `zoneOf`
 * knows it), and the bytes that frees.
 */
export function previewRetention(
  points: PreviewPoint[],
  policy: RetentionPolicy,
  zoneOf: (hostname: string) => string | undefined = () => undefined,
): RetentionPreview {
  const out: RetentionPreview = { remove: [], keep: [], bytesFreed: 0 };
  for (const host of new Set(points.map((p) => p.hostname))) {
    const timeZone = zoneOf(host) ?? policy.timeZone;
    const plan = planRetention(groupChains(points.filter((p) => p.hostname === host)), {
      ...policy,
      timeZone,
    });
    out.remove.push(...plan.remove);
    out.keep.push(...plan.keep);
  }
  out.bytesFreed = out.remove.reduce((sum, p) => sum + p.bytes, 0);
  return out;
}
