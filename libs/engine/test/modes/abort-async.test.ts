// The abort path's asynchronous cleanups (a cloud's temporary objects, deleted over HTTP), in a real
// process: SIGTERM runs them to the end before the process ends by that signal, a second SIGTERM does
// not cut them short, and work that fails because of the abort waits for them instead of exiting.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';

const ABORT = pathToFileURL(fileURLToPath(new URL('../../src/hooks/abort-cleanup.ts', import.meta.url))).href;
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'fz-abort-async-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

it('SIGTERM: the async cleanup finishes, the failing work waits for it, the process ends by SIGTERM', async () => {
  const marker = join(work, 'cleaned');
  const script = join(work, 'run.mts');
  writeFileSync(
    script,
    `import { onAbortAsync, whileAborting } from ${JSON.stringify(ABORT)};
import { writeFileSync } from 'node:fs';
onAbortAsync(async () => {
  await new Promise((r) => setTimeout(r, 800));
  writeFileSync(${JSON.stringify(marker)}, 'cleaned');
});
// The interrupted work (its I/O keeps the process alive): it fails soon after the signal, as a
// backup whose image was deleted does, and would exit with 3 unless whileAborting holds it.
setInterval(() => undefined, 1000);
const failed = new Promise((_, reject) => process.once('SIGTERM', () => setTimeout(() => reject(new Error('x')), 20)));
process.stdout.write('ready\\n');
await failed.catch(async () => {
  await whileAborting();
  process.exit(3);
});
`,
  );
  const child = spawn(process.execPath, ['--import', TSX, script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  );
  await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
  child.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 100));
  expect(existsSync(marker)).toBe(false); // still cleaning up: a second signal must not end it
  child.kill('SIGTERM');
  const { code, signal } = await ended;
  expect({ code, signal }).toEqual({ code: null, signal: 'SIGTERM' });
  expect(readFileSync(marker, 'utf8')).toBe('cleaned');
});
