// The parsed options of one agent run: the CLI builds them, and the layers below (modes, hooks, the
// repository) read them. Types only, so every layer can import them without importing the parser.
import type { ACTIONS, COMPRESSIONS } from './cli/option-table.js';
import type { ModeOptions } from './modes/mode-options.js';
import type { EngineName } from './repository/layout.js';

export type Action = (typeof ACTIONS)[number];
export type Compression = (typeof COMPRESSIONS)[number];
export type EncryptionChoice = 'none' | 'aes-256-gcm' | 'openssl';
export type StorageChoice = 'local' | 'ssh' | 's3' | 'swift' | 'multiple';
export type Dereference = 'none' | 'soft' | 'hard' | 'all';

export interface DrillOptions {
  root: string;
  probe?: string;
  probeTimeoutS: number;
  sample: 'newest' | 'random';
}

/** A `[storage:NAME]` INI section, handed to the storage factory for multi-storage runs. */
export interface StorageSection {
  name: string;
  values: Record<string, string>;
}

export interface AgentOptions {
  action: Action;
  pathToBackup?: string;
  backupName?: string;
  container: string;
  storage: StorageChoice;
  hostname: string;
  /** --hostname was given (info lists every host otherwise). */
  hostnameGiven: boolean;
  maxLevel?: number;
  alwaysLevel?: number;
  restartAlwaysLevelDays?: number;
  noIncremental: boolean;
  restoreAbsPath?: string;
  /** Unix seconds. */
  restoreFromDate?: number;
  overwrite: boolean;
  /** --restore-paths: paths or globs relative to the backed-up root (empty: restore everything). */
  restorePaths: string[];
  /** --drill-*: where the sandbox goes, what probes it, which point a drill without a date takes. */
  drill: DrillOptions;
  /** --catalog-out: absolute path the point's catalog NDJSON goes to after a backup. */
  catalogOut?: string;
  noCatalogUpload: boolean;
  removeOlderThanDays?: number;
  removeFromDate?: number;
  keepLast?: number;
  keepDaily?: number;
  keepWeekly?: number;
  keepMonthly?: number;
  keepYearly?: number;
  compression: Compression;
  compressionLevel?: number;
  encryptPassFile?: string;
  encryption: EncryptionChoice;
  exclude: string[];
  dereference: Dereference;
  maxSegmentSize: number;
  dryRun: boolean;
  /** Absolute path, or '-' for stdout. */
  metadataOut?: string;
  maxPriority: boolean;
  uploadLimit?: number;
  downloadLimit?: number;
  command?: string;
  logFile?: string;
  format: 'table' | 'json';
  debug: boolean;
  verbose: boolean;
  quiet: boolean;
  /** --progress: a bar on a TTY (auto), JSON lines (json) or none. */
  progress: 'auto' | 'json' | 'none';
  /** --progress-file: where JSON progress lines go instead of stderr. */
  progressFile?: string;
  ssh: {
    host?: string;
    port?: number;
    username?: string;
    key?: string;
    knownHosts?: string;
    acceptUnknownHostKey: boolean;
  };
  s3: { endpoint?: string; accessKey?: string; secretKey?: string; region?: string };
  storageSections: StorageSection[];
  /**
   * The storage `[default]` or the command line named, when `[storage:NAME]` sections replace it (the
   * stock agent writes only to the sections then); the run logs it so the unused storage is no surprise.
   */
  replacedStorage?: { storage: string; container?: string };
  /** --mode and its database, snapshot and hook options (modes/mode-options.ts). */
  modes: ModeOptions;
  /** --engine; absent = not given: a backup uses tar, a restore whichever engine holds the newest point. */
  engine?: EngineName;
  /** Stock options that were given but have no effect here (reported in the log). */
  ignored: string[];
}
