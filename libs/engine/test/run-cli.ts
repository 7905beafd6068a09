import { PassThrough } from 'node:stream';
import { expect } from 'vitest';
import { runAgent } from '../src/index.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the agent in-process with captured output, like the CLI does with the real process streams. */
export async function runCli(argv: string[], cwd = process.cwd()): Promise<CliResult> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (c: Buffer) => out.push(c));
  stderr.on('data', (c: Buffer) => err.push(c));
  const code = await runAgent(argv, { stdout, stderr, cwd });
  return { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}

/** `--action restore` of the point the `common` options name into `target`, with `extra` options after. */
export function runRestore(common: string[], target: string, ...extra: string[]): Promise<CliResult> {
  return runCli(['--action', 'restore', ...common, '--restore-abs-path', target, ...extra]);
}

/** A backup point's timestamp as `--restore-from-date` takes it (UTC, whole seconds). */
export function isoDate(ts: number): string {
  return new Date(ts * 1000).toISOString().replace('.000Z', 'Z');
}

/** `--action info` of the points named `name` in the local repository `repo`, as JSON. */
export function runInfo(repo: string, name: string): Promise<CliResult> {
  return runCli(['--action', 'info', '-C', repo, '-N', name, '--format', 'json']);
}

/** `--action drill` of the point the `common` options name, sandboxes under `root`, the report on stdout. */
export function runDrill(common: string[], root: string, ...extra: string[]): Promise<CliResult> {
  return runCli(['--action', 'drill', ...common, '--drill-root', root, '--metadata-out', '-', ...extra]);
}

/** `--action backup` of `src` with the `common` options (repository, name, host…), `extra` after. */
export function runBackup(src: string, common: string[], ...extra: string[]): Promise<CliResult> {
  return runCli(['--action', 'backup', '-F', src, ...common, ...extra]);
}

/** Restores the point of `timestamp` (by --restore-from-date) into `target`; the run must be clean. */
export async function restoreCleanlyAt(common: string[], target: string, timestamp: number): Promise<void> {
  const r = await runRestore(common, target, '--restore-from-date', isoDate(timestamp));
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
}
