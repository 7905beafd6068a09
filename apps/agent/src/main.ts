import { runAgent } from '@freezer/engine';

// Thin CLI: every decision lives in @freezer/engine; this only wires the process to it.
const code = await runAgent(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
});
process.exitCode = code;
