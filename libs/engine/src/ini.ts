import { UsageError } from './errors.js';

export interface IniFile {
  /**
   * Keys of the [default] and [action] sections (also keys before any section), as written. The stock
   * freezer-scheduler writes a job action's options under [action]; the stock agent merges them like
   * [default], in file order.
   */
  defaults: Map<string, string>;
  /** Other sections, e.g. `storage:backup2` → its keys. */
  sections: Map<string, Map<string, string>>;
}

const DEFAULT_SECTIONS = new Set(['default', 'action']);

/** A small INI reader as oslo.config/configparser accept it: `key = value` or `key: value`, # and ; comments. */
export function parseIni(text: string, source: string): IniFile {
  const defaults = new Map<string, string>();
  const sections = new Map<string, Map<string, string>>();
  let current = defaults;
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) return;
    const section = /^\[(.+)\]$/.exec(line);
    if (section) {
      const name = (section[1] ?? '').trim();
      if (DEFAULT_SECTIONS.has(name.toLowerCase())) {
        current = defaults;
      } else {
        current = sections.get(name) ?? new Map<string, string>();
        sections.set(name, current);
      }
      return;
    }
    const pair = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(line);
    if (!pair) throw new UsageError(`${source}:${index + 1}: expected "key = value", got "${line}"`);
    current.set((pair[1] ?? '').trim(), unquote((pair[2] ?? '').trim()));
  });
  return { defaults, sections };
}

function unquote(value: string): string {
  const quoted = /^(["'])(.*)\1$/.exec(value);
  return quoted ? (quoted[2] ?? '') : value;
}
