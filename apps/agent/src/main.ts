import { FREEZER_VERSION } from '@freezer/schema';

// Placeholder until this program's issue lands: it only reports its version.
if (process.argv.includes('--version')) {
  console.log(`freezer-agent ${FREEZER_VERSION}`);
} else {
  console.error('freezer-agent: not built out yet; only --version works.');
  process.exitCode = 1;
}
