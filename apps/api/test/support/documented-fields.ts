// The fields the user documentation shows for each document, read from the docs themselves, so a
// field documented later is covered by the contract tests without anyone listing it again.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const DOCS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'docs');

function doc(name: string): string {
  return readFileSync(join(DOCS, name), 'utf8');
}

const unique = (xs: Iterable<string>): string[] => [...new Set(xs)].sort();

function backticked(text: string): string[] {
  return [...text.matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? '');
}

export interface DocumentedFields {
  /** `job_schedule` keys (also a session's `schedule`). */
  schedule: string[];
  /** `freezer_action` keys: every agent option of docs/agent.md, `-` written `_` as the INI takes them. */
  freezerAction: string[];
  /** Client registration keys. */
  clientRegistration: string[];
  /** Keys the API adds to `client` in its replies. */
  clientReply: string[];
  /** Backup metadata keys of our extension. */
  backupMetadata: string[];
}

export function documentedFields(): DocumentedFields {
  const api = doc('api.md');
  const scheduler = doc('scheduler.md');
  const agent = doc('agent.md');
  const all = [api, scheduler, agent].join('\n');

  const schedule = unique([
    ...[...all.matchAll(/\bschedule_[a-z_]+/g)].map((m) => m[0]),
    ...[...all.matchAll(/`job_schedule\.([a-z_]+)`/g)].map((m) => m[1] ?? ''),
  ]);

  const optionRows = agent.split('\n').filter((l) => l.startsWith('| `--'));
  const freezerAction = unique(
    optionRows.flatMap((row) => {
      const first = row.split('|')[1] ?? '';
      const long = [...first.matchAll(/`--([a-z][a-z-]*)`/g)].map((m) => (m[1] ?? '').replaceAll('-', '_'));
      const ini = [...first.matchAll(/INI `([a-z_]+)`/g)].map((m) => m[1] ?? '');
      return [...long, ...ini];
    }),
  ).filter((k) => !['help', 'version', 'config'].includes(k));

  const registration = /\*\*Client registration fields\*\*:([^;]+);/.exec(api)?.[1] ?? '';
  const clientRegistration = unique(backticked(registration));
  const clientReply = unique([...api.matchAll(/`client\.([a-z_]+)`/g)].map((m) => m[1] ?? ''));

  const extension = /stock ones plus `([^`]+)`/.exec(api)?.[1] ?? '';
  const backupMetadata = unique(extension.split(/,\s*/).map((k) => k.trim()));

  return { schedule, freezerAction, clientRegistration, clientReply, backupMetadata };
}
