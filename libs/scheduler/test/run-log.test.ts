import { describe, expect, it } from 'vitest';
import { failureReason, maskSecrets, runLogTail } from '../src/run-log.js';

describe('run log', () => {
  it("masks the action's secret values and the usual secret shapes", () => {
    const action = { action: 'backup' as const, ssh_key: '/home/op/.ssh/id', os_password: 's3cr3t-pw' };
    const text = [
      'connecting with s3cr3t-pw',
      'mysql --password hunter22 -h db',
      'url https://admin:topsecret@swift.local/v1',
      'AWS_SECRET_ACCESS_KEY=abcd1234',
    ].join('\n');
    const masked = maskSecrets(text, action);
    expect(masked).not.toMatch(/s3cr3t-pw|hunter22|topsecret|abcd1234/);
    expect(masked).toContain('connecting with ***');
    expect(masked).toContain('--password ***');
    expect(masked).toContain('https://admin:***@swift.local');
  });

  it('keeps the tail, cut at a line start, within the bound', () => {
    const lines = Array.from({ length: 2000 }, (_, i) => `line ${i}`).join('\n');
    const tail = runLogTail(lines, { action: 'backup' }, 1000);
    expect(tail.length).toBeLessThanOrEqual(1000);
    expect(tail.startsWith('[… earlier output cut …]\nline ')).toBe(true);
    expect(tail.endsWith('line 1999')).toBe(true);
  });

  it('gives one line of reason: the last error line, else the exit', () => {
    const stderr = 'INFO starting\nfreezer-agent: error: --path-to-backup /x: no such file or directory\n';
    expect(failureReason(stderr, 1, { action: 'backup' })).toBe(
      '--path-to-backup /x: no such file or directory',
    );
    expect(failureReason('', 3, { action: 'backup' })).toBe('agent exited with 3');
    expect(failureReason('', -9, { action: 'backup' })).toBe('agent killed by signal 9');
  });
});
