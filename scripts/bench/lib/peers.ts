import { join } from 'node:path';

/** One tool an agent benchmark runs side by side with the others, as shell commands. */
export interface BenchTool {
  name: string;
  key: string;
  env?: NodeJS.ProcessEnv;
  init?: (repo: string) => string;
  /** `step` counts the backups of the run from 0 (the level for our agent). */
  backup: (repo: string, step: number) => string;
  restore: (repo: string, target: string) => string;
}

/** restic backing up `data`, its cache kept under `work`. */
export function resticPeer(work: string, data: string): BenchTool {
  return {
    name: 'restic',
    key: 'restic',
    env: { RESTIC_PASSWORD: 'bench', RESTIC_CACHE_DIR: join(work, 'restic-cache') },
    init: (repo) => `restic init -q --repo ${repo}`,
    backup: (repo) => `restic backup -q --repo ${repo} ${data}`,
    restore: (repo, t) => `restic restore -q --repo ${repo} latest --target ${t}`,
  };
}

/** borg (lz4) backing up `data` as archives `<prefix><step>`; a restore extracts step `lastStep`. */
export function borgPeer(work: string, data: string, prefix: string, lastStep: number): BenchTool {
  return {
    name: 'borg (lz4)',
    key: 'borg',
    env: {
      BORG_PASSPHRASE: '',
      BORG_UNKNOWN_UNENCRYPTED_REPO_ACCESS_IS_OK: 'yes',
      BORG_BASE_DIR: join(work, 'borg-base'),
    },
    init: (repo) => `borg init -e none ${repo}`,
    backup: (repo, step) => `cd ${data} && borg create --compression lz4 ${repo}::${prefix}${step} .`,
    restore: (repo, t) => `mkdir -p ${t} && cd ${t} && borg extract ${repo}::${prefix}${lastStep}`,
  };
}
