import { describe, expect, it } from 'vitest';
import { parseByteRate } from '../src/index.js';

describe('parseByteRate', () => {
  it('parses binary units and plain bytes', () => {
    expect(parseByteRate('10M')).toBe(10 * 1024 * 1024);
    expect(parseByteRate('512K')).toBe(512 * 1024);
    expect(parseByteRate('1G')).toBe(1024 ** 3);
    expect(parseByteRate('1.5m')).toBe(1.5 * 1024 * 1024);
    expect(parseByteRate('2048')).toBe(2048);
    expect(parseByteRate('4MB/s')).toBe(4 * 1024 * 1024);
  });
  it('rejects nonsense with a readable message', () => {
    expect(() => parseByteRate('fast')).toThrow("invalid byte rate 'fast'");
    expect(() => parseByteRate('10X')).toThrow('invalid byte rate');
    expect(() => parseByteRate('0')).toThrow('greater than zero');
  });
});
