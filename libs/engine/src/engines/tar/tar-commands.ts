import type { Dereference } from '../../agent-options.js';

const TAR = process.env.FREEZER_TAR ?? 'tar';

export interface TarCreateOptions {
  snapshotFile: string;
  exclude: string[];
  dereference: Dereference;
  /** What to archive, relative to the tar cwd ('.' for a directory, the file name for a file). */
  member: string;
}

/**
 * The stock agent's tar invocation, minus `-z` (the codec compresses) and `--warning=none` (warnings
 * are logged instead of hidden), plus `--sparse` so holes stay holes.
 */
export function tarCreateArgs(o: TarCreateOptions): string[] {
  const args = [
    '--create',
    '--format=gnu',
    '--no-check-device',
    '--one-file-system',
    '--preserve-permissions',
    '--same-owner',
    '--seek',
    '--sparse',
    '--ignore-failed-read',
    '--warning=no-file-ignored',
    `--listed-incremental=${o.snapshotFile}`,
  ];
  if (o.dereference === 'soft' || o.dereference === 'all') args.push('--dereference');
  if (o.dereference === 'hard' || o.dereference === 'all') args.push('--hard-dereference');
  for (const pattern of o.exclude) args.push(`--exclude=${pattern}`);
  args.push('--', o.member);
  return args;
}

/**
 * Extraction as the stock agent does it (`--incremental` makes tar delete what vanished between levels),
 * without `--overwrite`: tar's default unlinks a file before re-creating it, so a changed hard-link
 * group is not written through its old links.
 */
export function tarExtractArgs(directory: string): string[] {
  return [
    '--extract',
    '--incremental',
    '--ignore-zeros',
    '--preserve-permissions',
    '--delay-directory-restore',
    '--warning=no-timestamp',
    `--directory=${directory}`,
  ];
}

export const tarCommand = (): string => TAR;
