import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export type LogLevel = 'debug' | 'info' | 'warning' | 'error';

export interface LoggerOptions {
  file?: string;
  debug?: boolean;
  verbose?: boolean;
  quiet?: boolean;
  /** Where user-facing lines go; the CLI passes process.stderr. */
  stderr?: { write(text: string): unknown };
}

/**
 * The log file gets every line (debug only with --debug); stderr gets warnings (unless --quiet) and, with
 * --verbose/--debug, info lines. Errors are printed by the CLI itself, once.
 */
export class Logger {
  constructor(private readonly opts: LoggerOptions = {}) {
    if (opts.file) mkdirSync(dirname(opts.file), { recursive: true });
  }

  debug(message: string): void {
    if (this.opts.debug) this.write('debug', message);
  }
  info(message: string): void {
    this.write('info', message);
  }
  warn(message: string): void {
    this.write('warning', message);
  }
  error(message: string): void {
    this.write('error', message);
  }

  private write(level: LogLevel, message: string): void {
    const line = `${new Date().toISOString()} ${level.toUpperCase()} freezer-agent: ${message}\n`;
    if (this.opts.file) appendFileSync(this.opts.file, line);
    const toStderr =
      (level === 'warning' && !this.opts.quiet) ||
      ((level === 'info' || level === 'debug') && (this.opts.verbose || this.opts.debug));
    if (toStderr) this.opts.stderr?.write(`${level}: ${message}\n`);
  }
}
