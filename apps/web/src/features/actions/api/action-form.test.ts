import type { JobAction } from '@freezer/api-client';
import { describe, expect, it } from 'vitest';
import { COMPRESSIONS } from '@freezer/schema';
import { emptyActionForm, fromJobAction, sameBackupAs, toJobAction, validateAction } from './action-form';

describe('action form', () => {
  it('round-trips a stored action and keeps options the editor has no input for', () => {
    const stored = {
      freezer_action: {
        action: 'backup',
        mode: 'fs',
        storage: 'ssh',
        container: '/srv/b',
        path_to_backup: '/etc',
        backup_name: 'etc',
        ssh_host: '127.0.0.1',
        ssh_port: 2222,
        max_level: 3,
        engine_name: 'tar',
        log_file: null,
      },
      max_retries: 2,
      max_retries_interval: 7,
      mandatory: true,
      action_id: 'abc',
    } satisfies JobAction;
    const back = toJobAction(fromJobAction(stored));
    expect(back).toEqual({ ...stored, freezer_action: { ...stored.freezer_action, log_file: undefined } });
    expect(back.freezer_action).not.toHaveProperty('log_file');
  });

  it('sends the engine for backup and restore, and leaves it unset by default', () => {
    const f = emptyActionForm();
    f.text = { backup_name: 'vm', path_to_backup: '/var/lib/images', container: '/c' };
    expect(toJobAction(f).freezer_action).not.toHaveProperty('engine_name');
    f.engine = 'rsync';
    expect(toJobAction(f).freezer_action).toMatchObject({ engine_name: 'rsync' });
    expect(fromJobAction(toJobAction(f)).engine).toBe('rsync');
    f.action = 'restore';
    expect(toJobAction(f).freezer_action).toMatchObject({ engine_name: 'rsync' });
    f.action = 'exec';
    expect(toJobAction(f).freezer_action).not.toHaveProperty('engine_name');
  });

  it('sends no compression or engine for glance, cinder and nova, whose bytes are stored raw in their own engine', () => {
    for (const mode of ['glance', 'cinder', 'nova']) {
      const f = { ...emptyActionForm(), mode, engine: 'rsync' };
      expect(f.compression).not.toBe('');
      const fa = toJobAction(f).freezer_action;
      expect(fa).toMatchObject({ mode });
      expect(fa).not.toHaveProperty('compression');
      expect(fa).not.toHaveProperty('engine_name');
    }
    const fs = { ...emptyActionForm(), engine: 'rsync' };
    expect(toJobAction(fs).freezer_action).toMatchObject({
      compression: fs.compression,
      engine_name: 'rsync',
    });
  });

  it('sends numbers as numbers and drops inputs hidden by the chosen action', () => {
    const f = emptyActionForm();
    f.action = 'restore';
    f.text = {
      backup_name: 'etc',
      restore_abs_path: '/tmp/r',
      container: '/c',
      path_to_backup: '/etc',
      download_limit: '1048576',
    };
    const a = toJobAction(f);
    expect(a.freezer_action).toMatchObject({
      action: 'restore',
      restore_abs_path: '/tmp/r',
      download_limit: 1048576,
    });
    expect(a.freezer_action).not.toHaveProperty('path_to_backup');
    expect(a.max_retries).toBe(3);
  });

  it('reports missing and malformed fields by name', () => {
    const f = emptyActionForm();
    f.text = { max_level: 'two' };
    const e = validateAction(f);
    expect(e.path_to_backup).toMatch(/path/);
    expect(e.backup_name).toBeDefined();
    expect(e.container).toMatch(/container/);
    expect(e.max_level).toMatch(/whole number/);
    f.action = 'exec';
    expect(validateAction(f).command).toMatch(/command/);
    f.text = { command: 'echo hi' };
    expect(validateAction(f)).toEqual({});
  });

  it('an encryption format needs a key file, and openssl the stock compressions', () => {
    const f = emptyActionForm();
    f.text = { backup_name: 'etc', path_to_backup: '/etc', container: '/c' };
    f.encryption = 'openssl';
    f.compression = 'zstd';
    expect(validateAction(f)).toMatchObject({
      encrypt_pass_file: expect.stringMatching(/key file/),
      compression: expect.stringMatching(/gzip/),
    });
    f.compression = 'gzip';
    f.text.encrypt_pass_file = '/etc/freezer/key';
    expect(validateAction(f)).toEqual({});
    expect(toJobAction(f).freezer_action).toMatchObject({
      encryption_format: 'openssl',
      compression: 'gzip',
    });
    expect(fromJobAction(toJobAction(f)).encryption).toBe('openssl');
  });
});

describe('defaults', () => {
  it("a new backup action compresses as the agent does by default (its list's first)", () => {
    expect(emptyActionForm().compression).toBe(COMPRESSIONS[0]);
    expect(emptyActionForm().compression).toBe('zstd');
  });
});

describe('same backup as', () => {
  it("points an admin action at the backup action's name, storage, container and credentials", () => {
    const backup = emptyActionForm();
    backup.storage = 'ssh';
    backup.text = {
      backup_name: 'etc',
      container: '/srv/b',
      ssh_host: 'store1',
      path_to_backup: '/etc',
      encrypt_pass_file: '/k',
    };
    const admin = {
      ...emptyActionForm(),
      action: 'admin',
      text: { remove_older_than: '30', ssh_host: 'old' },
    };
    const out = sameBackupAs(admin, backup);
    expect(out.action).toBe('admin');
    expect(out.storage).toBe('ssh');
    expect(out.text).toEqual({
      remove_older_than: '30',
      backup_name: 'etc',
      container: '/srv/b',
      ssh_host: 'store1',
      encrypt_pass_file: '/k',
    });
    expect(toJobAction(out).freezer_action).toMatchObject({
      action: 'admin',
      backup_name: 'etc',
      container: '/srv/b',
      storage: 'ssh',
    });
  });
});
