import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { type Column, DataTable } from '../../../components/data-table';
import { QueryState } from '../../../components/query-state';

interface ListSectionProps<T> {
  title: string;
  /** The table's accessible name. */
  caption: string;
  query: UseQueryResult<T[]>;
  emptyText: string;
  columns: Column<T>[];
  rowKey: (row: T) => string;
  rowLabel: (row: T) => string;
  actions?: (row: T) => ReactNode;
}

/** One titled part of the Alerts page: a query's rows in a table, or its loading/empty/error state. */
export function ListSection<T>(p: ListSectionProps<T>) {
  const id = `${p.title.toLowerCase()}-h`;
  return (
    <section className="alerts-section" aria-labelledby={id}>
      <h2 id={id}>{p.title}</h2>
      <QueryState
        isPending={p.query.isPending}
        error={p.query.error}
        isEmpty={p.query.data?.length === 0}
        emptyText={p.emptyText}
        onRetry={() => void p.query.refetch()}
      >
        <DataTable
          caption={p.caption}
          rows={p.query.data ?? []}
          columns={p.columns}
          rowKey={p.rowKey}
          rowLabel={p.rowLabel}
          {...(p.actions ? { actions: p.actions } : {})}
        />
      </QueryState>
    </section>
  );
}
