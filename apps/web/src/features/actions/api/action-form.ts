import type { ActionDoc, FreezerAction, JobAction } from '@freezer/api-client';
import { CLOUD_SOURCE_KEYS, DASHBOARD_CHOICES, isCloudMode } from '@freezer/schema';
import {
  describeSource,
  effectiveSource,
  inferSource,
  sourceKeys,
  storesRawImage,
  validateSource,
  type CloudSource,
} from './cloud-source';
import { RETENTION_KEEP_KEYS } from './retention-keys';

// The editor's choices are the agent's own lists (minus the CLI-only ones), so it offers exactly
// what the agent runs: test/agent-contract.test.ts parses every choice with the agent.
export const ACTIONS = DASHBOARD_CHOICES.actions;
export const MODES = DASHBOARD_CHOICES.modes;
export const STORAGES = DASHBOARD_CHOICES.storages;
export const COMPRESSIONS = DASHBOARD_CHOICES.compressions;
/** The agent's --engine (engine_name): tar stores changed files, rsync changed blocks of them. */
export const ENGINES = DASHBOARD_CHOICES.engines;
export const ENCRYPTION_FORMATS = DASHBOARD_CHOICES.encryptionFormats;

/** Text inputs of the editor, keyed by the agent option they become (`freezer_action.<key>`). */
export const TEXT_KEYS = [
  'backup_name',
  'container',
  'path_to_backup',
  'restore_abs_path',
  'restore_from_date',
  'remove_from_date',
  'command',
  'encrypt_pass_file',
  'mysql_conf',
  'postgres_conf',
  ...CLOUD_SOURCE_KEYS,
  'cindernative_vol_id',
  'cindernative_backup_id',
  'exclude',
  'ssh_host',
  'ssh_username',
  'ssh_key',
  'endpoint',
  'access_key',
  'secret_key',
  'log_file',
  'hostname',
  'drill_probe',
  'drill_root',
] as const;
export const INT_KEYS = [
  'ssh_port',
  'max_level',
  'always_level',
  'timeout',
  'upload_limit',
  'download_limit',
  'max_segment_size',
  'fullbackup_rotation',
  ...RETENTION_KEEP_KEYS,
] as const;
export const NUM_KEYS = ['remove_older_than'] as const;
export const BOOL_KEYS = [
  'no_incremental',
  'incremental',
  'overwrite',
  'consistency_check',
  'dry_run',
] as const;

const RETENTION_KEYS = ['remove_older_than', 'remove_from_date'] as const;

type TextKey = (typeof TEXT_KEYS)[number] | (typeof INT_KEYS)[number] | (typeof NUM_KEYS)[number];
type BoolKey = (typeof BOOL_KEYS)[number];

/** One action as the editor holds it: every input is a string so half-typed values survive re-renders. */
export interface ActionForm {
  action: string;
  mode: string;
  storage: string;
  compression: string;
  /** '' = not set: a backup uses tar, a restore finds the newest point of either engine. */
  engine: string;
  /** '' = not set: the agent's default format when a key file is given. */
  encryption: string;
  /** glance, cinder, nova: how the source is named (the inputs of the other ways are hidden). */
  source: CloudSource;
  text: Partial<Record<TextKey, string>>;
  flags: Partial<Record<BoolKey, boolean>>;
  maxRetries: string;
  maxRetriesInterval: string;
  mandatory: boolean;
  /** Keys the editor has no input for; kept so editing never loses them. */
  extra: Record<string, unknown>;
  actionId?: string;
}

export type ActionErrors = Partial<Record<string, string>>;

export function emptyActionForm(): ActionForm {
  return {
    action: 'backup',
    mode: 'fs',
    storage: 'local',
    // The agent's default (its list's first), so a job made here stores what the CLI would.
    compression: COMPRESSIONS[0] ?? '',
    engine: '',
    encryption: '',
    source: 'any',
    text: {},
    flags: {},
    maxRetries: '3',
    maxRetriesInterval: '10',
    mandatory: false,
    extra: {},
  };
}

const KNOWN = new Set<string>([
  'action',
  'mode',
  'storage',
  'compression',
  'engine_name',
  'encryption_format',
  'mandatory',
  ...TEXT_KEYS,
  ...INT_KEYS,
  ...NUM_KEYS,
  ...BOOL_KEYS,
]);

