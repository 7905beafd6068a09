// Runs the agent in a child Node started with a malloc setting that must exist before Node starts: glibc
// reads MALLOC_* once at start-up. Without it, freed 2 MiB compression buffers stay in glibc's heaps
// (its dynamic mmap threshold rises to their size after the first one is freed, and the libuv threads'
// arenas keep them): peak RSS is 20-35 MB higher (docs/benchmarks.md, "Memory").
// V8's heap is kept small at run time instead (favourSmallHeap in @freezer/engine: no flag needed).
// Node 20 has no execve(), so this process stays as a thin parent: it forwards signals and ends exactly
// as the child did (same exit code, or killed by the same signal), with stdin/stdout/stderr shared.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';

/** Set in the child (and settable by hand) to run the agent in this very process, without a relaunch. */
export const RELAUNCHED = 'FREEZER_AGENT_RELAUNCHED';

/** glibc malloc: buffers of 128 KiB and more are always mmap'ed, so they go back to the system when
 * they are freed instead of staying in a heap (the threshold no longer rises with them). */
const MALLOC_ENV = { MALLOC_MMAP_THRESHOLD_: '131072' };
// Not SIGUSR1: Node answers it by opening the inspector, in both processes.
const FORWARDED = ['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGQUIT', 'SIGUSR2'];

/**
 * Starts `entry` again in a tuned child unless this process is that child. Returns false when the caller
 * should run the agent itself; true when the child runs it and this process only waits for it.
 * A setting the user already made (the same env var) is kept as it is.
 */
export function relaunchTuned(entry) {
  if (process.env[RELAUNCHED]) return false;
  // A selection restore moves a few MiB: a second Node start would be most of its time.
  if (process.argv.slice(2).some((a) => a === '--restore-paths' || a.startsWith('--restore-paths=')))
    return false;
  const env = { ...MALLOC_ENV, ...process.env, [RELAUNCHED]: '1' };
  const child = spawn(process.execPath, [...process.execArgv, entry, ...process.argv.slice(2)], {
    stdio: inheritedDescriptors(process.argv.slice(2)),
    env,
  });
  // A signal to the process group (the scheduler's abort, Ctrl-C) reaches the child directly as well;
  // a signal to this pid alone is passed on. A second delivery to a dying child is harmless.
  const forward = (signal) => child.kill(signal);
  for (const s of FORWARDED) process.on(s, forward);
  child.on('error', (err) => {
    process.stderr.write(`freezer-agent: error: cannot start node (${err.message})\n`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    for (const s of FORWARDED) process.off(s, forward);
    if (signal) {
      // Die of the same signal, so whoever waits on this pid sees how the agent ended (the scheduler
      // reports SIGTERM as aborted); the exit code is the shell's 128+N should the signal be ignored.
      process.exitCode = 128 + (constants.signals[signal] ?? 0);
      process.kill(process.pid, signal);
      return;
    }
    process.exit(code ?? 1);
  });
  return true;
}

/**
 * stdin, stdout, stderr, and any descriptor an option names as /dev/fd/N (`--progress-file
 * /dev/fd/3`, what the scheduler passes): the child must get the very same descriptor, not whatever
 * its own runtime opened at that number.
 */
function inheritedDescriptors(args) {
  const stdio = ['inherit', 'inherit', 'inherit'];
  for (const a of args) {
    const m = /^(?:--[\w-]+=)?\/dev\/fd\/(\d+)$/.exec(a);
    const fd = m ? Number(m[1]) : -1;
    if (fd < 3 || fd > 64) continue;
    while (stdio.length < fd) stdio.push('ignore');
    stdio[fd] = fd;
  }
  return stdio;
}
