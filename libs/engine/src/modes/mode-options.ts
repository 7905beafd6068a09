import { AGENT_MODES, isCloudMode } from '@freezer/schema';
import { UsageError } from '../errors.js';
import type { OptionSpec } from '../option-spec.js';
import { MODE_NAMES, type ModeName } from './mode-names.js';

export interface LvmOptions {
  srcvol?: string;
  volgroup?: string;
  snapname?: string;
  /** As lvcreate takes it: 500M, 8G, or extents like 80%FREE. */
  snapsize: string;
  dirmount?: string;
  perm: 'ro' | 'rw';
}

/** Options of the application-consistent modes, snapshots and hooks (issue 8). */
export interface ModeOptions {
  mode: ModeName;
  mysqlConf?: string;
  postgresConf?: string;
  /** host:port of mongod for the primary check (stock: hard-coded <hostname>:27017). */
  mongoHost: string;
  /** glance: the image to back up (the stock option). */
  glanceImageId?: string;
  /** glance: the one image of the project with this exact name (stock --glance-image-name). */
  glanceImageName?: string;
  /** glance: every image of the project whose name does NOT contain this (stock --glance-image-name-filter). */
  glanceImageNameFilter?: string;
  /** cinder: the volume to back up (the stock option). */
  cinderVolId?: string;
  /** cinder: the one volume of the project with this exact name (stock --cinder-vol-name). */
  cinderVolName?: string;
  /** nova: the instance to back up (the stock option). */
  novaInstId?: string;
  /** nova: the one instance of the project with this exact name (stock --nova-inst-name). */
  novaInstName?: string;
  /** cindernative: the volume whose Cinder backups are made, restored or pruned (the stock option). */
  cindernativeVolId?: string;
  /** cindernative restore: this Cinder backup instead of the volume's newest. */
  cindernativeBackupId?: string;
  /** cindernative backup: incremental when the volume has an available backup (stock --incremental). */
  incremental: boolean;
  /** cindernative admin: keep the newest N full backups and their incrementals (stock option). */
  fullbackupRotation?: number;
  /** cindernative: seconds to wait for Cinder's backup or restore (stock --timeout). */
  timeoutS?: number;
  /** The cloud modes log in to this project; nova: every instance of it (the stock option). */
  projectId?: string;
  snapshot: boolean;
  lvm: LvmOptions;
  preCommand?: string;
  postCommand?: string;
}

export const DEFAULT_LVM_SNAPSIZE = '1G';

export const MODE_OPTION_SPECS: readonly OptionSpec[] = [
  {
    name: 'mode',
    short: 'm',
    kind: 'string',
    choices: AGENT_MODES,
    help: 'fs (default) | sqlite | postgres | mysql | mongo | glance | cinder | nova | cindernative (docs/agent.md, Modes; docs/openstack.md)',
  },
  {
    name: 'cindernative-vol-id',
    kind: 'string',
    help: "cindernative: the volume backed up, restored or pruned with Cinder's own backup API",
  },
  {
    name: 'cindernative-backup-id',
    kind: 'string',
    help: "cindernative restore: the Cinder backup to restore (default: the volume's newest)",
  },
  {
    name: 'incremental',
    kind: 'bool',
    help: 'cindernative backup: incremental when the volume already has an available backup',
  },
  {
    name: 'fullbackup-rotation',
    kind: 'int',
    help: 'cindernative admin: keep the newest N full backups and the incrementals on them',
  },
  {
    name: 'timeout',
    kind: 'int',
    help: "cindernative: seconds to wait for Cinder's backup or restore (default 12 h); other modes: no effect",
  },
  {
    name: 'glance-image-id',
    kind: 'string',
    help: 'glance: the image to back up (cloud from OS_* variables)',
  },
  { name: 'glance-image-name', kind: 'string', help: 'glance: the image with this exact name (one only)' },
  {
    name: 'glance-image-name-filter',
    kind: 'string',
    help: 'glance backup: every image of the project whose name does not contain this (the stock filter)',
  },
  { name: 'cinder-vol-id', kind: 'string', help: 'cinder: the volume to back up (available or in use)' },
  { name: 'cinder-vol-name', kind: 'string', help: 'cinder: the volume with this exact name (one only)' },
  { name: 'nova-inst-id', kind: 'string', help: 'nova: the instance to back up' },
  { name: 'nova-inst-name', kind: 'string', help: 'nova: the instance with this exact name (one only)' },
  {
    name: 'project-id',
    kind: 'string',
    help: 'glance, cinder, nova: log in to this project; nova and glance without an id or name: all its instances or images',
  },
  { name: 'mysql-conf', kind: 'string', help: 'mysql: INI file with host, port, user, password, db' },
  {
    name: 'postgres-conf',
    aliases: ['pg-conf'],
    kind: 'string',
    help: 'postgres: INI file with host, port, user, password, db',
  },
  { name: 'mongo-host', kind: 'string', help: 'mongo: mongod to check is primary (default 127.0.0.1:27017)' },
  {
    name: 'snapshot',
    short: 's',
    kind: 'bool',
    help: 'back up from an LVM snapshot of the volume holding --path-to-backup',
  },
  { name: 'lvm-srcvol', kind: 'string', help: 'LVM volume to snapshot, e.g. /dev/vg0/data' },
  { name: 'lvm-volgroup', kind: 'string', help: 'volume group of --lvm-srcvol' },
  { name: 'lvm-snapname', kind: 'string', help: 'snapshot name (default freezer_backup_snap_<random>)' },
  { name: 'lvm-snapsize', kind: 'string', help: 'snapshot size: 500M, 8G or 80%FREE (default 1G)' },
  {
    name: 'lvm-dirmount',
    kind: 'string',
    help: 'where to mount the snapshot (default /var/lib/freezer/...)',
  },
  { name: 'lvm-snap-perm', kind: 'string', choices: ['ro', 'rw'], help: 'ro (default) or rw snapshot' },
  { name: 'pre-command', kind: 'string', help: 'backup: shell command run before; failure aborts' },
  {
    name: 'post-command',
    kind: 'string',
    help: 'backup: shell command run after, even when the backup failed',
  },
];

