import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAgentOptions, type AgentOptions } from '../src/index.js';
import { runCli } from './run-cli.js';

function opts(argv: string[], cwd = '/work'): AgentOptions {
  const parsed = parseAgentOptions(argv, cwd);
  if (parsed.kind !== 'run') throw new Error('expected a run');
  return parsed.options;
}

/** A job.ini holding `text` in a fresh temporary folder; its path. */
function iniFile(text: string): string {
  const ini = join(mkdtempSync(join(tmpdir(), 'fz-ini-')), 'job.ini');
  writeFileSync(ini, text);
  return ini;
}

describe('options', () => {
  it("takes the cloud modes' stock source options: --cinder-vol-id, --nova-inst-id, --project-id", () => {
    const cinder = opts(['--mode', 'cinder', '--cinder-vol-id', 'v1', '-N', 'n']);
    expect(cinder.modes.cinderVolId).toBe('v1');
    expect(cinder.ignored).toEqual([]);
    const project = opts(['--mode', 'nova', '--project-id', 'p1', '-N', 'n']);
    expect(project.modes.projectId).toBe('p1');
    expect(project.modes.novaInstId).toBeUndefined();
    expect(opts(['--mode', 'nova', '--nova-inst-id', 'i1', '-N', 'n']).modes.novaInstId).toBe('i1');
  });

  it('takes the stock spellings, short flags and defaults', () => {
    const o = opts([
      '-F',
      'src',
      '-N',
      'data',
      '-C',
      'repo',
      '--storage',
      'local',
      '--max-level',
      '3',
      '-M',
      '8M',
    ]);
    expect(o.action).toBe('backup');
    expect(o.pathToBackup).toBe('/work/src');
    expect(o.container).toBe('/work/repo');
    expect(o.backupName).toBe('data');
    expect(o.maxLevel).toBe(3);
    expect(o.maxSegmentSize).toBe(8 * 1024 * 1024);
    expect(o.compression).toBe('zstd');
    expect(o.encryption).toBe('none');
  });

  it('accepts "--no-incremental true", --nooverwrite and --name=value', () => {
    expect(opts(['-F', '/a', '-N', 'n', '--no-incremental', 'true']).noIncremental).toBe(true);
    expect(opts(['-F', '/a', '-N', 'n', '--no-incremental', 'false']).noIncremental).toBe(false);
    expect(opts(['-F', '/a', '-N', 'n', '--no-incremental']).noIncremental).toBe(true);
    expect(
      opts(['--action=restore', '--restore-abs-path=/r', '-N', 'n', '--overwrite', '--nooverwrite'])
        .overwrite,
    ).toBe(false);
  });

  it('defaults the encryption format to aes-256-gcm and keeps openssl for interop', () => {
    expect(opts(['-F', '/a', '-N', 'n', '--encrypt-pass-file', 'k']).encryption).toBe('aes-256-gcm');
    const stock = opts([
      '-F',
      '/a',
      '-N',
      'n',
      '--encrypt-pass-file',
      'k',
      '--encryption-format',
      'openssl',
      '--compression',
      'gzip',
    ]);
    expect(stock.encryption).toBe('openssl');
    expect(stock.encryptPassFile).toBe('/work/k');
  });

  it('reads [default] with _ and - spellings, lets the command line win, and collects [storage:NAME]', () => {
    const ini = iniFile(
      '[default]\naction = backup\npath_to_backup = /data\nbackup-name = fromini\nmax_level = 2\nno_incremental = False\n' +
        'exclude = *.log, *.tmp\n\n[storage:one]\nstorage = local\ncontainer = /b1\n',
    );
    const o = opts(['--config', ini, '--backup-name', 'fromcli']);
    expect(o.pathToBackup).toBe('/data');
    expect(o.backupName).toBe('fromcli');
    expect(o.maxLevel).toBe(2);
    expect(o.exclude).toEqual(['*.log', '*.tmp']);
    expect(o.storageSections).toEqual([{ name: 'one', values: { storage: 'local', container: '/b1' } }]);
  });

  it('[storage:NAME] sections are the storages whatever [default] or --storage say, as stock', () => {
    const ini = iniFile(
      '[default]\nstorage = local\ncontainer = /tmp/backup/\nbackup_name = b\npath_to_backup = /data\n' +
        '[storage:first]\nstorage=local\ncontainer = /tmp/backup1/\n',
    );
    const fromIni = opts(['--config', ini]);
    expect(fromIni.storage).toBe('multiple');
    expect(fromIni.replacedStorage).toEqual({ storage: 'local', container: '/tmp/backup/' });
    const fromCli = opts(['--config', ini, '--storage', 'ssh']);
    expect(fromCli.storage).toBe('multiple');
    expect(fromCli.replacedStorage?.storage).toBe('ssh');
    expect(() => opts(['--config', ini, '--storage', 'ftp'])).toThrow(/--storage: "ftp" is not one of/);
    writeFileSync(
      ini,
      '[default]\nbackup_name = b\npath_to_backup = /data\n[storage:one]\ncontainer = /b1\n',
    );
    expect(opts(['--config', ini]).replacedStorage).toBeUndefined();
  });

  it('reads the [action] section the stock freezer-scheduler writes, merged like [default]', () => {
    // freezer-scheduler's Job.execute: freezer_action as `key = str(value)` under [action].
    const ini = iniFile(
      '[default]\ncompression = gzip\nmax_level = 1\n\n[action]\naction = backup\nmode = fs\n' +
        'path_to_backup = /data\nbackup_name = sched\ncontainer = /repo\nstorage = local\nmax_level = 3\n',
    );
    const o = opts(['--config', ini]);
    expect(o.action).toBe('backup');
    expect(o.pathToBackup).toBe('/data');
    expect(o.backupName).toBe('sched');
    expect(o.container).toBe('/repo');
    expect(o.compression).toBe('gzip');
    expect(o.maxLevel).toBe(3); // later keys win, as configparser's merge of sections does
    expect(o.storageSections).toEqual([]);
  });

  it('backs up from a scheduler-style [action] config and prints the metadata', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fz-ini-run-'));
    const source = join(dir, 'src');
    mkdirSync(source);
    writeFileSync(join(source, 'a.txt'), 'hello from the scheduler\n');
    const ini = join(dir, 'job.ini');
    writeFileSync(
      ini,
      `[action]\naction = backup\nmode = fs\npath_to_backup = ${source}\nbackup_name = sched\n` +
        `container = ${join(dir, 'repo')}\nstorage = local\nhostname = h1\n`,
    );
    const r = await runCli(['--metadata-out', '-', '--config', ini]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { backup_name: string; curr_backup_level: number };
    expect(report.backup_name).toBe('sched');
    expect(report.curr_backup_level).toBe(0);
    expect(readdirSync(join(dir, 'repo', 'metadata', 'tar'))).toEqual(['h1_sched']);
  });

  it('takes --restore-paths repeated and comma-separated, and restore_paths / no_catalog_upload from INI', () => {
    const fromCli = opts([
      '--action',
      'restore',
      '-N',
      'n',
      '--restore-abs-path',
      '/r',
      '--restore-paths',
      'docs/a.txt, src/*.ts',
      '--restore-paths',
      'etc',
    ]);
    expect(fromCli.restorePaths).toEqual(['docs/a.txt', 'src/*.ts', 'etc']);
    expect(fromCli.noCatalogUpload).toBe(false);
    const ini = iniFile(
      '[action]\naction = backup\npath_to_backup = /data\nbackup_name = n\n' +
        'catalog_out = cat.ndjson\nno_catalog_upload = true\nrestore_paths = a,b/c\n',
    );
    const o = opts(['--config', ini], '/work');
    expect(o.noCatalogUpload).toBe(true);
    expect(o.catalogOut).toBe('/work/cat.ndjson');
    expect(o.restorePaths).toEqual(['a', 'b/c']);
  });

  it('parses sizes with suffixes for the limits', () => {
    const o = opts(['-F', '/a', '-N', 'n', '--upload-limit', '10K', '--download-limit', '1.5M']);
    expect(o.uploadLimit).toBe(10240);
    expect(o.downloadLimit).toBe(1572864);
  });
});

