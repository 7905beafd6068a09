import type { CatalogEntry } from '@freezer/schema';
import { AgentError } from '../errors.js';
import type { CatalogState } from './point-catalog.js';

/**
 * The entries --restore-paths names at a point: each pattern is a path or a glob relative to the
 * backed-up root ('*' and '?' stay within one name, '**' crosses directories); a directory brings
 * everything below it. A pattern that could leave the restore root is refused, and so is one that
 * names nothing (a typo must not pass as a restore of less than asked for). In a pattern, U+FFFD
 * matches the bytes of a name that are not UTF-8.
 */
export function selectEntries(state: CatalogState, patterns: string[]): CatalogEntry[] {
  const matchers = patterns.map((pattern) => ({ pattern, test: matcherFor(pattern), hits: 0 }));
  const roots = new Set<string>();
  for (const path of state.keys()) {
    for (const m of matchers) {
      if (m.test(path)) {
        m.hits++;
        roots.add(path);
      }
    }
  }
  const missing = matchers.filter((m) => m.hits === 0).map((m) => `"${m.pattern}"`);
  if (missing.length > 0)
    throw new AgentError(`--restore-paths: nothing in this backup point matches ${missing.join(', ')}`);
  const selected: CatalogEntry[] = [];
  for (const [path, entry] of state) {
    if (roots.has(path) || ancestors(path).some((a) => roots.has(a))) selected.push(entry);
  }
  return selected.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Parent directories of a catalog path, nearest last. */
export function ancestors(path: string): string[] {
  const parts = path.split('/');
  return parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join('/'));
}

function matcherFor(pattern: string): (path: string) => boolean {
  const parts = pattern.split('/').filter((p) => p !== '' && p !== '.');
  if (pattern.startsWith('/') || parts.includes('..') || parts.length === 0) {
    throw new AgentError(
      `--restore-paths "${pattern}": must be a path inside the backup, relative to its root (no '/' start, no '..')`,
    );
  }
  const normalized = parts.join('/');
  if (!/[*?[\uFFFD]/.test(normalized)) return (path) => path === normalized;
  const regex = new RegExp(`^${globToRegex(normalized)}$`, 'u');
  return (path) => regex.test(path);
}

function globToRegex(glob: string): string {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === '*' && glob[i + 1] === '*') {
      // '**/' also matches no directory at all.
      if (glob[i + 2] === '/') {
        out += '(?:.*/)?';
        i += 2;
      } else {
        out += '.*';
        i += 1;
      }
    } else if (c === '*') out += '[^/]*';
    // U+FFFD is how a name that is not UTF-8 reads once decoded (a command line, a job's INI file):
    // it stands for the bytes the catalog keeps escaped.
    else if (c === '\uFFFD') out += '[\\udc80-\\udcff]+';
    else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 1);
      if (close === -1) out += '\\[';
      else {
        const body = glob.slice(i + 1, close).replace(/\\/g, '\\\\');
        out += `[${body.startsWith('!') ? `^${body.slice(1)}` : body}]`;
        i = close;
      }
    } else out += c.replace(/[.+^${}()|\\\]]/g, '\\$&');
  }
  return out;
}