export function fromJobAction(a: JobAction | ActionDoc): ActionForm {
  const fa = a.freezer_action ?? {};
  const form = emptyActionForm();
  form.action = typeof fa.action === 'string' ? fa.action : 'backup';
  form.mode = typeof fa.mode === 'string' ? fa.mode : '';
  form.storage = typeof fa.storage === 'string' ? fa.storage : '';
  form.compression = typeof fa.compression === 'string' ? fa.compression : '';
  form.engine = typeof fa.engine_name === 'string' ? fa.engine_name : '';
  form.encryption = typeof fa.encryption_format === 'string' ? fa.encryption_format : '';
  for (const k of [...TEXT_KEYS, ...INT_KEYS, ...NUM_KEYS]) {
    const v = fa[k];
    if (v !== null && v !== undefined && v !== '') form.text[k] = String(v);
  }
  for (const k of BOOL_KEYS) if (fa[k] === true) form.flags[k] = true;
  form.source = inferSource(form.mode, fa);
  form.maxRetries = a.max_retries === undefined || a.max_retries === null ? '' : String(a.max_retries);
  form.maxRetriesInterval =
    a.max_retries_interval === undefined || a.max_retries_interval === null
      ? ''
      : String(a.max_retries_interval);
  form.mandatory = a.mandatory === true || fa.mandatory === true;
  form.extra = Object.fromEntries(Object.entries(fa).filter(([k, v]) => !KNOWN.has(k) && v !== null));
  if (a.action_id) form.actionId = a.action_id;
  return form;
}

const isInt = (v: string) => /^-?\d+$/.test(v.trim());
const isNum = (v: string) => v.trim() !== '' && Number.isFinite(Number(v));
const DATE_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/;
/** Modes that back up a path (fs, or an application's files); '' is the agent's default, fs. */
const PATH_MODES = new Set(['', 'fs', 'sqlite', 'mongo']);
/** Modes whose restore goes back into their server or cloud, not to a path. */
const SERVER_MODES = new Set(['postgres', 'glance', 'cinder', 'nova', 'cindernative']);
/** Cinder's own backups: Cinder keeps the data, so no storage; the volume id names them in every action. */
const NATIVE = 'cindernative';

/** Which inputs the current action and storage use; the editor shows only these. */
export function visibleKeys(f: ActionForm): Set<string> {
  if (f.mode === NATIVE && ['backup', 'restore', 'admin'].includes(f.action)) return nativeKeys(f.action);
  const keys = new Set<string>(['log_file', 'hostname', 'timeout']);
  const usesStorage = f.action !== 'exec';
  if (usesStorage) {
    keys.add('container');
    if (f.storage === 'ssh') ['ssh_host', 'ssh_username', 'ssh_key', 'ssh_port'].forEach((k) => keys.add(k));
    if (f.storage === 's3') ['endpoint', 'access_key', 'secret_key'].forEach((k) => keys.add(k));
  }
  if (f.action !== 'exec' && f.mode === 'mysql') keys.add('mysql_conf');
  if (f.action !== 'exec' && f.mode === 'postgres') keys.add('postgres_conf');
  sourceKeys(f.mode, f.action, f.source).forEach((k) => keys.add(k));
  // postgres dumps the database named by its conf file, the cloud modes read from the cloud:
  // there is no path to back up.
  if (f.action === 'backup' && !SERVER_MODES.has(f.mode)) keys.add('path_to_backup');
  if (f.action === 'backup') {
    [
      'backup_name',
      'encrypt_pass_file',
      'exclude',
      'max_level',
      'always_level',
      'upload_limit',
      'max_segment_size',
      'no_incremental',
      'consistency_check',
      'dry_run',
    ].forEach((k) => keys.add(k));
  }
  if (f.action === 'restore') {
    [
      'backup_name',
      'restore_abs_path',
      'restore_from_date',
      'encrypt_pass_file',
      'download_limit',
      'overwrite',
      'dry_run',
    ].forEach((k) => keys.add(k));
  }
  if (f.action === 'drill') {
    [
      'backup_name',
      'restore_from_date',
      'encrypt_pass_file',
      'download_limit',
      'drill_probe',
      'drill_root',
    ].forEach((k) => keys.add(k));
  }
  if (f.action === 'admin')
    ['backup_name', 'remove_older_than', 'remove_from_date', ...RETENTION_KEEP_KEYS].forEach((k) =>
      keys.add(k),
    );
  if (f.action === 'exec') keys.add('command');
  return keys;
}