describe('usage errors exit 2 with one line', () => {
  const cases: [string, string[], RegExp][] = [
    ['unknown option', ['--bogus'], /unknown option --bogus/],
    [
      'contradictory levels',
      ['-F', '/a', '-N', 'n', '--max-level', '2', '--always-level', '1'],
      /contradict/,
    ],
    [
      'no-incremental with levels',
      ['-F', '/a', '-N', 'n', '--no-incremental', 'true', '--max-level', '2'],
      /contradicts/,
    ],
    ['restart without always', ['-F', '/a', '-N', 'n', '--restart-always-level', '3'], /only works together/],
    ['missing path', ['-N', 'n'], /needs --path-to-backup/],
    ['bad action', ['--action', 'explode'], /not one of/],
    ['bad compression', ['-F', '/a', '-N', 'n', '--compression', 'lz77'], /not one of/],
    [
      'bad date',
      [
        '--action',
        'restore',
        '-N',
        'n',
        '--restore-abs-path',
        '/r',
        '--restore-from-date',
        '2026-13-01T00:00:00',
      ],
      /not a valid date/,
    ],
    ['bad size', ['-F', '/a', '-N', 'n', '-M', 'lots'], /not a size/],
    ['admin without policy', ['--action', 'admin', '-N', 'n'], /needs --remove-older-than/],
    ['stray argument', ['backup'], /unexpected argument/],
    [
      'openssl with zstd',
      ['-F', '/a', '-N', 'n', '--encrypt-pass-file', 'k', '--encryption-format', 'openssl'],
      /gzip/,
    ],
    ['mode', ['--mode', 'oracle', '-F', '/a', '-N', 'n'], /not supported/],
    [
      'nova without a source',
      ['--mode', 'nova', '-N', 'n'],
      /--mode nova needs --nova-inst-id, --nova-inst-name or --project-id/,
    ],
  ];
  for (const [title, argv, message] of cases) {
    it(title, async () => {
      const r = await runCli(argv);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    });
  }

  it('prints --version and --help with exit 0', async () => {
    expect((await runCli(['--version'])).stdout).toMatch(/^freezer-agent \d+\.\d+\.\d+\n$/);
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--restore-from-date');
  });
});
