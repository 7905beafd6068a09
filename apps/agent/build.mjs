// The agent's own bundle: code splitting keeps the storage drivers' dynamic imports lazy — a local
// backup then never loads the AWS SDK or ssh2 (~40 MB of RSS).
import { readFileSync, rmSync } from 'node:fs';
import { bundleApp } from '../../scripts/build-app.mjs';

const { version } = JSON.parse(readFileSync('../../package.json', 'utf8'));
rmSync('dist', { recursive: true, force: true });
await bundleApp({ entry: 'src/main.ts', out: 'dist', splitting: true, version });
