import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

describe('--action exec', () => {
  it('runs the command through /bin/sh with shell quoting and returns its exit code', async () => {
    const r = await runCli(['--action', 'exec', '--command', `printf '%s|' "a  b" 'c d' | tr a X; exit 7`]);
    expect(r.stdout).toBe('X  b|c d|');
    expect(r.code).toBe(7);
  });

  it('writes metadata-out JSON (stdout stays pure JSON with -) and a relative path resolves against cwd', async () => {
    const r = await runCli(['--action', 'exec', '--command', 'echo hello', '--metadata-out', '-']);
    expect(r.code).toBe(0);
    const meta = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(meta).toMatchObject({ action: 'exec', exit_code: 0, result: 'success', output_tail: 'hello\n' });
    expect(r.stderr).toContain('hello');

    const dir = mkdtempSync(join(tmpdir(), 'fz-exec-'));
    const fail = await runCli(['--action', 'exec', '--command', 'exit 1', '--metadata-out', 'out.json'], dir);
    expect(fail.code).toBe(1);
    expect(JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8'))).toMatchObject({
      exit_code: 1,
      result: 'fail',
    });
  });

  it('logs to --log-file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fz-exec-'));
    await runCli(['--action', 'exec', '--command', 'true', '--log-file', join(dir, 'agent.log')]);
    expect(readFileSync(join(dir, 'agent.log'), 'utf8')).toMatch(/INFO freezer-agent: exec: exit code 0/);
  });
});
