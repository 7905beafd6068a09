// The stock source options of the image-based cloud modes without a cloud: how a name becomes one id,
// and which combinations are usage errors (apps/agent/test/openstack/* resolve names in the real cloud).
import { describe, expect, it } from 'vitest';
import { onlyMatch } from '../../src/modes/cloud-names.js';
import { parseAgentOptions } from '../../src/index.js';
import { runCli } from '../run-cli.js';

const look = { what: 'Nova instance', name: 'web', idOption: '--nova-inst-id' };

describe('onlyMatch', () => {
  it('takes the one source with exactly the name', () => {
    const listed = [
      { id: 'a', name: 'web-2' },
      { id: 'b', name: 'web' },
      { id: 'c', name: 'Web' },
    ];
    expect(onlyMatch(look, listed)).toBe('b');
  });

  it('refuses no match and several matches with one line naming them', () => {
    expect(() => onlyMatch(look, [{ id: 'a', name: 'webs' }])).toThrow(/^no Nova instance is named "web"$/);
    expect(() =>
      onlyMatch(look, [
        { id: 'a', name: 'web' },
        { id: 'b', name: null },
        { id: 'c', name: 'web' },
      ]),
    ).toThrow(/^2 Nova instances are named "web" \(a, c\): choose one with --nova-inst-id$/);
  });
});

describe('name options', () => {
  it('parses the stock name options (no longer accepted and ignored)', () => {
    const parse = (mode: string, flag: string) => {
      const parsed = parseAgentOptions(['--mode', mode, flag, 'x', '-N', 'n'], '/work');
      if (parsed.kind !== 'run') throw new Error('expected a run');
      expect(parsed.options.ignored).toEqual([]);
      return parsed.options.modes;
    };
    expect(parse('glance', '--glance-image-name').glanceImageName).toBe('x');
    expect(parse('glance', '--glance-image-name-filter').glanceImageNameFilter).toBe('x');
    expect(parse('nova', '--nova-inst-name').novaInstName).toBe('x');
    expect(parse('cinder', '--cinder-vol-name').cinderVolName).toBe('x');
  });

  const usage: [string, string[], RegExp][] = [
    [
      'nova: id and name',
      ['--mode', 'nova', '--nova-inst-id', 'i', '--nova-inst-name', 'n'],
      /give one of --nova-inst-id, --nova-inst-name/,
    ],
    [
      'cinder without a source',
      ['--mode', 'cinder'],
      /--mode cinder needs --cinder-vol-id or --cinder-vol-name/,
    ],
    [
      'glance: name and filter',
      ['--mode', 'glance', '--glance-image-name', 'a', '--glance-image-name-filter', 'b'],
      /give one of --glance-image-name, --glance-image-name-filter/,
    ],
    [
      'glance without a source',
      ['--mode', 'glance'],
      /--mode glance needs --glance-image-id, --glance-image-name, --glance-image-name-filter or --project-id/,
    ],
    [
      'glance filter on restore',
      ['--action', 'restore', '--mode', 'glance', '--glance-image-name-filter', 'x'],
      /restore each with --backup-name <name>_<image id>/,
    ],
  ];
  for (const [title, argv, message] of usage) {
    it(`usage error: ${title}`, async () => {
      const r = await runCli([...argv, '-N', 'n']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    });
  }
});