/** The inputs of a cindernative backup, restore or admin action. */
function nativeKeys(action: string): Set<string> {
  const keys = new Set<string>(['log_file', 'hostname', 'timeout', 'cindernative_vol_id', 'dry_run']);
  const more: Record<string, string[]> = {
    backup: ['backup_name', 'incremental'],
    restore: ['cindernative_backup_id', 'restore_from_date'],
    admin: ['remove_older_than', 'remove_from_date', 'fullbackup_rotation'],
  };
  (more[action] ?? []).forEach((k) => keys.add(k));
  return keys;
}

function validateNative(f: ActionForm, t: (k: TextKey) => string, e: ActionErrors): ActionErrors {
  if (f.action === 'backup' && !t('cindernative_vol_id'))
    e.cindernative_vol_id = 'Cinder backups need the id of the volume to back up.';
  if (f.action === 'restore' && !t('cindernative_vol_id') && !t('cindernative_backup_id'))
    e.cindernative_vol_id = 'Name the volume (its newest backup is restored) or the backup id.';
  if (f.action === 'admin') {
    if (!t('cindernative_vol_id')) e.cindernative_vol_id = 'Name the volume whose backups are pruned.';
    const given = ['remove_older_than', 'remove_from_date', 'fullbackup_rotation'] as const;
    if (given.filter((k) => t(k)).length !== 1)
      e.remove_older_than =
        'Give one: older than N days, from a date, or the number of full backups to keep.';
  }
  if (!['backup', 'restore', 'admin'].includes(f.action))
    e.action = 'Cinder backups run backup, restore and admin actions.';
  return e;
}

export function validateAction(f: ActionForm): ActionErrors {
  const e: ActionErrors = {};
  const t = (k: TextKey) => (f.text[k] ?? '').trim();
  if (!f.action) e.action = 'Choose an action.';
  if (f.mode === NATIVE) return checkNumbers(f, t, validateNative(f, t, e));
  if (f.action === 'backup') {
    if (!t('path_to_backup') && PATH_MODES.has(f.mode))
      e.path_to_backup = 'A backup needs the path to back up.';
    if (!t('backup_name')) e.backup_name = 'Give the backup a name.';
    if (f.mode === 'mysql' && !t('mysql_conf'))
      e.mysql_conf = 'The mysql mode needs the INI file with host, user and password.';
    if (f.mode === 'postgres' && !t('postgres_conf'))
      e.postgres_conf = 'The postgres mode needs the INI file with host, user and password.';
    if (f.encryption && !t('encrypt_pass_file'))
      e.encrypt_pass_file = 'An encryption format needs the encryption key file.';
    if (f.encryption === 'openssl' && (f.compression === 'zstd' || !f.compression))
      e.compression = 'The openssl format is the stock one: use gzip, bzip2 or xz with it.';
  }
  // The cloud source (id, name, project) of a backup or a glance/nova restore.
  Object.assign(
    e,
    validateSource(f.mode, f.action, f.source, (k) => t(k as TextKey)),
  );
  if (f.action === 'restore' && !isCloudMode(f.mode)) {
    if (!t('restore_abs_path')) e.restore_abs_path = 'A restore needs the absolute target path.';
    else if (!t('restore_abs_path').startsWith('/'))
      e.restore_abs_path = 'The restore path must be absolute.';
  }
  if (f.action === 'restore' && !t('backup_name')) e.backup_name = 'Name the backup to restore.';
  if (f.action === 'drill' && !t('backup_name')) e.backup_name = 'Name the backup to drill.';
  if (f.action === 'admin' && ![...RETENTION_KEYS, ...RETENTION_KEEP_KEYS].some((k) => t(k)))
    e.remove_older_than = 'Say what to remove: older than N days, from a date, or what to keep.';
  if (f.action === 'exec' && !t('command')) e.command = 'An exec action needs a command.';
  if (
    f.action !== 'exec' &&
    ['local', 'ssh', 's3'].includes(f.storage) &&
    !t('container') &&
    f.action !== 'info'
  )
    e.container = `The ${f.storage} storage needs a container (the folder or bucket path).`;
  if (f.action !== 'exec' && f.storage === 'ssh' && !t('ssh_host'))
    e.ssh_host = 'The ssh storage needs a host.';
  return checkNumbers(f, t, e);
}

