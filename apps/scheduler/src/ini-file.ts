import { readFileSync } from 'node:fs';

/** Minimal INI reader for the scheduler config file: `[DEFAULT]` (and any section) `key = value`. */
export function readIni(path: string): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  let section = 'DEFAULT';
  for (const raw of readFileSync(path, 'utf8').split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const sec = /^\[(.+)\]$/.exec(line);
    if (sec) {
      section = sec[1] ?? 'DEFAULT';
      continue;
    }
    const eq = line.search(/[=:]/);
    if (eq < 0) continue;
    (out[section] ??= {})[line.slice(0, eq).trim().replace(/-/g, '_')] = line.slice(eq + 1).trim();
  }
  return out;
}
