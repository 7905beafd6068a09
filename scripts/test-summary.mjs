// Totals every suite the test command ran (static steps, Vitest, Playwright) into one closing line.
// Exits non-zero when anything failed or when a runner left no report (a crash counts as a failure).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2] ?? 'test-results';
let passed = 0;
let failed = 0;
let skipped = 0;
const lines = [];

for (const name of readdirSync(join(dir, 'steps'))) {
  const ok = readFileSync(join(dir, 'steps', name), 'utf8').trim() === 'pass';
  if (ok) passed++;
  else failed++;
  lines.push(`${name}: ${ok ? 'ok' : 'FAILED'}`);
}

const vitestFile = join(dir, 'vitest.json');
if (existsSync(vitestFile)) {
  const v = JSON.parse(readFileSync(vitestFile, 'utf8'));
  // A file that failed to load has no assertion results but must still count as a failure.
  const brokenFiles = v.testResults.filter((f) => f.status === 'failed' && f.assertionResults.length === 0);
  passed += v.numPassedTests;
  failed += v.numFailedTests + brokenFiles.length;
  skipped += v.numPendingTests + v.numTodoTests;
  lines.push(
    `vitest: ${v.numPassedTests} passed, ${v.numFailedTests + brokenFiles.length} failed, ${v.numPendingTests + v.numTodoTests} skipped`,
  );
  for (const f of brokenFiles) lines.push(`  could not run: ${f.name}: ${(f.message ?? '').split('\n')[0]}`);
  // An error outside any test (a global setup that failed, an unhandled rejection) fails the run even
  // when no test failed: Vitest then reports success false and exits non-zero.
  const exitFile = join(dir, 'vitest.exit');
  const exitCode = existsSync(exitFile) ? Number(readFileSync(exitFile, 'utf8').trim()) : 0;
  if (v.numFailedTests + brokenFiles.length === 0 && (v.success === false || exitCode !== 0)) {
    failed++;
    lines.push(`  vitest failed outside any test (exit ${exitCode}): see "Unhandled Error" in the log above`);
  }
} else {
  failed++;
  lines.push('vitest: no report (the runner crashed)');
}

const e2eFile = join(dir, 'e2e.json');
if (existsSync(e2eFile)) {
  const s = JSON.parse(readFileSync(e2eFile, 'utf8')).stats;
  passed += s.expected + s.flaky;
  failed += s.unexpected;
  skipped += s.skipped;
  lines.push(`playwright: ${s.expected + s.flaky} passed, ${s.unexpected} failed, ${s.skipped} skipped`);
} else if (readdirSync('e2e').some((f) => f.endsWith('.spec.ts'))) {
  failed++;
  lines.push('playwright: no report (the runner crashed)');
}

console.log('\n== Summary');
for (const l of lines) console.log(l);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
