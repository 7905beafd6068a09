export interface Logger {
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string): void;
}

/** One line per message on stderr with an ISO timestamp; the daemon redirects stderr to its log file. */
export function consoleLogger(prefix = 'freezer-scheduler'): Logger {
  const line = (level: string, msg: string): void => {
    process.stderr.write(`${new Date().toISOString()} ${prefix} ${level} ${msg}\n`);
  };
  return {
    info: (m) => line('INFO', m),
    warn: (m) => line('WARNING', m),
    error: (m) => line('ERROR', m),
  };
}

export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };
