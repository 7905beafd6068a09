import { Link } from 'react-router';
import type { ClientDoc } from '@freezer/api-client';
import { type Column } from '../../../components/data-table';
import { PageHeader } from '../../../components/page-header';
import { StatusBadge } from '../../../components/status-badge';
import { ResourceList } from '../../../components/resource-list';
import { useDeletion } from '../../../components/use-deletion';
import { useListUrl } from '../../../components/use-list-url';
import { formatEpoch } from '../../../lib/format';
import { lastSeenSec, liveness } from '../api/liveness';
import { useClients, useDeleteClients } from '../api/queries';

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
  const paging = useListUrl({ key: 'created', order: 'desc' });
  const clients = useClients(paging.request);
  const deletion = useDeletion(useDeleteClients(), {
    title: 'Delete clients',
    consequence: 'Their jobs and backups stay.',
  });
  const nowSec = Math.floor(Date.now() / 1000);
  return (
    <>
      <PageHeader title="Clients" />
      <ResourceList
        title="Clients"
        noun="client"
        query={clients}
        paging={paging}
        serverFilter={paging.textFilter}
        columns={columns(nowSec)}
        rowKey={id}
        rowLabel={id}
        deletion={deletion}
        menu={(_c, askDelete) => [{ label: 'Delete', danger: true, onSelect: askDelete }]}
      />
    </>
  );
}
