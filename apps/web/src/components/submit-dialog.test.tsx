import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SubmitDialog } from './submit-dialog';
import { TextField } from './text-field';
import { useCheckedSubmit } from './use-checked-submit';

afterEach(cleanup);

/** A one-field form the way the dialogs build theirs: a name is required. */
function NameDialog({ onSave, onClose }: { onSave: (name: string) => void; onClose: () => void }) {
  const [name, setName] = useState('');
  const error = name.trim() ? undefined : 'Give a name.';
  const { showErrors, submit } = useCheckedSubmit(error === undefined, () => onSave(name));
  return (
    <SubmitDialog title="Name it" submitLabel="Save" busy={false} asForm onClose={onClose} onSubmit={submit}>
      <TextField label="Name" error={showErrors ? error : undefined} value={name} onChange={setName} />
      <button type="submit" hidden />
    </SubmitDialog>
  );
}

describe('SubmitDialog with useCheckedSubmit', () => {
  it('shows the field errors only once a submit was tried, and submits nothing invalid', () => {
    const onSave = vi.fn();
    render(<NameDialog onSave={onSave} onClose={() => undefined} />);
    expect(screen.queryByRole('alert')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(screen.getByRole('alert').textContent).toBe('Give a name.');
    expect(screen.getByLabelText('Name').getAttribute('aria-invalid')).toBe('true');
    expect(onSave).not.toHaveBeenCalled();
  });

  it('submits from the footer button and from Enter in a field', () => {
    const onSave = vi.fn();
    render(<NameDialog onSave={onSave} onClose={() => undefined} />);
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'nightly' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    fireEvent.submit(screen.getByLabelText('Name').closest('form') as HTMLFormElement);
    expect(onSave.mock.calls).toEqual([['nightly'], ['nightly']]);
  });

  it('closes from Cancel', () => {
    const onClose = vi.fn();
    render(<NameDialog onSave={() => undefined} onClose={onClose} />);
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(onClose).toHaveBeenCalled();
  });
});
