import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { NewJob } from '@freezer/api-client';
import { emptyActionForm } from '../../actions/api/action-form';
import { emptyScheduleForm } from '../api/schedule';
import { JobWizardForm } from './job-wizard-form';
import { emptyVerifyForm } from '../../drills/api/drill-job';

afterEach(cleanup);

const initial = {
  clientId: '',
  description: '',
  schedule: emptyScheduleForm,
  actions: [emptyActionForm()],
  startNow: true,
  targets: { rpoHours: '', rtoMinutes: '' },
  verify: emptyVerifyForm,
};
const next = () => fireEvent.click(screen.getByRole('button', { name: 'Next ›' }));
const type = (el: HTMLElement, value: string) => fireEvent.change(el, { target: { value } });

function renderWizard(onSubmit = vi.fn<(j: NewJob) => void>()) {
  render(
    <JobWizardForm
      initial={initial}
      clients={['default_host1']}
      submitLabel="Create job"
      onSubmit={onSubmit}
      onCancel={() => {}}
    />,
  );
  return onSubmit;
}

describe('JobWizardForm', () => {
  it('refuses to leave a step with errors and shows them at the fields', () => {
    renderWizard();
    next();
    expect(screen.getByText('Choose the client that runs this job.')).toBeTruthy();
    expect(screen.getByLabelText('Client').getAttribute('aria-invalid')).toBe('true');
    type(screen.getByLabelText('Client'), 'default_host1');
    next();
    type(screen.getByLabelText('Every'), '0');
    next();
    expect(screen.getByText('The interval must be a whole number ≥ 1.')).toBeTruthy();
    type(screen.getByLabelText('Every'), '2');
    expect(within(screen.getByRole('region', { name: 'Next runs' })).getAllByRole('listitem')).toHaveLength(
      5,
    );
    next();
    next();
    expect(screen.getByText('A backup needs the path to back up.')).toBeTruthy();
    // Still on the Actions step: the invalid action blocked the move to Review.
    expect(document.querySelector('[aria-current="step"]')?.textContent).toBe('3. Actions');
  });

  it('builds a job with two ordered actions and re-orders them', () => {
    const onSubmit = renderWizard();
    type(screen.getByLabelText('Client'), 'default_host1');
    type(screen.getByLabelText('Job name'), 'nightly');
    next();
    fireEvent.click(screen.getByRole('radio', { name: 'Cron' }));
    type(screen.getByLabelText('Cron expression'), '0 3 * * 1-5');
    next();
    const first = screen.getByRole('group', { name: 'Action 1' });
    type(within(first).getByLabelText('Backup name'), 'etc');
    type(within(first).getByLabelText('Path to backup'), '/etc');
    type(within(first).getByLabelText('Container'), '/srv/backups');
    fireEvent.click(screen.getByRole('button', { name: '+ Add action' }));
    const second = screen.getByRole('group', { name: 'Action 2' });
    type(within(second).getByLabelText('Action'), 'exec');
    type(within(second).getByLabelText('Command'), 'sync');
    fireEvent.click(screen.getByRole('button', { name: 'Move action 2 up' }));
    next();
    fireEvent.click(screen.getByRole('button', { name: 'Create job' }));
    expect(onSubmit).toHaveBeenCalledTimes(1);
    const job = onSubmit.mock.calls[0]?.[0];
    expect(job?.client_id).toBe('default_host1');
    expect(job?.job_schedule).toEqual({
      schedule_minute: '0',
      schedule_hour: '3',
      schedule_day_of_week: 'mon-fri',
    });
    expect(job?.job_actions.map((a) => a.freezer_action.action)).toEqual(['exec', 'backup']);
    expect(job?.job_schedule).not.toHaveProperty('status');
    expect(job?.job_actions[1]?.freezer_action).toMatchObject({
      path_to_backup: '/etc',
      container: '/srv/backups',
      storage: 'local',
    });
  });
});

describe('JobWizardForm hold option', () => {
  it('creates the job stopped with an empty "once, now" schedule when "start right away" is off', () => {
    const onSubmit = vi.fn<(j: NewJob) => void>();
    render(
      <JobWizardForm
        initial={initial}
        clients={[]}
        submitLabel="Create job"
        offerHold
        onSubmit={onSubmit}
        onCancel={() => {}}
      />,
    );
    type(screen.getByLabelText('Client'), 'default_host1');
    fireEvent.click(screen.getByLabelText(/Start right away/));
    next();
    fireEvent.click(screen.getByRole('radio', { name: 'Once, now' }));
    next();
    fireEvent.change(screen.getByLabelText('Action'), { target: { value: 'exec' } });
    type(screen.getByLabelText('Command'), 'true');
    next();
    fireEvent.click(screen.getByRole('button', { name: 'Create job' }));
    expect(onSubmit.mock.calls[0]?.[0].job_schedule).toEqual({ status: 'stop' });
  });
});
