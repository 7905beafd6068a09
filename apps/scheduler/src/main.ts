import { FREEZER_VERSION } from '@freezer/schema';

// Placeholder until this program's issue lands: it only reports its version.
if (process.argv.includes('--version')) {
  console.log(`freezer-scheduler ${FREEZER_VERSION}`);
} else {
  console.error('freezer-scheduler: not built out yet; only --version works.');
  process.exitCode = 1;
}
