// @vitest-environment node
// Every choice the action editor offers must run: the editor's action goes the way a real one goes
// (editor form → job action → the scheduler's agent config file → the agent's option parser). And
// every name the agent accepts must be offered, unless the vocabulary lists it as CLI-only.
import { parseAgentOptions } from '@freezer/engine';
import { actionToIni } from '@freezer/scheduler';
import {
  AGENT_MODES,
  CLI_ONLY,
  COMPRESSIONS,
  ENCRYPTION_FORMATS,
  IMAGE_MODES,
  STOCK_ENGINES,
  STOCK_MODES,
  WIRE_STORAGES,
} from '@freezer/schema';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ACTIONS,
  COMPRESSIONS as OFFERED_COMPRESSIONS,
  emptyActionForm,
  ENCRYPTION_FORMATS as OFFERED_ENCRYPTIONS,
  ENGINES,
  MODES,
  STORAGES,
  toJobAction,
  validateAction,
  type ActionForm,
} from '../src/features/actions/api/action-form';
import { cloudSourceOf, sourceChoices, type CloudSource } from '../src/features/actions/api/cloud-source';
import { restoreJob } from '../src/features/backups/api/restore';

const dir = mkdtempSync(join(tmpdir(), 'freezer-web-agent-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A backup form the editor accepts, with what the chosen mode and storage ask for filled in. */
function backupForm(patch: Partial<ActionForm>): ActionForm {
  const f: ActionForm = { ...emptyActionForm(), ...patch };
  const cloud = cloudSourceOf(f.mode);
  f.text = {
    backup_name: 'b1',
    container: '/srv/backups',
    ...(f.mode === 'postgres' || cloud || f.mode === 'cindernative' ? {} : { path_to_backup: '/srv/data' }),
    ...(cloud ? { [cloud.id]: 'b0f1c2d3-0000-4000-8000-000000000001' } : {}),
    ...(f.mode === 'cindernative' ? { cindernative_vol_id: 'b0f1c2d3-0000-4000-8000-000000000001' } : {}),
    ...(f.mode === 'mysql' ? { mysql_conf: '/etc/freezer/mysql.ini' } : {}),
    ...(f.mode === 'postgres' ? { postgres_conf: '/etc/freezer/pg.ini' } : {}),
    ...(f.storage === 'ssh' ? { ssh_host: '127.0.0.1' } : {}),
    ...(f.encryption ? { encrypt_pass_file: '/etc/freezer/key' } : {}),
    ...patch.text,
  };
  if (f.encryption === 'openssl') f.compression = 'gzip';
  return f;
}

/** The form as the scheduler hands it to the agent; throws the agent's usage error if it refuses. */
function agentParses(f: ActionForm): void {
  expect(validateAction(f)).toEqual({});
  const file = join(dir, 'action.ini');
  writeFileSync(file, actionToIni(toJobAction(f).freezer_action));
  parseAgentOptions(['--config', file], dir);
}

/** Whether the agent's parser takes this value for this option (everything else valid). */
function agentAccepts(option: 'mode' | 'storage' | 'engine' | 'compression' | 'encryption', value: string) {
  const f = backupForm({
    storage: 'local',
    ...(option === 'mode' ? { mode: value } : {}),
    ...(option === 'encryption' ? { encryption: value } : {}),
  });
  const fa = { ...toJobAction(f).freezer_action } as Record<string, unknown>;
  if (option === 'storage') fa.storage = value;
  if (option === 'engine') fa.engine_name = value;
  if (option === 'compression') fa.compression = value;
  if (option === 'mode' && value === 'mongo') fa.path_to_backup = '/srv/data';
  const file = join(dir, 'probe.ini');
  writeFileSync(file, actionToIni({ ...fa, ssh_host: '127.0.0.1' }));
  try {
    parseAgentOptions(['--config', file], dir);
    return true;
  } catch {
    return false;
  }
}

describe('every choice the action editor offers is accepted by the agent', () => {
  it.each(MODES.map((m) => [m]))('mode %s', (mode) => agentParses(backupForm({ mode })));
  it.each(STORAGES.map((s) => [s]))('storage %s', (storage) => agentParses(backupForm({ storage })));
  it.each(ENGINES.map((e) => [e]))('engine %s', (engine) => agentParses(backupForm({ engine })));
  it.each(OFFERED_COMPRESSIONS.map((c) => [c]))('compression %s', (compression) =>
    agentParses(backupForm({ compression })),
  );
  it.each(OFFERED_ENCRYPTIONS.map((e) => [e]))('encryption format %s', (encryption) =>
    agentParses(backupForm({ encryption })),
  );

  it('every action', () => {
    expect([...ACTIONS]).toEqual(['backup', 'restore', 'info', 'admin', 'exec', 'drill']);
    agentParses(backupForm({}));
    agentParses(backupForm({ action: 'restore', text: { restore_abs_path: '/tmp/r' } }));
    agentParses(backupForm({ action: 'info' }));
    agentParses(backupForm({ action: 'admin', text: { remove_older_than: '30' } }));
    agentParses({ ...emptyActionForm(), action: 'exec', text: { command: 'echo hi' } });
    agentParses(
      backupForm({
        action: 'drill',
        text: { drill_probe: 'test -d "$FREEZER_DRILL_SANDBOX"', drill_root: '/var/tmp/d' },
      }),
    );
  });
});

/** The agent's options after the scheduler's INI, or its usage error's message. */
function agentModes(f: ActionForm): Record<string, unknown> | string {
  const file = join(dir, 'cloud.ini');
  writeFileSync(file, actionToIni(toJobAction(f).freezer_action));
  try {
    const parsed = parseAgentOptions(['--config', file], dir);
    return parsed.kind === 'run' ? { ...parsed.options.modes } : 'not a run';
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

describe('the cloud modes: the source by id, by name or the whole project', () => {
  const cloud = (action: string, mode: string, source: CloudSource, text: ActionForm['text']) =>
    backupForm({ action, mode, source, storage: 'local', text: { ...text } });
  const waysOf = (action: string) =>
    IMAGE_MODES.flatMap((m) => sourceChoices(m, action).map((w) => [action, m, w] as const));
  const ways = [...waysOf('backup'), ...waysOf('restore')];
  const SELECTORS = [
    'glanceImageId',
    'glanceImageName',
    'cinderVolId',
    'cinderVolName',
    'novaInstId',
    'novaInstName',
  ] as const;

  it('offers the stock ways: glance and nova the whole project, cinder id and name only', () => {
    expect(waysOf('backup').map(([, m, w]) => `${m} ${w}`)).toEqual([
      'glance id',
      'glance name',
      'glance project',
      'cinder id',
      'cinder name',
      'nova id',
      'nova name',
      'nova project',
    ]);
    // A cinder restore makes a new volume from the backup name alone: nothing to choose.
    expect(waysOf('restore').map(([, m, w]) => `${m} ${w}`)).toEqual([
      'glance any',
      'glance id',
      'glance name',
      'glance project',
      'nova any',
      'nova id',
      'nova name',
      'nova project',
    ]);
    expect(waysOf('admin')).toEqual([]);
  });

  it.each(ways)('%s %s %s reaches the agent as that one way', (action, mode, way) => {
    const c = cloudSourceOf(mode);
    if (!c) throw new Error(mode);
    // The id the test form starts with stays typed in: only the chosen way may reach the agent.
    const text = way === 'name' ? { [c.name]: 'web' } : way === 'project' ? { project_id: 'p1' } : {};
    const f = cloud(action, mode, way, text);
    expect(validateAction(f)).toEqual({});
    const modes = agentModes(f);
    if (typeof modes === 'string') throw new Error(modes);
    const given = SELECTORS.filter((k) => modes[k] !== undefined);
    expect(given).toHaveLength(way === 'project' || way === 'any' ? 0 : 1);
    expect(modes.projectId).toBe(way === 'project' ? 'p1' : undefined);
  });

  it('glance: the name filter goes with the whole project, with or without a project id', () => {
    const filter = cloud('backup', 'glance', 'project', { glance_image_name_filter: 'test' });
    expect(validateAction(filter)).toEqual({});
    expect(agentModes(filter)).toMatchObject({ glanceImageNameFilter: 'test', glanceImageId: undefined });
    const both = cloud('backup', 'glance', 'project', { glance_image_name_filter: 'test', project_id: 'p1' });
    expect(agentModes(both)).toMatchObject({ glanceImageNameFilter: 'test', projectId: 'p1' });
    // Not on a restore (the agent refuses it there): the editor neither sends it nor takes it as the project.
    const restore = { ...both, action: 'restore' };
    expect(toJobAction(restore).freezer_action).not.toHaveProperty('glance_image_name_filter');
    expect(agentModes(restore)).toMatchObject({ projectId: 'p1', glanceImageNameFilter: undefined });
    const filterOnly = { ...filter, action: 'restore' };
    expect(validateAction(filterOnly)).toHaveProperty('project_id');
  });

  it('the editor refuses what the agent refuses: an empty way', () => {
    for (const [action, mode, way] of ways) {
      if (way === 'any') continue;
      const f = { ...cloud(action, mode, way, {}), text: { backup_name: 'b', container: '/c' } };
      expect(Object.keys(validateAction(f))).toHaveLength(1);
      // The agent needs a source on a backup; on a restore an empty way is the backup name alone.
      if (action === 'backup') expect(typeof agentModes(f)).toBe('string');
    }
  });
});

describe("cindernative: Cinder's own backups", () => {
  const native = (action: string, text: ActionForm['text'], flags: ActionForm['flags'] = {}) => ({
    ...emptyActionForm(),
    mode: 'cindernative',
    action,
    text,
    flags,
  });

  it('backup, restore and admin reach the agent without storage options', () => {
    const backup = native('backup', { cindernative_vol_id: 'v1', backup_name: 'b' }, { incremental: true });
    agentParses(backup);
    const fa = toJobAction(backup).freezer_action as Record<string, unknown>;
    expect(fa).toMatchObject({ mode: 'cindernative', cindernative_vol_id: 'v1', incremental: true });
    expect(fa).not.toHaveProperty('storage');
    expect(fa).not.toHaveProperty('compression');
    agentParses(native('restore', { cindernative_backup_id: 'b1', timeout: '3600' }));
    agentParses(native('admin', { cindernative_vol_id: 'v1', fullbackup_rotation: '2' }));
    agentParses(native('admin', { cindernative_vol_id: 'v1', remove_older_than: '7' }));
  });

  it("a cindernative record's restore job reaches the agent", () => {
    const m = {
      backup_name: 'b',
      container: 'c',
      mode: 'cindernative',
      cinder_backup_id: 'b1',
      cindernative_vol_id: 'v1',
    };
    for (const atPoint of [true, false]) {
      const job = restoreJob(m, { clientId: 'c1', restorePath: '', atPoint, fromDate: '2025-11-30T08:00' });
      const file = join(dir, 'native-restore.ini');
      writeFileSync(file, actionToIni(job.job_actions[0]?.freezer_action ?? {}));
      const parsed = parseAgentOptions(['--config', file], dir);
      expect(parsed.kind === 'run' && parsed.options.modes.mode).toBe('cindernative');
    }
  });

  it('the editor asks for what the agent would refuse', () => {
    expect(validateAction(native('backup', {}))).toHaveProperty('cindernative_vol_id');
    expect(validateAction(native('restore', {}))).toHaveProperty('cindernative_vol_id');
    const both = native('admin', {
      cindernative_vol_id: 'v',
      remove_older_than: '1',
      fullbackup_rotation: '1',
    });
    expect(validateAction(both)).toHaveProperty('remove_older_than');
    expect(validateAction(native('info', {}))).toHaveProperty('action');
  });
});

describe('everything the agent accepts is offered, or CLI-only on purpose', () => {
  const offeredOrCliOnly = (
    offered: readonly string[],
    cliOnly: readonly string[],
    names: readonly string[],
  ) => names.filter((n) => !offered.includes(n) && !cliOnly.includes(n));

  it('modes', () => {
    const accepted = [...new Set([...AGENT_MODES, ...STOCK_MODES])].filter((m) => agentAccepts('mode', m));
    expect(accepted.length).toBeGreaterThan(0);
    expect(offeredOrCliOnly(MODES, CLI_ONLY.modes, accepted)).toEqual([]);
  });

  it('storages', () => {
    const accepted = WIRE_STORAGES.filter((s) => agentAccepts('storage', s));
    expect(accepted).toContain('multiple');
    expect(offeredOrCliOnly(STORAGES, CLI_ONLY.storages, accepted)).toEqual([]);
  });

  it('engines', () => {
    const accepted = STOCK_ENGINES.filter((e) => agentAccepts('engine', e));
    expect(offeredOrCliOnly(ENGINES, CLI_ONLY.engines, accepted)).toEqual([]);
  });

  it('compressions and encryption formats', () => {
    const compressions = COMPRESSIONS.filter((c) => agentAccepts('compression', c));
    expect(offeredOrCliOnly(OFFERED_COMPRESSIONS, CLI_ONLY.compressions, compressions)).toEqual([]);
    const formats = ENCRYPTION_FORMATS.filter((e) => agentAccepts('encryption', e));
    expect(offeredOrCliOnly(OFFERED_ENCRYPTIONS, CLI_ONLY.encryptionFormats, formats)).toEqual([]);
  });

  it('the probe itself tells a refused name from an accepted one', () => {
    expect(agentAccepts('storage', 'ftp')).toBe(false);
    expect(agentAccepts('mode', 'sqlserver')).toBe(false);
    expect(agentAccepts('storage', 'local')).toBe(true);
  });
});
