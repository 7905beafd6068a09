import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { DataTable, type Column } from './data-table';

interface Row {
  id: string;
  name: string;
  size: number;
}
const rows: Row[] = [
  { id: 'a', name: 'etc', size: 30 },
  { id: 'b', name: 'home', size: 5 },
  { id: 'c', name: 'var-log', size: 100 },
];
const columns: Column<Row>[] = [
  { key: 'name', header: 'Name', value: (r) => r.name, render: (r) => r.name },
  { key: 'size', header: 'Size', value: (r) => r.size, render: (r) => `${r.size} B` },
];

function Harness({ filter = '' }: { filter?: string }) {
  const [selected, setSelected] = useState<Set<string>>(new Set());
  return (
    <>
      <output aria-label="selection">{[...selected].sort().join(',')}</output>
      <DataTable
        caption="Things"
        rows={rows}
        columns={columns}
        rowKey={(r) => r.id}
        rowLabel={(r) => r.name}
        filter={filter}
        selected={selected}
        onSelectedChange={setSelected}
      />
    </>
  );
}

const names = () =>
  screen
    .getAllByRole('row')
    .slice(1)
    .map((r) => within(r).getAllByRole('cell')[1]?.textContent);

afterEach(cleanup);

describe('DataTable', () => {
  it('sorts numerically by a column, then reverses on a second click', () => {
    render(<Harness />);
    fireEvent.click(screen.getByRole('button', { name: /Size/ }));
    expect(names()).toEqual(['home', 'etc', 'var-log']);
    expect(screen.getByRole('columnheader', { name: /Size/ }).getAttribute('aria-sort')).toBe('ascending');
    fireEvent.click(screen.getByRole('button', { name: /Size/ }));
    expect(names()).toEqual(['var-log', 'etc', 'home']);
  });

  it('filters rows by any sortable column and says when nothing matches', () => {
    const { rerender } = render(<Harness filter="HOM" />);
    expect(names()).toEqual(['home']);
    rerender(<Harness filter="zzz" />);
    expect(screen.getByText('No items match the filter.')).toBeTruthy();
  });

  it('selects single rows and all visible rows', () => {
    render(<Harness />);
    fireEvent.click(screen.getByRole('checkbox', { name: 'Select home' }));
    expect(screen.getByLabelText('selection').textContent).toBe('b');
    fireEvent.click(screen.getByRole('checkbox', { name: 'Select all rows' }));
    expect(screen.getByLabelText('selection').textContent).toBe('a,b,c');
    fireEvent.click(screen.getByRole('checkbox', { name: 'Select all rows' }));
    expect(screen.getByLabelText('selection').textContent).toBe('');
  });
});
