import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'vitest';
import { runCli } from './run-cli.js';
import { makeTree } from './tree.js';

it('scratch', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fz-drill-'));
  const src = join(dir, 'src');
  mkdirSync(src);
  makeTree(src);
  const common = ['-C', join(dir, 'repo'), '-N', 't', '--hostname', 'h'];
  console.log((await runCli(['--path-to-backup', src, ...common])).stderr);
  writeFileSync(join(src, 'new.txt'), 'x');
  console.log((await runCli(['--path-to-backup', src, ...common])).stderr);
  const r = await runCli(['--action', 'drill', ...common, '--drill-root', join(dir, 'drills'), '--metadata-out', '-']);
  console.log(r.code, r.stdout, r.stderr);
});
