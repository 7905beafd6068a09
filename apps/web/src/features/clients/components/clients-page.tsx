import { useState } from 'react';
import { Link } from 'react-router';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { DataTable, type Column } from '../../../components/data-table';
import { FilterBox } from '../../../components/filter-box';
import { PageHeader } from '../../../components/page-header';
import { Pager } from '../../../components/pager';
import { QueryState } from '../../../components/query-state';
import { RowMenu } from '../../../components/row-menu';
import { StatusBadge } from '../../../components/status-badge';
import { useToast } from '../../../components/toasts';
import { splitPage, usePaging } from '../../../components/use-paging';
import { formatEpoch } from '../../../lib/format';
import { errorMessage } from '../../../lib/http';
import { lastSeenSec, liveness } from '../api/liveness';
import { useClients, useDeleteClients } from '../api/queries';
import type { ClientDoc } from '../api/types';

const id = (c: ClientDoc) => c.client.client_id;

function columns(nowSec: number): Column<ClientDoc>[] {
  return [
    {
      key: 'id',
      header: 'Client id',
      value: id,
      render: (c) => <Link to={`/clients/${encodeURIComponent(id(c))}`}>{id(c)}</Link>,
    },
    {
      key: 'host',
      header: 'Hostname',
      value: (c) => c.client.hostname ?? '',
      render: (c) => c.client.hostname ?? '—',
    },
    {
      key: 'version',
      header: 'Version',
      value: (c) => String(c.client.version ?? ''),
      render: (c) => c.client.version ?? '—',
    },
    {
      key: 'seen',
      header: 'Last seen',
      value: (c) => lastSeenSec(c.client) ?? -1,
      render: (c) => formatEpoch(lastSeenSec(c.client)),
    },
    {
      key: 'state',
      header: 'State',
      value: (c) => liveness(c.client, nowSec),
      render: (c) => {
        const l = liveness(c.client, nowSec);
        return l === 'never' ? <span className="hint">never seen</span> : <StatusBadge value={l} />;
      },
    },
    {
      key: 'storages',
      header: 'Storages',
      value: (c) => (c.client.supported_storages ?? []).join(', '),
      render: (c) => (c.client.supported_storages ?? []).join(', ') || '—',
    },
  ];
}

export function ClientsPage() {
  const paging = usePaging();
  const [filter, setFilter] = useState('');
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [confirm, setConfirm] = useState<string[] | null>(null);
  const clients = useClients({ limit: paging.pageSize + 1, offset: paging.offset });
  const { rows, hasNext } = splitPage(clients.data, paging.pageSize);
  const del = useDeleteClients();
  const { notify } = useToast();
  const nowSec = Math.floor(Date.now() / 1000);
  return (
    <>
      <PageHeader title="Clients" />
      <div className="toolbar">
        <FilterBox label="Filter clients" value={filter} onChange={setFilter} />
        <button
          type="button"
          className="danger"
          disabled={selected.size === 0}
          onClick={() => setConfirm([...selected])}
        >
          Delete selected ({selected.size})
        </button>
      </div>
      <QueryState isPending={clients.isPending} error={clients.error} onRetry={() => void clients.refetch()}>
        <DataTable
          caption="Clients"
          rows={rows}
          columns={columns(nowSec)}
          rowKey={id}
          rowLabel={id}
          filter={filter}
          selected={selected}
          onSelectedChange={setSelected}
          actions={(c) => (
            <RowMenu
              label={`Actions for ${id(c)}`}
              items={[{ label: 'Delete', danger: true, onSelect: () => setConfirm([id(c)]) }]}
            />
          )}
        />
        <Pager
          page={paging.page}
          pageSize={paging.pageSize}
          hasNext={hasNext}
          onPage={paging.setPage}
          onPageSize={paging.setPageSize}
        />
      </QueryState>
      {confirm ? (
        <ConfirmDialog
          title="Delete clients"
          message={`Unregister ${confirm.length} client(s)? Their jobs and backups stay.`}
          confirmLabel="Delete"
          busy={del.isPending}
          onCancel={() => setConfirm(null)}
          onConfirm={() =>
            del.mutate(confirm, {
              onSuccess: (n) => {
                notify('success', `Deleted ${n} client(s)`);
                setConfirm(null);
                setSelected(new Set());
              },
              onError: (err) => notify('error', `Could not delete: ${errorMessage(err)}`),
            })
          }
        />
      ) : null}
    </>
  );
}
