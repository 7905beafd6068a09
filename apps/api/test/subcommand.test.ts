// The subcommands (`catalog`, `setup-admin`) share one argument parser: help exits 0, a bad argument
// exits 2 with one line naming the command, good arguments run the command.
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runCatalog } from '../src/catalog-command.js';
import { parseSubcommand } from '../src/subcommand.js';

const program = () => new Command('freezer-api demo').option('--name <name>', 'a name');

describe('parseSubcommand', () => {
  afterEach(() => vi.restoreAllMocks());

  it('lets good arguments through', () => {
    const p = program();
    expect(parseSubcommand(p, ['--name', 'x'])).toBeUndefined();
    expect(p.opts()).toEqual({ name: 'x' });
  });

  it('answers a bad argument with exit 2 and one message naming the command', () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(parseSubcommand(program(), ['--bogus'])).toBe(2);
    expect(errors.mock.calls).toEqual([["freezer-api demo: unknown option '--bogus'"]]);
  });

  it('prints help on stdout and exits 0', () => {
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    expect(parseSubcommand(program(), ['--help'])).toBe(0);
    expect(String(out.mock.calls[0]?.[0])).toContain('Usage: freezer-api demo');
  });

  it('serves the catalog command', () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(runCatalog(['--public-url'], {})).toBe(2);
    expect(errors.mock.calls).toEqual([
      ["freezer-api catalog: option '--public-url <url>' argument missing"],
    ]);
  });
});
