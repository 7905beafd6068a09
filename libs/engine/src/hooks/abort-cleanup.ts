// Cleanups that must also run when the agent is aborted (SIGINT/SIGTERM/SIGHUP), not only in `finally`:
// an LVM snapshot left mounted, or a temp copy of a data directory, outlives the process otherwise.
// Synchronous ones run in the signal handler, newest first. Asynchronous ones (a cloud's temporary
// image, snapshot or volume: only an HTTP call removes them) run next, with a deadline; meanwhile
// further signals are ignored and runAgent waits (whileAborting) instead of letting the process exit.
// Then the signal is raised again so the exit status still says how the agent ended.

type Cleanup = () => void;
type AsyncCleanup = () => Promise<void>;

const cleanups = new Set<Cleanup>();
const asyncCleanups = new Set<AsyncCleanup>();
const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
/** How long asynchronous cleanups may take after a signal before the agent ends anyway. */
const ASYNC_DEADLINE_MS = 120_000;
let aborting: Promise<void> | undefined;

const registered = () => cleanups.size + asyncCleanups.size;
const listen = () => {
  if (registered() === 0) for (const s of SIGNALS) process.on(s, onSignal);
};
const unlisten = () => {
  if (registered() === 0 && !aborting) for (const s of SIGNALS) process.off(s, onSignal);
};

function onSignal(signal: NodeJS.Signals): void {
  if (aborting) return; // a second signal while cleaning up: the first one's cleanup goes on
  for (const cleanup of [...cleanups].reverse()) {
    try {
      cleanup();
    } catch {
      // keep going: the other cleanups still matter
    }
  }
  cleanups.clear();
  const pending = [...asyncCleanups].reverse();
  asyncCleanups.clear();
  const raise = () => {
    for (const s of SIGNALS) process.off(s, onSignal);
    process.kill(process.pid, signal);
  };
  if (pending.length === 0) return raise();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, ASYNC_DEADLINE_MS)));
  aborting = Promise.race([
    Promise.allSettled(pending.map((cleanup) => cleanup())).then(() => undefined),
    deadline,
  ]).then(() => {
    clearTimeout(timer);
    raise();
  });
}

/** Registers a synchronous cleanup for abort; call the returned function once it is no longer needed. */
export function onAbort(cleanup: Cleanup): () => void {
  listen();
  cleanups.add(cleanup);
  return () => {
    cleanups.delete(cleanup);
    unlisten();
  };
}

/**
 * Registers an asynchronous cleanup for abort (it should be idempotent: the interrupted work may run
 * the same cleanup in its own `finally` at the same time); the returned function drops it.
 */
export function onAbortAsync(cleanup: AsyncCleanup): () => void {
  listen();
  asyncCleanups.add(cleanup);
  return () => {
    asyncCleanups.delete(cleanup);
    unlisten();
  };
}

/** True once a signal started the asynchronous cleanups: work should not start anything new. */
export const abortRequested = (): boolean => aborting !== undefined;

/**
 * Resolves at once, unless a signal's asynchronous cleanups are running: then never (the signal,
 * raised again once they end, ends the process), so a run that fails because of the abort does not
 * exit before its cloud objects are deleted.
 */
export function whileAborting(): Promise<void> {
  return aborting ? aborting.then(() => new Promise<void>(() => undefined)) : Promise.resolve();
}