export interface ModeOptionReaders {
  str(name: string): string | undefined;
  bool(name: string): boolean;
  int(name: string, min?: number): number | undefined;
  abs(path: string | undefined): string | undefined;
}

export function parseModeOptions(r: ModeOptionReaders): ModeOptions {
  const cindernativeVolId = r.str('cindernative-vol-id');
  const cindernativeBackupId = r.str('cindernative-backup-id');
  const nativeIds = cindernativeVolId !== undefined || cindernativeBackupId !== undefined;
  // As with the stock agent, a cindernative id alone chooses Cinder's own backups.
  const mode = (r.str('mode') ?? (nativeIds ? 'cindernative' : 'fs')).toLowerCase();
  if (nativeIds && mode !== 'cindernative') {
    throw new UsageError(
      `--cindernative-vol-id/--cindernative-backup-id drive Cinder's own backups: drop --mode ${mode}`,
    );
  }
  if (!(MODE_NAMES as readonly string[]).includes(mode)) {
    throw new UsageError(`--mode ${mode} is not supported; use one of ${MODE_NAMES.join(', ')}`);
  }
  const perm = (r.str('lvm-snap-perm') ?? 'ro').toLowerCase();
  if (perm !== 'ro' && perm !== 'rw') throw new UsageError(`--lvm-snap-perm: "${perm}" is not ro or rw`);
  const lvm: LvmOptions = {
    srcvol: r.str('lvm-srcvol'),
    volgroup: r.str('lvm-volgroup'),
    snapname: r.str('lvm-snapname'),
    snapsize: r.str('lvm-snapsize') ?? DEFAULT_LVM_SNAPSIZE,
    dirmount: r.abs(r.str('lvm-dirmount')),
    perm,
  };
  if (lvm.snapname !== undefined && !/^[A-Za-z0-9+_.-]+$/.test(lvm.snapname)) {
    throw new UsageError(`--lvm-snapname "${lvm.snapname}": use letters, digits, + _ . - only`);
  }
  return {
    mode: mode as ModeName,
    mysqlConf: r.abs(r.str('mysql-conf')),
    postgresConf: r.abs(r.str('postgres-conf')),
    mongoHost: r.str('mongo-host') ?? '127.0.0.1:27017',
    glanceImageId: r.str('glance-image-id'),
    glanceImageName: r.str('glance-image-name'),
    glanceImageNameFilter: r.str('glance-image-name-filter'),
    cinderVolId: r.str('cinder-vol-id'),
    cinderVolName: r.str('cinder-vol-name'),
    novaInstId: r.str('nova-inst-id'),
    novaInstName: r.str('nova-inst-name'),
    cindernativeVolId,
    cindernativeBackupId,
    incremental: r.bool('incremental'),
    fullbackupRotation: r.int('fullbackup-rotation', 1),
    timeoutS: r.int('timeout', 1),
    projectId: r.str('project-id'),
    // As in the stock agent, giving a source volume or group asks for a snapshot too.
    snapshot: r.bool('snapshot') || lvm.srcvol !== undefined || lvm.volgroup !== undefined,
    lvm,
    preCommand: r.str('pre-command'),
    postCommand: r.str('post-command'),
  };
}

/**
 * postgres and mysql read from (and restore into) a server named by their conf file, glance from the
 * cloud the OS_* variables name: a backup needs no --path-to-backup and a restore of a dump no
 * --restore-abs-path.
 */
export function talksToServer(m: ModeOptions): boolean {
  return m.mode === 'postgres' || m.mode === 'mysql' || isCloudMode(m.mode);
}

