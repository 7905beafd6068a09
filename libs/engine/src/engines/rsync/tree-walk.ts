import { lstatSync, readdirSync, statSync, type BigIntStats } from 'node:fs';
import picomatch from 'picomatch';
import type { Logger } from '../../logger.js';
import type { Dereference } from '../../agent-options.js';
import { childOf, under } from './safe-path.js';

export interface WalkItem {
  /** Relative to the walk's root ('' for the root itself). */
  rel: Buffer;
  abs: Buffer;
  stat: BigIntStats;
}

export interface WalkOptions {
  exclude: string[];
  dereference: Dereference;
  log: Logger;
  onWarning: () => void;
}

/**
 * Depth first, names in byte order (the manifest's order), a directory before its contents. Like the
 * tar engine: stays on the root's file system, skips what vanishes or cannot be read with a warning,
 * and applies --exclude patterns to the relative path and to every trailing part of it.
 *
 * The directory reads and stats are synchronous, as in GNU tar: a promise `lstat` costs ~45 µs of CPU
 * (a thread-pool round trip, queued behind the compression tasks) against ~3 µs for the call itself,
 * which was 0.4 CPU s of a 6,000-file level 0.
 */
export async function* walkTree(
  root: string,
  names: Buffer[] | undefined,
  o: WalkOptions,
): AsyncGenerator<WalkItem> {
  const excluded = exclusionTest(o.exclude);
  const follow = o.dereference === 'soft' || o.dereference === 'all';
  const look = (p: Buffer): BigIntStats =>
    follow ? statSync(p, { bigint: true }) : lstatSync(p, { bigint: true });
  const rootStat = statSync(root, { bigint: true });
  const warn = (what: Buffer, err: unknown): void => {
    o.onWarning();
    o.log.warn(`${what.toString()}: ${(err as NodeJS.ErrnoException).code ?? String(err)}; skipped`);
  };

  async function* visit(rel: Buffer, st: BigIntStats): AsyncGenerator<WalkItem> {
    const abs = under(root, rel);
    yield { rel, abs, stat: st };
    if (!st.isDirectory() || st.dev !== rootStat.dev) return;
    let children: Buffer[];
    try {
      children = readdirSync(abs, { encoding: 'buffer' }).sort(Buffer.compare);
    } catch (err) {
      warn(abs, err);
      return;
    }
    for (const name of children) {
      const childRel = childOf(rel, name);
      if (excluded(childRel)) continue;
      let childStat: BigIntStats | undefined;
      try {
        childStat = look(under(root, childRel));
      } catch (err) {
        warn(childRel, err);
      }
      if (childStat) yield* visit(childRel, childStat);
    }
  }

  if (names === undefined) {
    yield* visit(Buffer.alloc(0), rootStat);
    return;
  }
  // A single file: the root is its directory, the one name is the backup.
  for (const name of names) yield* visit(name, look(under(root, name)));
}

function exclusionTest(patterns: string[]): (rel: Buffer) => boolean {
  if (patterns.length === 0) return () => false;
  const matchers = patterns.map((p) => picomatch(p, { dot: true }));
  return (rel) => {
    const text = rel.toString();
    const parts = text.split('/');
    for (let i = 0; i < parts.length; i++) {
      const tail = parts.slice(i).join('/');
      if (matchers.some((m) => m(tail))) return true;
    }
    return false;
  };
}
