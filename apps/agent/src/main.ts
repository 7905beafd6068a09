import { favourSmallHeap, runAgent } from '@freezer/engine';

// Thin CLI: every decision lives in @freezer/engine; this only wires the process to it.
favourSmallHeap();
const code = await runAgent(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
});
process.exitCode = code;
// A stray handle (a child that ignores SIGKILL's parent, a socket) must never turn a finished run
// into a hang: the scheduler waits on this process. Normal runs exit before the timer fires.
setTimeout(() => process.exit(code), 2000).unref();