/** Cross-checks for the mode options; `pathGiven` is --path-to-backup. Usage errors, before anything runs. */
export function checkModeCombination(m: ModeOptions, action: string, pathGiven: boolean): void {
  if (m.mode === 'cindernative') return checkCinderNative(m, action, pathGiven);
  if (m.incremental || m.fullbackupRotation !== undefined)
    throw new UsageError('--incremental and --fullbackup-rotation apply to cindernative only');
  checkCloudSelectors(m, action);
  if (action !== 'backup') {
    // A restore needs the conf only for a dump (a data directory copy goes to --restore-abs-path):
    // which one the backup is, only its metadata says (modes/restore-dump.ts checks).
    if (m.preCommand || m.postCommand)
      throw new UsageError('--pre-command/--post-command apply to --action backup');
    return;
  }
  if (m.mode === 'mysql' && !m.mysqlConf) throw new UsageError('--mode mysql needs --mysql-conf');
  if (m.mode === 'postgres' && !m.postgresConf) throw new UsageError('--mode postgres needs --postgres-conf');
  if (m.mode === 'postgres' && pathGiven)
    throw new UsageError('--mode postgres dumps the database: drop --path-to-backup');
  if (m.mode === 'sqlite' && !pathGiven)
    throw new UsageError('--mode sqlite needs --path-to-backup (the database file)');
  if (m.mode === 'glance' && !selectorGiven(m) && !m.projectId)
    throw new UsageError(
      '--mode glance needs --glance-image-id, --glance-image-name, --glance-image-name-filter or --project-id',
    );
  if (m.mode === 'cinder' && !selectorGiven(m))
    throw new UsageError('--mode cinder needs --cinder-vol-id or --cinder-vol-name');
  if (m.mode === 'nova' && !selectorGiven(m) && !m.projectId)
    throw new UsageError('--mode nova needs --nova-inst-id, --nova-inst-name or --project-id');
  if (isCloudMode(m.mode) && pathGiven)
    throw new UsageError(`--mode ${m.mode} reads from the cloud: drop --path-to-backup`);
  if (m.mode === 'mongo' && !pathGiven)
    throw new UsageError('--mode mongo needs --path-to-backup (the mongod data directory)');
  const streamed =
    m.mode === 'postgres' || m.mode === 'sqlite' || isCloudMode(m.mode) || (m.mode === 'mysql' && !pathGiven);
  if (m.snapshot && streamed) {
    throw new UsageError(
      `--snapshot/--lvm-* copy a file tree: use them with --mode fs, mongo or mysql with --path-to-backup`,
    );
  }
}

/** The source options of each image-based cloud mode: an id, an exact name, (glance) a name filter. */
const SELECTORS: Partial<Record<ModeName, [keyof ModeOptions, string][]>> = {
  glance: [
    ['glanceImageId', '--glance-image-id'],
    ['glanceImageName', '--glance-image-name'],
    ['glanceImageNameFilter', '--glance-image-name-filter'],
  ],
  cinder: [
    ['cinderVolId', '--cinder-vol-id'],
    ['cinderVolName', '--cinder-vol-name'],
  ],
  nova: [
    ['novaInstId', '--nova-inst-id'],
    ['novaInstName', '--nova-inst-name'],
  ],
};

const givenSelectors = (m: ModeOptions) => (SELECTORS[m.mode] ?? []).filter(([key]) => m[key] !== undefined);

/** An id, name or filter names the mode's source (without one, --project-id means all of them). */
export const selectorGiven = (m: ModeOptions): boolean => givenSelectors(m).length > 0;

/** One way of naming the source at a time; the stock filter picks many images: backups only. */
function checkCloudSelectors(m: ModeOptions, action: string): void {
  const given = givenSelectors(m).map(([, flag]) => flag);
  if (given.length > 1) throw new UsageError(`--mode ${m.mode}: give one of ${given.join(', ')}`);
  if (m.glanceImageNameFilter !== undefined && action !== 'backup')
    throw new UsageError(
      '--glance-image-name-filter selects images to back up: restore each with --backup-name <name>_<image id>',
    );
}

/** cindernative: Cinder keeps the data, so the agent's storage, levels and path options do not apply. */
function checkCinderNative(m: ModeOptions, action: string, pathGiven: boolean): void {
  const usage = (text: string) => new UsageError(`--mode cindernative ${text}`);
  if (pathGiven) throw usage('backs up a Cinder volume: drop --path-to-backup');
  if (m.snapshot || m.preCommand || m.postCommand)
    throw usage('does not take --snapshot, --lvm-*, --pre-command or --post-command');
  if (action === 'restore') {
    if (!m.cindernativeVolId && !m.cindernativeBackupId)
      throw usage('restore needs --cindernative-vol-id or --cindernative-backup-id');
  } else if (action === 'backup' || action === 'admin') {
    if (!m.cindernativeVolId) throw usage(`${action} needs --cindernative-vol-id`);
  } else {
    throw usage(`runs backup, restore and admin, not ${action}`);
  }
  if (m.cindernativeBackupId && action !== 'restore')
    throw usage('takes --cindernative-backup-id with --action restore only');
  if (m.incremental && action !== 'backup') throw usage('takes --incremental with --action backup only');
  if (m.fullbackupRotation !== undefined && action !== 'admin')
    throw usage('takes --fullbackup-rotation with --action admin only');
}
