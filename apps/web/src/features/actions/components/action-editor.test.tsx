import { DASHBOARD_CHOICES } from '@freezer/schema';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { emptyActionForm, toJobAction, validateAction, type ActionForm } from '../api/action-form';
import { ActionEditor } from './action-editor';

afterEach(cleanup);

let latest: ActionForm = emptyActionForm();

function Harness() {
  const [value, setValue] = useState(emptyActionForm());
  latest = value;
  return <ActionEditor value={value} onChange={setValue} errors={validateAction(value)} />;
}

const optionsOf = (label: string) =>
  [...(screen.getByLabelText(label) as HTMLSelectElement).options].map((o) => o.value).filter(Boolean);

describe('ActionEditor', () => {
  it('offers exactly the vocabulary choices the agent runs', () => {
    render(<Harness />);
    expect(optionsOf('Mode')).toEqual([...DASHBOARD_CHOICES.modes]);
    expect(optionsOf('Storage')).toEqual([...DASHBOARD_CHOICES.storages]);
    expect(optionsOf('Compression')).toEqual([...DASHBOARD_CHOICES.compressions]);
    expect(optionsOf('Engine')).toEqual([...DASHBOARD_CHOICES.engines]);
    expect(optionsOf('Encryption format')).toEqual([...DASHBOARD_CHOICES.encryptionFormats]);
    expect(optionsOf('Mode')).toEqual(expect.arrayContaining(['sqlite', 'postgres']));
    expect(optionsOf('Mode')).not.toContain('sqlserver');
    expect(optionsOf('Storage')).not.toContain('ftp');
  });

  it('postgres asks for its connection file instead of a path to back up', () => {
    render(<Harness />);
    fireEvent.change(screen.getByLabelText('Mode'), { target: { value: 'postgres' } });
    expect(screen.queryByLabelText('Path to backup')).toBeNull();
    expect(screen.getByText(/postgres mode needs the INI file/)).toBeTruthy();
    fireEvent.change(screen.getByLabelText('PostgreSQL connection file'), {
      target: { value: '/etc/freezer/pg.ini' },
    });
    expect(toJobAction(latest).freezer_action).toMatchObject({
      mode: 'postgres',
      postgres_conf: '/etc/freezer/pg.ini',
    });
  });

  it('a cloud backup names its source by id, by name or, for nova and glance, the whole project', () => {
    render(<Harness />);
    fireEvent.change(screen.getByLabelText('Mode'), { target: { value: 'cinder' } });
    expect(screen.getByRole('group', { name: 'Which Cinder volume' })).toBeTruthy();
    expect(screen.queryByRole('radio', { name: 'The whole project' })).toBeNull();
    expect(screen.getByText(/cinder mode needs the id of the volume/)).toBeTruthy();
    fireEvent.click(screen.getByRole('radio', { name: 'By name' }));
    expect(screen.queryByLabelText('Cinder volume id')).toBeNull();
    fireEvent.change(screen.getByLabelText('Cinder volume name'), { target: { value: 'db' } });

    fireEvent.change(screen.getByLabelText('Mode'), { target: { value: 'nova' } });
    fireEvent.click(screen.getByRole('radio', { name: 'The whole project' }));
    expect(screen.queryByLabelText('Nova instance name')).toBeNull();
    expect(screen.getByText('Give the project whose every instance is backed up.')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Project id'), { target: { value: 'p1' } });
    expect(screen.queryByText('Give the project whose every instance is backed up.')).toBeNull();
    const fa = toJobAction(latest).freezer_action;
    expect(fa).toMatchObject({ mode: 'nova', project_id: 'p1' });
    expect(fa).not.toHaveProperty('cinder_vol_name');

    fireEvent.change(screen.getByLabelText('Mode'), { target: { value: 'glance' } });
    expect(screen.getByLabelText('Leave out names containing')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Action'), { target: { value: 'restore' } });
    // A restore: the same ways or the backup name alone, never the filter.
    expect(screen.getByRole('radio', { name: 'By backup name only' })).toBeTruthy();
    expect(screen.queryByLabelText('Leave out names containing')).toBeNull();
    fireEvent.click(screen.getByRole('radio', { name: 'By backup name only' }));
    expect(screen.queryByLabelText('Project id')).toBeNull();
    fireEvent.change(screen.getByLabelText('Mode'), { target: { value: 'cinder' } });
    expect(screen.queryByRole('group', { name: 'Which Cinder volume' })).toBeNull();
  });
});
