import type { TokenDoc } from '@freezer/schema';
import { useMemo, useState } from 'react';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { LinkButton } from '../../../components/link-button';
import { DataTable } from '../../../components/data-table';
import { PageHeader } from '../../../components/page-header';
import { QueryState } from '../../../components/query-state';
import { useToast } from '../../../components/toasts';
import { errorMessage } from '../../../lib/http';
import { useCurrentUser } from '../../auth/api/session';
import { useRevokeToken, useTokens } from '../api/queries';
import { tokenColumns, tokenState } from './token-columns';
import { TokenCreateDialog } from './token-create-dialog';

/** The logged-in user's API tokens: create (secret shown once), list, revoke. */
export function TokensPage() {
  const user = useCurrentUser();
  const tokens = useTokens();
  const revoke = useRevokeToken();
  const { notify } = useToast();
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<TokenDoc | null>(null);
  // One clock reading per visit decides expired vs active; the list refetches after every change.
  const [nowSec] = useState(() => Math.floor(Date.now() / 1000));
  const columns = useMemo(() => tokenColumns(nowSec), [nowSec]);

  if (!user) {
    return (
      <div className="state state-empty">
        Authentication is off on this API, so it needs no tokens (it listens on loopback only).
      </div>
    );
  }
  const confirmRevoke = (t: TokenDoc) =>
    revoke.mutate(t.token_id, {
      onSuccess: () => notify('success', `Token ${t.name} revoked`),
      onError: (err) => notify('error', `Could not revoke ${t.name}: ${errorMessage(err)}`),
      onSettled: () => setRevoking(null),
    });

  return (
    <>
      <PageHeader title="API tokens">
        <button type="button" className="primary" onClick={() => setCreating(true)}>
          Create token
        </button>
      </PageHeader>
      <p className="hint">
        Tokens for schedulers and scripts. A token acts in one project with at most your role there; a revoked
        token stops working at once.
      </p>
      <QueryState
        isPending={tokens.isPending}
        error={tokens.error}
        isEmpty={tokens.data?.length === 0}
        emptyText="No tokens yet."
        onRetry={() => void tokens.refetch()}
      >
        <DataTable
          caption="API tokens"
          rows={tokens.data ?? []}
          columns={columns}
          rowKey={(t) => t.token_id}
          rowLabel={(t) => t.name}
          actions={(t) =>
            tokenState(t, nowSec) === 'active' ? (
              <LinkButton label={`Revoke ${t.name}`} onClick={() => setRevoking(t)}>
                Revoke
              </LinkButton>
            ) : null
          }
        />
      </QueryState>
      {creating ? <TokenCreateDialog user={user} onClose={() => setCreating(false)} /> : null}
      {revoking ? (
        <ConfirmDialog
          title="Revoke token"
          message={`Revoke "${revoking.name}" (${revoking.project_id})? Anything using it gets 401 from its next request on.`}
          confirmLabel="Revoke"
          busy={revoke.isPending}
          onConfirm={() => confirmRevoke(revoking)}
          onCancel={() => setRevoking(null)}
        />
      ) : null}
    </>
  );
}
