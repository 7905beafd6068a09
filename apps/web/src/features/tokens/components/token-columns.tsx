import type { TokenDoc } from '@freezer/schema';
import type { Column } from '../../../components/data-table';
import { formatEpoch } from '../../../lib/format';

export type TokenState = 'active' | 'revoked' | 'expired';

export function tokenState(t: TokenDoc, nowSec: number): TokenState {
  if (t.revoked_at !== null) return 'revoked';
  if (t.expires_at !== null && t.expires_at <= nowSec) return 'expired';
  return 'active';
}

export function tokenColumns(nowSec: number): Column<TokenDoc>[] {
  return [
    { key: 'name', header: 'Name', render: (t) => t.name, value: (t) => t.name },
    { key: 'project', header: 'Project', render: (t) => t.project_id, value: (t) => t.project_id },
    { key: 'role', header: 'Role', render: (t) => t.role, value: (t) => t.role },
    {
      key: 'scope',
      header: 'Limited to client',
      render: (t) => t.client_id ?? '—',
      value: (t) => t.client_id ?? '',
    },
    {
      key: 'created',
      header: 'Created',
      render: (t) => formatEpoch(t.created_at),
      value: (t) => t.created_at,
    },
    {
      key: 'expires',
      header: 'Expires',
      render: (t) => (t.expires_at === null ? 'never' : formatEpoch(t.expires_at)),
      value: (t) => t.expires_at ?? Number.MAX_SAFE_INTEGER,
    },
    {
      key: 'used',
      header: 'Last used',
      render: (t) => formatEpoch(t.last_used_at),
      value: (t) => t.last_used_at ?? 0,
    },
    {
      key: 'state',
      header: 'State',
      render: (t) => {
        const s = tokenState(t, nowSec);
        return <span className={`badge badge-${s === 'active' ? 'active' : 'removed'}`}>{s}</span>;
      },
      value: (t) => tokenState(t, nowSec),
    },
  ];
}
