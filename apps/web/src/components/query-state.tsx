import type { ReactNode } from 'react';
import { ApiError, errorMessage } from '../lib/http';

interface QueryStateProps {
  isPending: boolean;
  error: unknown;
  isEmpty?: boolean;
  emptyText?: string;
  onRetry?: () => void;
  /** Data from an earlier fetch is at hand: a failed refresh keeps showing it (the banner says so). */
  hasData?: boolean;
  children: ReactNode;
}

/** An answer of the API (a 4xx) is about this data; anything else (unreachable, 5xx) may pass. */
const isAnswer = (err: unknown) => err instanceof ApiError && err.status >= 400 && err.status < 500;

/** Loading, error and empty states every page shares, so none of them ever renders blank. */
export function QueryState(props: QueryStateProps) {
  const { isPending, error, isEmpty, emptyText, onRetry, hasData, children } = props;
  if (error && hasData && !isAnswer(error)) return <>{children}</>;
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
