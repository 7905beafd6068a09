import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen } from '@testing-library/react';
import type { ReactNode } from 'react';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import type { BackupDoc } from '@freezer/api-client';
import { ToastProvider } from '../../../components/toasts';
import { ProjectProvider } from '../../../lib/project';
import { RestoreDialog } from './restore-dialog';

afterEach(cleanup);

// The client list is fetched on open; nothing answers in jsdom, which leaves the suggestions empty.
function Providers({ children }: { children: ReactNode }) {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return (
    <QueryClientProvider client={qc}>
      <ProjectProvider>
        <ToastProvider>
          <MemoryRouter>{children}</MemoryRouter>
        </ToastProvider>
      </ProjectProvider>
    </QueryClientProvider>
  );
}

const backup = (result?: 'success' | 'fail'): BackupDoc =>
  ({
    backup_id: 'b1',
    user_id: 'u',
    backup_metadata: {
      backup_name: 'docs',
      hostname: 'node1',
      time_stamp: 1764583200,
      ...(result ? { result } : {}),
    },
  }) as BackupDoc;

describe('RestoreDialog', () => {
  it('offers the clicked point by default', () => {
    render(<RestoreDialog backup={backup()} onClose={() => {}} />, { wrapper: Providers });
    const point = screen.getByRole('radio', { name: /^This backup, as of 2025-12-01 / });
    expect((point as HTMLInputElement).checked).toBe(true);
    expect(screen.getByRole('button', { name: 'Create restore job' })).toBeTruthy();
    expect(screen.queryByLabelText('From date')).toBeNull();
  });

  it('shows a failed backup as failed and offers nothing to restore', () => {
    render(<RestoreDialog backup={backup('fail')} onClose={() => {}} />, { wrapper: Providers });
    expect(screen.getByRole('alert').textContent).toMatch(/This backup failed/);
    expect(screen.queryByRole('button', { name: 'Create restore job' })).toBeNull();
    expect(screen.queryByLabelText('Restore to path')).toBeNull();
  });
});
