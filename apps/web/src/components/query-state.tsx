import type { ReactNode } from 'react';
import { errorMessage } from '../lib/http';

interface QueryStateProps {
  isPending: boolean;
  error: unknown;
  isEmpty?: boolean;
  emptyText?: string;
  onRetry?: () => void;
  children: ReactNode;
}

/** Loading, error and empty states every page shares, so none of them ever renders blank. */
export function QueryState({ isPending, error, isEmpty, emptyText, onRetry, children }: QueryStateProps) {
  if (error && isPending !== true) {
    return (
      <div className="state state-error" role="alert">
        <strong>Could not load data.</strong> {errorMessage(error)}
        {onRetry ? (
          <button type="button" onClick={onRetry}>
            Retry
          </button>
        ) : null}
      </div>
    );
  }
  if (isPending) return <div className="state state-loading">Loading…</div>;
  if (isEmpty) return <div className="state state-empty">{emptyText ?? 'Nothing here yet.'}</div>;
  return <>{children}</>;
}
