import type { JobAction } from '@freezer/api-client';
import { describe, expect, it } from 'vitest';
import {
  emptyActionForm,
  fromJobAction,
  sameBackupAs,
  type ActionForm,
  summarizeAction,
  toJobAction,
  validateAction,
} from './action-form';
import type { CloudSource } from './cloud-source';

const cloudBackup = (mode: string, source: CloudSource, text: Record<string, string>): ActionForm => ({
  ...emptyActionForm(),
  mode,
  source,
  storage: 'swift',
  text: { backup_name: 'b', container: 'c', ...text },
});

describe('the cloud source of a backup', () => {
  it('sends only the chosen way, whatever the other inputs still hold', () => {
    const typed = { glance_image_id: 'i-1', glance_image_name: 'web', glance_image_name_filter: 'tmp' };
    const byName = toJobAction(cloudBackup('glance', 'name', typed)).freezer_action;
    expect(byName).toMatchObject({ mode: 'glance', glance_image_name: 'web' });
    expect(byName).not.toHaveProperty('glance_image_id');
    expect(byName).not.toHaveProperty('glance_image_name_filter');
    const byId = toJobAction(cloudBackup('glance', 'id', typed)).freezer_action;
    expect(byId).toMatchObject({ glance_image_id: 'i-1' });
    expect(byId).not.toHaveProperty('glance_image_name');
    const project = toJobAction(
      cloudBackup('glance', 'project', { ...typed, project_id: 'p1' }),
    ).freezer_action;
    expect(project).toMatchObject({ project_id: 'p1', glance_image_name_filter: 'tmp' });
    expect(project).not.toHaveProperty('glance_image_id');
    expect(project).not.toHaveProperty('glance_image_name');
  });

  it('asks for the id, the name or the project of the chosen way', () => {
    expect(validateAction(cloudBackup('nova', 'id', {}))).toHaveProperty('nova_inst_id');
    expect(validateAction(cloudBackup('nova', 'name', { nova_inst_id: 'i-1' }))).toHaveProperty(
      'nova_inst_name',
    );
    expect(validateAction(cloudBackup('nova', 'name', { nova_inst_name: ' ' }))).toHaveProperty(
      'nova_inst_name',
    );
    expect(validateAction(cloudBackup('nova', 'project', {}))).toHaveProperty('project_id');
    expect(validateAction(cloudBackup('nova', 'project', { project_id: 'p1' }))).toEqual({});
    // glance's filter alone selects the images of the agent's own project, as the stock agent does.
    expect(validateAction(cloudBackup('glance', 'project', { glance_image_name_filter: 'tmp' }))).toEqual({});
    expect(validateAction(cloudBackup('cinder', 'name', { cinder_vol_name: 'db' }))).toEqual({});
  });

  it('cinder has no whole-project way: a project choice left from nova means the id', () => {
    const f = cloudBackup('cinder', 'project', { project_id: 'p1' });
    expect(validateAction(f)).toHaveProperty('cinder_vol_id');
    f.text = { ...f.text, cinder_vol_id: 'v-1' };
    expect(validateAction(f)).toEqual({});
    // The project id stays what it is for every mode: the project the agent logs in to.
    expect(toJobAction(f).freezer_action).toMatchObject({ cinder_vol_id: 'v-1', project_id: 'p1' });
  });

  it('a stored action comes back with its way chosen', () => {
    const stored = (fa: Record<string, string>): JobAction => ({
      freezer_action: { action: 'backup', backup_name: 'b', ...fa },
    });
    expect(fromJobAction(stored({ mode: 'glance', glance_image_name: 'web' })).source).toBe('name');
    expect(fromJobAction(stored({ mode: 'nova', project_id: 'p1' })).source).toBe('project');
    expect(fromJobAction(stored({ mode: 'glance', glance_image_name_filter: 'x' })).source).toBe('project');
    expect(fromJobAction(stored({ mode: 'nova', nova_inst_id: 'i', project_id: 'p1' })).source).toBe('id');
    expect(fromJobAction(stored({ mode: 'cinder', project_id: 'p1' })).source).toBe('any');
    const round = stored({ mode: 'nova', nova_inst_name: 'web', project_id: 'p1' });
    expect(toJobAction(fromJobAction(round)).freezer_action).toMatchObject(round.freezer_action);
  });

  it('a glance or nova restore: the backup name alone, or one of the ways without the filter', () => {
    const restore = (
      source: 'any' | 'id' | 'name' | 'project',
      text: Record<string, string>,
    ): ActionForm => ({
      ...cloudBackup('nova', source, text),
      action: 'restore',
    });
    // A project id under "backup name only" would make the agent restore the whole project: not sent.
    const alone = toJobAction(restore('any', { project_id: 'p1', nova_inst_id: 'i-1' })).freezer_action;
    expect(alone).not.toHaveProperty('project_id');
    expect(alone).not.toHaveProperty('nova_inst_id');
    expect(validateAction(restore('project', {}))).toHaveProperty('project_id');
    expect(toJobAction(restore('project', { project_id: 'p1' })).freezer_action).toMatchObject({
      project_id: 'p1',
    });
    expect(summarizeAction(toJobAction(restore('project', { project_id: 'p1' })).freezer_action)).toBe(
      'restore nova → swift every Nova instance of project p1',
    );
    // cinder restores by backup name only: an id or a name there would pick nothing.
    const cinder = { ...cloudBackup('cinder', 'id', { cinder_vol_id: 'v-1' }), action: 'restore' };
    expect(validateAction(cinder)).toEqual({});
    expect(toJobAction(cinder).freezer_action).not.toHaveProperty('cinder_vol_id');
  });

  it('a restore of the same backup as a whole-project backup restores that project', () => {
    const backup = cloudBackup('nova', 'project', { project_id: 'p1' });
    const restore = sameBackupAs({ ...emptyActionForm(), action: 'restore' }, backup);
    expect(validateAction(restore)).toEqual({});
    expect(toJobAction(restore).freezer_action).toMatchObject({
      action: 'restore',
      mode: 'nova',
      backup_name: 'b',
      project_id: 'p1',
    });
    // One instance by id: the restore stays by backup name alone.
    const one = sameBackupAs(
      { ...emptyActionForm(), action: 'restore' },
      cloudBackup('nova', 'id', { nova_inst_id: 'i-1', project_id: 'p1' }),
    );
    expect(toJobAction(one).freezer_action).not.toHaveProperty('project_id');
  });

  it('says the source in words', () => {
    const words = (f: ActionForm) => summarizeAction(toJobAction(f).freezer_action);
    expect(words(cloudBackup('glance', 'name', { glance_image_name: 'web' }))).toBe(
      'backup glance → swift the Glance image named “web”',
    );
    expect(words(cloudBackup('nova', 'project', { project_id: 'p1' }))).toBe(
      'backup nova → swift every Nova instance of project p1',
    );
    expect(words(cloudBackup('glance', 'project', { glance_image_name_filter: 'tmp' }))).toBe(
      'backup glance → swift every Glance image of the agent’s project whose name does not contain “tmp”',
    );
    expect(words(cloudBackup('cinder', 'id', { cinder_vol_id: 'v-1', project_id: 'p2' }))).toBe(
      'backup cinder → swift the Cinder volume v-1 of project p2',
    );
  });
});
