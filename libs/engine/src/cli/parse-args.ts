import { UsageError } from '../errors.js';
import type { OptionSpec } from '../option-spec.js';
import { findOption, findShortOption } from './option-table.js';

/** Option values as given (strings, booleans, lists), keyed by the option's canonical name. */
export type RawOptions = Map<string, string | boolean | string[]>;

const TRUE_WORDS = new Set(['true', 'yes', 'on', '1']);
const FALSE_WORDS = new Set(['false', 'no', 'off', '0']);

export function parseBoolWord(option: string, text: string): boolean {
  const word = text.trim().toLowerCase();
  if (TRUE_WORDS.has(word) || word === '') return true;
  if (FALSE_WORDS.has(word)) return false;
  throw new UsageError(`--${option}: expected true or false, got "${text}"`);
}

function isBoolWord(text: string | undefined): text is string {
  if (text === undefined) return false;
  const word = text.toLowerCase();
  return TRUE_WORDS.has(word) || FALSE_WORDS.has(word);
}

export interface ParsedArgs {
  values: RawOptions;
  help: boolean;
  version: boolean;
}

/**
 * Parses argv like the stock agent (oslo.config): `--name value`, `--name=value`, short `-F value`,
 * boolean flags with an optional true/false word (`--no-incremental true`), `--noNAME` inverses.
 */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const values: RawOptions = new Map();
  let help = false;
  let version = false;
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] as string;
    if (token === '-h' || token === '--help') {
      help = true;
      continue;
    }
    if (token === '--version') {
      version = true;
      continue;
    }
    let spec: OptionSpec | undefined;
    let inlineValue: string | undefined;
    let inverse = false;
    if (token.startsWith('--')) {
      const eq = token.indexOf('=');
      const name = eq >= 0 ? token.slice(2, eq) : token.slice(2);
      if (eq >= 0) inlineValue = token.slice(eq + 1);
      spec = findOption(name);
      if (!spec && name.startsWith('no')) {
        const positive = findOption(name.slice(2));
        if (positive?.kind === 'bool') {
          spec = positive;
          inverse = true;
        }
      }
      if (!spec) throw new UsageError(`unknown option --${name} (see --help)`);
    } else if (/^-[A-Za-z]$/.test(token)) {
      spec = findShortOption(token.slice(1));
      if (!spec) throw new UsageError(`unknown option ${token} (see --help)`);
    } else {
      throw new UsageError(
        `unexpected argument "${token}" (options start with --; quote values with spaces)`,
      );
    }

    if (spec.kind === 'bool') {
      let flag = true;
      if (inlineValue !== undefined) flag = parseBoolWord(spec.name, inlineValue);
      else if (isBoolWord(argv[i + 1])) flag = parseBoolWord(spec.name, argv[++i] as string);
      values.set(spec.name, inverse ? !flag : flag);
      continue;
    }
    if (inverse) throw new UsageError(`unknown option ${token} (see --help)`);
    const value = inlineValue ?? argv[++i];
    if (value === undefined) throw new UsageError(`--${spec.name} needs a value`);
    if (spec.kind === 'list') {
      const list = values.get(spec.name);
      values.set(spec.name, [...(Array.isArray(list) ? list : []), value]);
    } else {
      values.set(spec.name, value);
    }
  }
  return { values, help, version };
}

/** INI values → the same shape as argv values (booleans parsed, lists split on commas or repeated lines). */
export function rawFromIni(entries: Map<string, string>, source: string): RawOptions {
  const values: RawOptions = new Map();
  for (const [key, value] of entries) {
    const spec = findOption(key);
    if (!spec) throw new UsageError(`${source}: unknown option "${key}"`);
    if (spec.kind === 'bool') values.set(spec.name, parseBoolWord(spec.name, value));
    else if (spec.kind === 'list')
      values.set(
        spec.name,
        value
          .split(',')
          .map((v) => v.trim())
          .filter(Boolean),
      );
    else values.set(spec.name, value);
  }
  return values;
}
