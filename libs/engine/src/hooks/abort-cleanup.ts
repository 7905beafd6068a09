// Cleanups that must also run when the agent is aborted (SIGINT/SIGTERM/SIGHUP), not only in `finally`:
// an LVM snapshot left mounted, or a temp copy of a data directory, outlives the process otherwise.
// They run synchronously in the signal handler, newest first, then the signal is raised again so the
// exit status still says how the agent ended.

type Cleanup = () => void;

const cleanups = new Set<Cleanup>();
const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

function onSignal(signal: NodeJS.Signals): void {
  for (const cleanup of [...cleanups].reverse()) {
    try {
      cleanup();
    } catch {
      // keep going: the other cleanups still matter
    }
  }
  cleanups.clear();
  for (const s of SIGNALS) process.off(s, onSignal);
  process.kill(process.pid, signal);
}

/** Registers a synchronous cleanup for abort; call the returned function once it is no longer needed. */
export function onAbort(cleanup: Cleanup): () => void {
  if (cleanups.size === 0) for (const s of SIGNALS) process.on(s, onSignal);
  cleanups.add(cleanup);
  return () => {
    cleanups.delete(cleanup);
    if (cleanups.size === 0) for (const s of SIGNALS) process.off(s, onSignal);
  };
}
