// @vitest-environment node
// The dashboard's retention preview must say exactly what the agent then deletes. For generated
// histories (chains of levels over months, tar and rsync, gaps) and policies (cutoff dates, keep rules),
// the points are laid out on a real local storage as the agent writes them, the preview is computed from
// the backup records the API would list, and the real agent's `--action admin` runs on that storage:
// first with --dry-run (it must print the same plan and delete nothing), then for real.
const previousTz = process.env.TZ;
process.env.TZ = 'Europe/Berlin'; // keep rules count the node's calendar days; DST changes included

import type { BackupDoc } from '@freezer/api-client';
import { runAgent } from '@freezer/engine';
import { localTimeZone } from '@freezer/schema';
import fc from 'fast-check';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { emptyActionForm, type ActionForm } from '../src/features/actions/api/action-form';
import {
  previewRetention,
  retentionPoints,
  retentionPolicy,
} from '../src/features/actions/api/retention-preview';

const HOST = 'node1';
const NAME = 'docs';
const START = Date.UTC(2024, 0, 1) / 1000;
const root = mkdtempSync(join(tmpdir(), 'fz-retention-'));
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  // A reused worker must not run another file in this zone.
  if (previousTz === undefined) delete process.env.TZ;
  else process.env.TZ = previousTz;
});

interface Point {
  engine: 'tar' | 'rsync';
  levelZeroTs: number;
  level: number;
  timestamp: number;
  bytes: number;
}

/** Chains one after another: a level 0, then increments each at most one level above the last. */
const history = fc
  .array(
    fc.record({
      engine: fc.constantFrom('tar' as const, 'rsync' as const),
      steps: fc.array(
        fc.record({
          // Mostly hours apart (several points a day, days that cross midnight), sometimes weeks.
          gap: fc.oneof(
            { arbitrary: fc.integer({ min: 3600, max: 30 * 3600 }), weight: 4 },
            { arbitrary: fc.integer({ min: 2 * 86400, max: 60 * 86400 }), weight: 1 },
          ),
          up: fc.integer({ min: 0, max: 3 }),
          bytes: fc.integer({ min: 1, max: 5000 }),
        }),
        { minLength: 1, maxLength: 8 },
      ),
    }),
    { minLength: 1, maxLength: 5 },
  )
  .map((chains) => {
    const points: Point[] = [];
    let t = START;
    for (const chain of chains) {
      let levelZeroTs = 0;
      let level = 0;
      chain.steps.forEach((step, i) => {
        t += step.gap;
        if (i === 0) levelZeroTs = t;
        level = i === 0 ? 0 : Math.max(1, Math.min(level + 1, step.up + 1));
        points.push({ engine: chain.engine, levelZeroTs, level, timestamp: t, bytes: step.bytes });
      });
    }
    return points;
  });

const count = fc.option(fc.integer({ min: 0, max: 6 }), { nil: undefined });
const policy = fc.record({
  cutoffDay: fc.option(fc.integer({ min: 0, max: 500 }), { nil: undefined }),
  keep_last: count,
  keep_daily: count,
  keep_weekly: count,
  keep_monthly: count,
  keep_yearly: count,
});

const dirOf = (p: Point) => `${p.engine}/${HOST}_${NAME}/${p.levelZeroTs}/${p.level}_${p.timestamp}`;
const keyOf = (p: { engine?: string; levelZeroTs: number; level: number; timestamp: number }) =>
  `${p.engine ?? 'tar'}/${p.levelZeroTs}/${p.level}_${p.timestamp}`;

/** What `--action admin` finds on storage: a metadata object (written last) and the data. */
function layOut(repo: string, points: Point[]): void {
  for (const p of points) {
    mkdirSync(join(repo, 'metadata', dirOf(p)), { recursive: true });
    writeFileSync(join(repo, 'metadata', dirOf(p), 'metadata'), '');
    mkdirSync(join(repo, 'data', dirOf(p)), { recursive: true });
    writeFileSync(join(repo, 'data', dirOf(p), 'data'), Buffer.alloc(p.bytes));
  }
}

