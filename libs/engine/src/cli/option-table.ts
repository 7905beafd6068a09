// Every option the agent knows, named as the stock freezer-agent names them (the INI keys are the
// same names with '_' or '-'). `kind` drives parsing; `ignored` options are accepted so existing
// stock job documents keep working, and are reported in the log.

import {
  ACTIONS,
  AGENT_ENGINES,
  AGENT_STORAGES,
  COMPRESSIONS,
  ENCRYPTION_FORMATS,
  PROGRESS_FORMATS,
} from '@freezer/schema';
import { MODE_OPTION_SPECS } from '../modes/mode-options.js';
import type { OptionSpec } from '../option-spec.js';

export { ACTIONS, COMPRESSIONS, ENCRYPTION_FORMATS };
export const STORAGES = AGENT_STORAGES;

export const OPTION_TABLE: readonly OptionSpec[] = [
  {
    name: 'action',
    kind: 'string',
    choices: ACTIONS,
    help: 'backup | restore | info | admin | exec | drill (default backup)',
  },
  ...MODE_OPTION_SPECS,
  {
    name: 'engine',
    // The API's and the stock scheduler's key for it is engine_name.
    aliases: ['engine-name'],
    kind: 'string',
    choices: AGENT_ENGINES,
    help: 'tar (whole changed files, default) or rsync (changed blocks of large files); see docs/agent.md',
  },
  { name: 'path-to-backup', short: 'F', kind: 'string', help: 'file or directory to back up' },
  { name: 'backup-name', short: 'N', kind: 'string', help: 'name identifying the backup' },
  {
    name: 'container',
    short: 'C',
    kind: 'string',
    help: 'storage root: a directory for local storage (default freezer_backups)',
  },
  {
    name: 'storage',
    kind: 'string',
    choices: STORAGES,
    help: 'local | ssh | s3 | swift | multiple (default local)',
  },
  {
    name: 'hostname',
    aliases: ['restore-from-host'],
    kind: 'string',
    help: 'host part of the backup identity (default this host)',
  },
  { name: 'max-level', kind: 'int', help: 'start a new level-0 chain once this level is reached' },
  {
    name: 'always-level',
    kind: 'int',
    help: 'go up to this level, then repeat it (differential against level-1)',
  },
  {
    name: 'restart-always-level',
    kind: 'float',
    help: 'with --always-level: new level-0 chain after this many days',
  },
  { name: 'no-incremental', kind: 'bool', help: 'always level 0, no snapshot file kept' },
  { name: 'restore-abs-path', kind: 'string', help: 'directory to restore into' },
  {
    name: 'restore-from-date',
    kind: 'string',
    help: 'restore the newest state at or before YYYY-MM-DDThh:mm:ss',
  },
  { name: 'overwrite', kind: 'bool', help: 'allow restoring into a non-empty directory, replacing files' },
  {
    name: 'restore-paths',
    kind: 'list',
    help: 'restore only these paths or globs (relative to the backed-up root; repeatable, comma-separated)',
  },
  {
    name: 'drill-root',
    kind: 'string',
    help: 'drill: directory the throw-away sandboxes are made in (default $TMPDIR/freezer-drills)',
  },
  {
    name: 'drill-probe',
    kind: 'string',
    help: 'drill: shell command run against the restored sandbox (its path in $FREEZER_DRILL_SANDBOX)',
  },
  { name: 'drill-probe-timeout', kind: 'int', help: 'drill: seconds the probe may run (default 600)' },
  {
    name: 'drill-sample',
    kind: 'string',
    choices: ['newest', 'random'],
    help: 'drill without --restore-from-date: the newest point (default) or a random one',
  },
  {
    name: 'catalog-out',
    kind: 'string',
    help: "backup: write the point's file catalog (NDJSON) to FILE for the scheduler to upload",
  },
  {
    name: 'no-catalog-upload',
    kind: 'bool',
    help: 'backup: keep file names off the API (nothing is written to --catalog-out)',
  },
  {
    name: 'remove-older-than',
    short: 'R',
    kind: 'float',
    help: 'admin: remove restore points older than DAYS',
  },
  {
    name: 'remove-from-date',
    kind: 'string',
    help: 'admin: remove restore points older than YYYY-MM-DDThh:mm:ss',
  },
  { name: 'keep-last', kind: 'int', help: 'admin: keep the N newest restore points' },
  {
    name: 'keep-daily',
    kind: 'int',
    help: 'admin: keep the newest restore point of each of the last N days',
  },
  {
    name: 'keep-weekly',
    kind: 'int',
    help: 'admin: keep the newest restore point of each of the last N weeks',
  },
  {
    name: 'keep-monthly',
    kind: 'int',
    help: 'admin: keep the newest restore point of each of the last N months',
  },
  {
    name: 'keep-yearly',
    kind: 'int',
    help: 'admin: keep the newest restore point of each of the last N years',
  },
  {
    name: 'compression',
    kind: 'string',
    help: 'zstd | gzip | bzip2 | xz | none, optionally NAME:LEVEL (default zstd)',
  },
  { name: 'compression-level', kind: 'int', help: 'compression level (zstd 1-19, gzip/bzip2 1-9, xz 0-9)' },
  { name: 'encrypt-pass-file', kind: 'string', help: 'file whose first line is the encryption passphrase' },
  {
    name: 'encryption-format',
    kind: 'string',
    choices: ENCRYPTION_FORMATS,
    help: 'aes-256-gcm (default) | openssl (stock format)',
  },
  { name: 'exclude', kind: 'list', help: 'glob of names to leave out (repeatable)' },
  {
    name: 'dereference-symlink',
    kind: 'string',
    choices: ['none', 'soft', 'hard', 'all'],
    help: 'follow soft, hard or all links',
  },
  {
    name: 'max-segment-size',
    short: 'M',
    kind: 'string',
    help: 'segment size in bytes (K/M/G suffixes; default 8M)',
  },
  { name: 'dry-run', kind: 'bool', help: 'do everything except writing or removing' },
  {
    name: 'metadata-out',
    kind: 'string',
    help: "write the run's metrics as JSON to FILE, or '-' for stdout",
  },
  { name: 'max-priority', kind: 'bool', help: 'run tar and the codec at the highest CPU and I/O priority' },
  { name: 'upload-limit', kind: 'string', help: 'upload bandwidth limit in bytes/s (10K, 120M, 10G)' },
  { name: 'download-limit', kind: 'string', help: 'download bandwidth limit in bytes/s (10K, 120M, 10G)' },
  { name: 'command', kind: 'string', help: 'exec: shell command to run (via /bin/sh -c)' },
  { name: 'log-file', aliases: ['logfile'], kind: 'string', help: 'append the log to this file' },
  {
    name: 'config',
    kind: 'string',
    help: 'INI file; its [default] section gives option values, the command line wins',
  },
  { name: 'format', kind: 'string', choices: ['table', 'json'], help: 'info: table (default) or json' },
  { name: 'debug', short: 'd', kind: 'bool', help: 'debug log and stack traces on errors' },
  { name: 'ssh-host', kind: 'string', help: 'ssh storage: host' },
  { name: 'ssh-port', kind: 'int', help: 'ssh storage: port (default 22)' },
  { name: 'ssh-username', kind: 'string', help: 'ssh storage: user' },
  { name: 'ssh-key', kind: 'string', help: 'ssh storage: private key file' },
  {
    name: 'ssh-known-hosts',
    kind: 'string',
    help: 'ssh storage: known_hosts file the host key is checked against (default ~/.ssh/known_hosts)',
  },
  {
    name: 'ssh-accept-unknown-host-key',
    kind: 'bool',
    help: 'ssh storage: trust any host key (the stock agent did; off by default)',
  },
  { name: 'endpoint', kind: 'string', help: 's3 storage: endpoint URL' },
  { name: 'access-key', kind: 'string', help: 's3 storage: access key' },
  { name: 'secret-key', kind: 'string', help: 's3 storage: secret key' },
  { name: 'region', kind: 'string', help: 's3 storage: region' },
  { name: 'verbose', short: 'v', kind: 'bool', help: 'more log output' },
  { name: 'quiet', short: 'q', kind: 'bool', help: 'no progress and no informational output' },
  {
    name: 'progress',
    kind: 'string',
    choices: [...PROGRESS_FORMATS],
    help: 'progress: auto (a bar when stderr is a TTY, default), json (one JSON line about every second), none',
  },
  {
    name: 'progress-file',
    kind: 'string',
    help: 'with --progress json: write the lines to this file, FIFO or /dev/fd/N instead of stderr',
  },
  // Accepted for stock compatibility, without effect (OpenStack, SQL Server, lvm-auto-snap, oslo.log options).
  ...[
    'sql-server-conf',
    'lvm-auto-snap',
    'proxy',
    'os-identity-api-version',
    'log-config-append',
    'log-date-format',
    'log-dir',
    'log-format',
    'syslog-log-facility',
    'config-dir',
    'config-file',
    'container-segments',
    'consistency-checksum',
    'rsync-block-size',
  ].map((name): OptionSpec => ({
    name,
    kind: 'string',
    ignored: true,
    help: 'stock option, accepted and ignored',
  })),
  ...['insecure', 'use-syslog', 'use-syslog-rfc-format', 'watch-log-file', 'consistency-check'].map(
    (name): OptionSpec => ({ name, kind: 'bool', ignored: true, help: 'stock option, accepted and ignored' }),
  ),
];

const BY_NAME = new Map<string, OptionSpec>();
for (const spec of OPTION_TABLE) {
  BY_NAME.set(spec.name, spec);
  for (const alias of spec.aliases ?? []) BY_NAME.set(alias, spec);
}
const BY_SHORT = new Map(OPTION_TABLE.filter((s) => s.short).map((s) => [s.short as string, s]));

/** Option names are spelt with '-' on the command line and '_' or '-' in INI files. */
export function findOption(name: string): OptionSpec | undefined {
  return BY_NAME.get(name.replace(/_/g, '-'));
}

export function findShortOption(letter: string): OptionSpec | undefined {
  return BY_SHORT.get(letter);
}
