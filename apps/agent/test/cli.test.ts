import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));
// An absolute loader URL: the agent runs with other working directories, where `tsx` would not resolve.
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** The real process: exit codes and streams as a shell or the scheduler sees them. */
function agent(args: string[], cwd?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', TSX, MAIN, ...args], { cwd }, (err, stdout, stderr) => {
      const code = err ? ((err as { code?: number }).code ?? 1) : 0;
      resolve({ code: typeof code === 'number' ? code : 1, stdout, stderr });
    });
  });
}

describe('freezer-agent process', () => {
  it('--version exits 0', async () => {
    const r = await agent(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^freezer-agent \d+\.\d+\.\d+/);
  });

  it('usage error exits 2 with one line and no stack trace', async () => {
    const r = await agent(['--action', 'backup', '--max-level', 'many']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
  });

  it('a failed restore exits 1 with one line; --debug adds the stack', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fz-cli-'));
    const args = [
      '--action',
      'restore',
      '-C',
      join(dir, 'repo'),
      '-N',
      'none',
      '--restore-abs-path',
      join(dir, 'out'),
    ];
    const r = await agent(args);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^freezer-agent: error: no backup of \S+_none in local:/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    const debug = await agent([...args, '--debug']);
    expect(debug.code).toBe(1);
    expect(debug.stderr).toMatch(/AgentError: no backup/);
  });

  it('backs up and writes a relative --metadata-out into the start directory, not the backed-up tree', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fz-cli-'));
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'src', 'f'), 'data');
    const r = await agent(['-F', 'src', '-C', 'repo', '-N', 'n', '--metadata-out', 'meta.json'], dir);
    expect(r.code).toBe(0);
    expect(existsSync(join(dir, 'src', 'meta.json'))).toBe(false);
    expect(JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8'))).toMatchObject({
      curr_backup_level: 0,
      files: 1,
      result: 'success',
    });
  });
});