/** The points still on storage, as chain keys. */
function stored(repo: string): Set<string> {
  const out = new Set<string>();
  for (const engine of ['tar', 'rsync']) {
    const base = join(repo, 'metadata', engine, `${HOST}_${NAME}`);
    let chains: string[] = [];
    try {
      chains = readdirSync(base);
    } catch {
      continue;
    }
    for (const l0 of chains)
      for (const point of readdirSync(join(base, l0))) out.add(`${engine}/${l0}/${point}`);
  }
  return out;
}

/** The records the API lists for these points (what the scheduler posted after each backup). */
function records(points: Point[]): BackupDoc[] {
  return points.map((p, i) => ({
    project_id: 'p',
    user_id: 'u',
    user_name: 'u',
    backup_id: `b${i}`,
    backup_metadata: {
      backup_name: NAME,
      hostname: HOST,
      curr_backup_level: p.level,
      time_stamp: p.timestamp,
      level_zero_timestamp: p.levelZeroTs,
      engine_name: p.engine,
      bytes_stored: p.bytes,
    },
  }));
}

async function admin(repo: string, args: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const argv = ['--action', 'admin', '--storage', 'local', '--container', repo, '--hostname', HOST];
  const code = await runAgent([...argv, '--backup-name', NAME, ...args], { stdout, stderr, cwd: root });
  return { code, out, err };
}

const naive = (sec: number) => {
  // A naive date, read by both in the node's zone (here Europe/Berlin).
  const d = new Date(sec * 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
};

describe('retention preview = what the agent deletes', () => {
  it('for generated histories and policies, dry run and real run', async () => {
    expect(localTimeZone()).toBe('Europe/Berlin');
    let run = 0;
    await fc.assert(
      fc.asyncProperty(history, policy, async (points, rules) => {
        const form: ActionForm = { ...emptyActionForm(), action: 'admin', text: { backup_name: NAME } };
        const args: string[] = [];
        if (rules.cutoffDay !== undefined) {
          form.text.remove_from_date = naive(START + rules.cutoffDay * 86400);
          args.push('--remove-from-date', form.text.remove_from_date);
        }
        for (const k of ['keep_last', 'keep_daily', 'keep_weekly', 'keep_monthly', 'keep_yearly'] as const) {
          const n = rules[k];
          if (n === undefined) continue;
          form.text[k] = String(n);
          args.push(`--${k.replace('_', '-')}`, String(n));
        }
        const policyOf = retentionPolicy(form, Math.floor(Date.now() / 1000), localTimeZone());
        if (args.length === 0) {
          expect(policyOf).toBeUndefined();
          return;
        }
        expect(policyOf).toBeDefined();
        const preview = previewRetention(retentionPoints(records(points), NAME), policyOf!);

        const repo = join(root, `repo-${run++}`);
        layOut(repo, points);
        const before = stored(repo);
        const dry = await admin(repo, [...args, '--dry-run']);
        expect(dry.err).toBe('');
        expect(dry.code).toBe(0);
        expect(stored(repo)).toEqual(before);
        const planned = dry.out
          .split('\n')
          .filter((l) => l.startsWith('would remove ') && l.includes(' level '));
        expect(planned.length).toBe(preview.remove.length);

        const real = await admin(repo, args);
        expect(real.code).toBe(0);
        const after = stored(repo);
        const deleted = [...before].filter((k) => !after.has(k)).sort();
        expect(deleted).toEqual(preview.remove.map(keyOf).sort());
        const freed = points.filter((p) => !after.has(keyOf(p))).reduce((s, p) => s + p.bytes, 0);
        expect(preview.bytesFreed).toBe(freed);
        rmSync(repo, { recursive: true, force: true });
      }),
      { numRuns: 40, seed: 1612 },
    );
  }, 120_000);
});