/** The number, date and retry inputs every action shares. */
function checkNumbers(f: ActionForm, t: (k: TextKey) => string, e: ActionErrors): ActionErrors {
  for (const k of INT_KEYS) {
    const v = t(k);
    if (v && !isInt(v)) e[k] = 'Must be a whole number.';
  }
  for (const k of NUM_KEYS) {
    const v = t(k);
    if (v && !isNum(v)) e[k] = 'Must be a number.';
  }
  for (const k of ['restore_from_date', 'remove_from_date'] as const) {
    const v = t(k);
    if (v && !DATE_RE.test(v)) e[k] = 'Use the format YYYY-MM-DDTHH:MM:SS.';
  }
  if (f.maxRetries.trim() && !isInt(f.maxRetries)) e.maxRetries = 'Must be a whole number.';
  if (f.maxRetriesInterval.trim() && !isInt(f.maxRetriesInterval))
    e.maxRetriesInterval = 'Must be a whole number.';
  return e;
}

/** The job_actions[] item (or action document) the API stores; hidden and empty inputs are left out. */
export function toJobAction(f: ActionForm): JobAction {
  const visible = visibleKeys(f);
  const fa: Record<string, unknown> = { ...f.extra, action: f.action };
  const native = f.mode === NATIVE;
  if (f.action !== 'exec') {
    if (f.mode) fa.mode = f.mode;
    if (f.storage && !native) fa.storage = f.storage;
  }
  const raw = storesRawImage(f.mode);
  if (f.action === 'backup' && f.compression && !native && !raw) fa.compression = f.compression;
  if (['backup', 'restore', 'drill'].includes(f.action) && f.engine && !native && !raw)
    fa.engine_name = f.engine;
  if (f.action === 'backup' && f.encryption && !native) fa.encryption_format = f.encryption;
  for (const k of TEXT_KEYS) {
    const v = (f.text[k] ?? '').trim();
    if (v && visible.has(k)) fa[k] = /_date$/.test(k) && /T\d{2}:\d{2}$/.test(v) ? `${v}:00` : v;
  }
  for (const k of INT_KEYS) {
    const v = (f.text[k] ?? '').trim();
    if (v && visible.has(k)) fa[k] = Number.parseInt(v, 10);
  }
  for (const k of NUM_KEYS) {
    const v = (f.text[k] ?? '').trim();
    if (v && visible.has(k)) fa[k] = Number(v);
  }
  for (const k of BOOL_KEYS) if (f.flags[k] && visible.has(k)) fa[k] = true;
  // The API validates the document; the editor's strings are the agent's choices.
  const out: JobAction = { freezer_action: fa as FreezerAction, mandatory: f.mandatory };
  if (f.maxRetries.trim()) out.max_retries = Number.parseInt(f.maxRetries, 10);
  if (f.maxRetriesInterval.trim()) out.max_retries_interval = Number.parseInt(f.maxRetriesInterval, 10);
  if (f.actionId) out.action_id = f.actionId;
  return out;
}

export function summarizeAction(fa: FreezerAction | undefined): string {
  if (!fa) return '—';
  const a = String(fa.action ?? '?');
  if (a === 'exec') return `exec: ${String(fa.command ?? '')}`;
  const target = describeSource(fa) ?? fa.path_to_backup ?? fa.restore_abs_path ?? '';
  return [a, fa.mode, fa.storage && `→ ${String(fa.storage)}`, target && String(target)]
    .filter(Boolean)
    .join(' ');
}

/** Where a backup is: the container and the storage's host and credentials (the editor's Storage group). */
export const STORAGE_KEYS = [
  'container',
  'ssh_host',
  'ssh_username',
  'ssh_key',
  'ssh_port',
  'endpoint',
  'access_key',
  'secret_key',
] as const;

/** What names a backup and where it is: copied from a job's backup action into its admin/info/restore. */
const SAME_BACKUP_KEYS = ['backup_name', 'hostname', 'encrypt_pass_file', ...STORAGE_KEYS] as const;

/** Actions that read an existing backup, so the operator names the same one as the job's backup action. */
export const READS_A_BACKUP = new Set(['admin', 'info', 'restore', 'drill']);

/** `target` pointed at the backup `source` writes: its name, storage, container, credentials and mode. */
export function sameBackupAs(target: ActionForm, source: ActionForm): ActionForm {
  const text = { ...target.text };
  for (const k of SAME_BACKUP_KEYS) {
    const v = source.text[k as TextKey];
    if (v) text[k as TextKey] = v;
    else delete text[k as TextKey];
  }
  const same = { ...target, text, storage: source.storage, mode: source.mode, engine: source.engine };
  // A whole-project backup is stored as one backup per source, listed under its project: a restore
  // of it is a restore of that project.
  const project = (source.text.project_id ?? '').trim();
  if (effectiveSource(source.mode, 'backup', source.source) === 'project' && project)
    return { ...same, source: 'project', text: { ...text, project_id: project } };
  return same;
}
