import { execFileSync, spawnSync } from 'node:child_process';

const PACKAGE: Record<string, string> = {
  openssl: 'openssl',
  gzip: 'gzip',
  tar: 'tar',
  bzip2: 'bzip2',
  xz: 'xz-utils',
  zstd: 'zstd',
};

/** Fail (never skip) when a CLI the test needs is missing. */
export function requireBinaries(...names: string[]): void {
  for (const name of names) {
    if (spawnSync('sh', ['-c', `command -v ${name}`]).status !== 0) {
      throw new Error(`${name} is missing: apt-get install -y ${PACKAGE[name] ?? name}`);
    }
  }
}

/** Run a shell pipeline; throws with its stderr when it fails. */
export function sh(script: string, input?: Uint8Array): Buffer {
  return execFileSync('bash', ['-o', 'pipefail', '-c', script], {
    input,
    maxBuffer: 256 * 1024 * 1024,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}
