import { readFileSync } from 'node:fs';
import { hostname as osHostname, tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { parseAgentDate } from '../dates.js';
import { UsageError } from '../errors.js';
import { parseIni } from '../ini.js';
import type {
  AgentOptions,
  Compression,
  EncryptionChoice,
  StorageChoice,
  StorageSection,
} from '../agent-options.js';
import { ENGINE_NAMES, type EngineName } from '../repository/layout.js';
import { PROGRESS_FORMATS } from '@freezer/schema';
import { ACTIONS, COMPRESSIONS, findOption, OPTION_TABLE } from './option-table.js';
import { parseArgs, rawFromIni, type RawOptions } from './parse-args.js';
import { parseByteSize } from '../sizes.js';
import { checkModeCombination, parseModeOptions, talksToServer } from '../modes/mode-options.js';

export type ParseResult = { kind: 'help' } | { kind: 'version' } | { kind: 'run'; options: AgentOptions };

// 8 MiB, not the stock agent's 32 MiB: two segments are live at a time (the one being cut, the one the
// storage driver still holds), and at 32 MiB they alone kept the agent above its 128 MB budget. S3 parts
// need >= 5 MiB; the stock agent reads any segment size (it streams the concatenation).
export const DEFAULT_SEGMENT_SIZE = 8 * 1024 * 1024;

/** argv (without node and script) → options. `cwd` is where the agent started: relative paths resolve there. */
export function parseAgentOptions(argv: readonly string[], cwd: string): ParseResult {
  const cli = parseArgs(argv);
  if (cli.help) return { kind: 'help' };
  if (cli.version) return { kind: 'version' };
  const merged: RawOptions = new Map();
  const sections: StorageSection[] = [];
  const configPath = cli.values.get('config');
  if (typeof configPath === 'string') {
    const file = resolve(cwd, configPath);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new UsageError(
        `--config ${configPath}: cannot read it (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
      );
    }
    const ini = parseIni(text, configPath);
    for (const [key, value] of rawFromIni(ini.defaults, configPath)) merged.set(key, value);
    for (const [name, values] of ini.sections) {
      if (!name.startsWith('storage:')) continue;
      sections.push({ name: name.slice('storage:'.length), values: Object.fromEntries(values) });
    }
  }
  for (const [key, value] of cli.values) merged.set(key, value);
  return { kind: 'run', options: resolveOptions(merged, sections, cwd) };
}

function resolveOptions(raw: RawOptions, storageSections: StorageSection[], cwd: string): AgentOptions {
  const str = (name: string): string | undefined => {
    const v = raw.get(name);
    if (v === undefined || typeof v === 'boolean' || Array.isArray(v)) return undefined;
    return v.trim() === '' ? undefined : v;
  };
  const bool = (name: string): boolean => raw.get(name) === true;
  const int = (name: string, min = 0): number | undefined => {
    const v = str(name);
    if (v === undefined) return undefined;
    if (!/^-?\d+$/.test(v.trim()) || Number(v) < min)
      throw new UsageError(`--${name}: expected a whole number >= ${min}, got "${v}"`);
    return Number(v);
  };
  const float = (name: string): number | undefined => {
    const v = str(name);
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0)
      throw new UsageError(`--${name}: expected a number of days >= 0, got "${v}"`);
    return n;
  };
  const choice = <T extends string>(name: string, choices: readonly T[], fallback: T): T => {
    const v = str(name)?.toLowerCase();
    if (v === undefined) return fallback;
    if (!(choices as readonly string[]).includes(v))
      throw new UsageError(`--${name}: "${v}" is not one of ${choices.join(', ')}`);
    return v as T;
  };
  const abs = (p: string | undefined): string | undefined =>
    p === undefined ? undefined : isAbsolute(p) ? p : resolve(cwd, p);

  const action = choice('action', ACTIONS, 'backup');
  const modes = parseModeOptions({ str, bool, int, abs });
  const engineText = str('engine')?.toLowerCase();
  if (engineText !== undefined && !(ENGINE_NAMES as readonly string[]).includes(engineText))
    throw new UsageError(`--engine ${engineText} is not supported; use ${ENGINE_NAMES.join(' or ')}`);
  const engine = engineText as EngineName | undefined;

  const [compressionName, inlineLevel] = (str('compression') ?? 'zstd').toLowerCase().split(':');
  if (!(COMPRESSIONS as readonly string[]).includes(compressionName ?? '')) {
    throw new UsageError(`--compression: "${compressionName}" is not one of ${COMPRESSIONS.join(', ')}`);
  }
  const compression = compressionName as Compression;
  let compressionLevel = int('compression-level', 0);
  if (inlineLevel !== undefined) {
    if (!/^\d+$/.test(inlineLevel))
      throw new UsageError(`--compression: level "${inlineLevel}" is not a number`);
    compressionLevel = Number(inlineLevel);
  }
  if (compressionLevel !== undefined) checkLevel(compression, compressionLevel);

  const encryptPassFile = abs(str('encrypt-pass-file'));
  const formatGiven = str('encryption-format');
  const encryption: EncryptionChoice = encryptPassFile
    ? choice('encryption-format', ['aes-256-gcm', 'openssl'] as const, 'aes-256-gcm')
    : 'none';
  if (formatGiven && !encryptPassFile) throw new UsageError('--encryption-format needs --encrypt-pass-file');
  if (encryption === 'openssl' && compression === 'zstd') {
    throw new UsageError(
      '--encryption-format openssl is the stock format: use it with --compression gzip, bzip2 or xz',
    );
  }

  // Like the stock agent: [storage:NAME] sections are the storages, whatever `storage` says.
  const storageNamed = choice('storage', ['local', 'ssh', 's3', 'swift', 'multiple'] as const, 'local');
  const storage: StorageChoice = storageSections.length > 0 ? 'multiple' : storageNamed;
  const replacedStorage =
    storageSections.length > 0 && str('storage') !== undefined && storageNamed !== 'multiple'
      ? { storage: storageNamed, container: str('container') }
      : undefined;

  const metadataOutRaw = str('metadata-out');
  const segmentText = str('max-segment-size');
  const options: AgentOptions = {
    action,
    pathToBackup: abs(str('path-to-backup')),
    backupName: str('backup-name'),
    container: str('container') ?? 'freezer_backups',
    storage,
    hostname: str('hostname') ?? osHostname(),
    hostnameGiven: str('hostname') !== undefined,
    maxLevel: int('max-level', 0),
    alwaysLevel: int('always-level', 0),
    restartAlwaysLevelDays: float('restart-always-level'),
    noIncremental: bool('no-incremental'),
    restoreAbsPath: abs(str('restore-abs-path')),
    restoreFromDate: str('restore-from-date')
      ? parseAgentDate('restore-from-date', str('restore-from-date') as string)
      : undefined,
    overwrite: bool('overwrite'),
    restorePaths: ((raw.get('restore-paths') as string[] | undefined) ?? [])
      .flatMap((v) => v.split(','))
      .map((v) => v.trim())
      .filter((v) => v !== ''),
    drill: {
      root: abs(str('drill-root')) ?? join(tmpdir(), 'freezer-drills'),
      probe: str('drill-probe'),
      probeTimeoutS: int('drill-probe-timeout', 1) ?? 600,
      sample: choice('drill-sample', ['newest', 'random'] as const, 'newest'),
    },
    catalogOut: abs(str('catalog-out')),
    noCatalogUpload: bool('no-catalog-upload'),
    removeOlderThanDays: float('remove-older-than'),
    removeFromDate: str('remove-from-date')
      ? parseAgentDate('remove-from-date', str('remove-from-date') as string)
      : undefined,
    keepLast: int('keep-last', 0),
    keepDaily: int('keep-daily', 0),
    keepWeekly: int('keep-weekly', 0),
    keepMonthly: int('keep-monthly', 0),
    keepYearly: int('keep-yearly', 0),
    compression,
    compressionLevel,
    encryptPassFile,
    encryption,
    exclude: (raw.get('exclude') as string[] | undefined) ?? [],
    dereference: choice('dereference-symlink', ['none', 'soft', 'hard', 'all'] as const, 'none'),
    maxSegmentSize: segmentText ? parseByteSize('max-segment-size', segmentText) : DEFAULT_SEGMENT_SIZE,
    dryRun: bool('dry-run'),
    metadataOut: metadataOutRaw === '-' ? '-' : abs(metadataOutRaw),
    maxPriority: bool('max-priority'),
    uploadLimit: str('upload-limit')
      ? parseByteSize('upload-limit', str('upload-limit') as string)
      : undefined,
    downloadLimit: str('download-limit')
      ? parseByteSize('download-limit', str('download-limit') as string)
      : undefined,
    command: str('command'),
    logFile: abs(str('log-file')),
    format: choice('format', ['table', 'json'] as const, 'table'),
    debug: bool('debug'),
    verbose: bool('verbose'),
    quiet: bool('quiet'),
    progress: choice('progress', PROGRESS_FORMATS, 'auto'),
    progressFile: abs(str('progress-file')),
    ssh: {
      host: str('ssh-host'),
      port: int('ssh-port', 1),
      username: str('ssh-username'),
      key: abs(str('ssh-key')),
      knownHosts: abs(str('ssh-known-hosts')),
      acceptUnknownHostKey: bool('ssh-accept-unknown-host-key'),
    },
    s3: {
      endpoint: str('endpoint'),
      accessKey: str('access-key'),
      secretKey: str('secret-key'),
      region: str('region'),
    },
    storageSections,
    replacedStorage,
    modes,
    engine,
    ignored: [...raw.keys()].filter((k) => findOption(k)?.ignored),
  };
  if (options.storage === 'local') options.container = abs(options.container) as string;
  checkCombination(options);
  return options;
}

function checkLevel(compression: Compression, level: number): void {
  const range: Record<Compression, [number, number]> = {
    zstd: [1, 19],
    gzip: [1, 9],
    bzip2: [1, 9],
    xz: [0, 9],
    none: [0, 0],
  };
  const [min, max] = range[compression];
  if (level < min || level > max)
    throw new UsageError(`--compression-level ${level} is out of range for ${compression} (${min}-${max})`);
}

/** Contradictory or missing options are usage errors (exit 2), before anything runs. */
function checkCombination(o: AgentOptions): void {
  const need = (value: unknown, option: string): void => {
    if (value === undefined) throw new UsageError(`--action ${o.action} needs --${option}`);
  };
  if (o.maxLevel !== undefined && o.alwaysLevel !== undefined) {
    throw new UsageError('--max-level and --always-level contradict each other; give one');
  }
  if (o.noIncremental && (o.maxLevel !== undefined || o.alwaysLevel !== undefined)) {
    throw new UsageError('--no-incremental contradicts --max-level/--always-level');
  }
  if (o.restartAlwaysLevelDays !== undefined && o.alwaysLevel === undefined) {
    throw new UsageError('--restart-always-level only works together with --always-level');
  }
  if (o.removeOlderThanDays !== undefined && o.removeFromDate !== undefined) {
    throw new UsageError('--remove-older-than and --remove-from-date contradict each other; give one');
  }
  if (o.modes.mode === 'cindernative') {
    checkCinderNativeRetention(o);
    checkModeCombination(o.modes, o.action, o.pathToBackup !== undefined);
    return;
  }
  if (o.action === 'backup') {
    if (!talksToServer(o.modes)) need(o.pathToBackup, 'path-to-backup');
    need(o.backupName, 'backup-name');
  }
  if (o.action === 'restore') {
    if (!talksToServer(o.modes)) need(o.restoreAbsPath, 'restore-abs-path');
    need(o.backupName, 'backup-name');
  }
  if (o.action === 'drill') need(o.backupName, 'backup-name');
  if (o.action === 'admin') {
    need(o.backupName, 'backup-name');
    const policies = [
      o.removeOlderThanDays,
      o.removeFromDate,
      o.keepLast,
      o.keepDaily,
      o.keepWeekly,
      o.keepMonthly,
      o.keepYearly,
    ];
    if (policies.every((p) => p === undefined)) {
      throw new UsageError(
        '--action admin needs --remove-older-than, --remove-from-date or a --keep-* option',
      );
    }
  }
  if (o.action === 'exec') need(o.command, 'command');
  checkModeCombination(o.modes, o.action, o.pathToBackup !== undefined);
  if (o.storage === 'ssh' && !o.ssh.host) throw new UsageError('--storage ssh needs --ssh-host');
  if (/[/\\]/.test(o.hostname) || /[/\\]/.test(o.backupName ?? '')) {
    throw new UsageError('--hostname and --backup-name must not contain "/"');
  }
}

/** Cinder keeps a cindernative volume's backups: pruned by age or by a count of full backups only. */
function checkCinderNativeRetention(o: AgentOptions): void {
  const keep = [o.keepLast, o.keepDaily, o.keepWeekly, o.keepMonthly, o.keepYearly];
  if (keep.some((k) => k !== undefined))
    throw new UsageError(
      '--mode cindernative prunes with --remove-older-than, --remove-from-date or --fullbackup-rotation, not --keep-*',
    );
  const policies = [o.removeOlderThanDays, o.removeFromDate, o.modes.fullbackupRotation];
  const given = policies.filter((p) => p !== undefined).length;
  if (o.action === 'admin' && given !== 1)
    throw new UsageError(
      '--mode cindernative admin needs one of --remove-older-than, --remove-from-date, --fullbackup-rotation',
    );
}

export function helpText(): string {
  const lines = ['usage: freezer-agent [--action ACTION] [options]', '', 'options:'];
  lines.push(
    '  -h, --help                 show this help and exit',
    '  --version                  print the version and exit',
  );
  for (const spec of OPTION_TABLE) {
    if (spec.ignored) continue;
    const flag = `${spec.short ? `-${spec.short}, ` : ''}--${spec.name}${spec.kind === 'bool' ? '' : ' VALUE'}`;
    lines.push(`  ${flag.padEnd(27)}${spec.help}`);
  }
  lines.push(
    '',
    'Stock options for OpenStack, LVM, databases and oslo.log are accepted and ignored; see docs/agent.md.',
  );
  return lines.join('\n');
}
