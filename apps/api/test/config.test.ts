import { describe, expect, it } from 'vitest';
import { UsageError, parseConfig } from '../src/config.js';

describe('configuration', () => {
  it('takes the PostgreSQL pool size from --db-pool or FREEZER_DB_POOL, default 20, at least 1', () => {
    expect(parseConfig([], {}, 'v').dbPool).toBe(20);
    expect(parseConfig([], { FREEZER_DB_POOL: '25' }, 'v').dbPool).toBe(25);
    expect(parseConfig(['--db-pool', '40'], { FREEZER_DB_POOL: '25' }, 'v').dbPool).toBe(40);
    expect(() => parseConfig(['--db-pool', '0'], {}, 'v')).toThrow(
      new UsageError('--db-pool must be at least 1'),
    );
    expect(() => parseConfig(['--db-pool', 'many'], {}, 'v')).toThrow(UsageError);
  });

  it('refuses a non-loopback address without --auth, accepts it with', () => {
    expect(() => parseConfig(['--host', '10.0.0.11'], {}, 'v')).toThrow(/refusing to listen on 10.0.0.11/);
    expect(parseConfig(['--host', '10.0.0.11'], { FREEZER_AUTH: 'on' }, 'v').host).toBe('10.0.0.11');
  });
});
