import { isRouteErrorResponse, Link, useRouteError } from 'react-router';
import { errorMessage } from '../lib/http';

/** Page code is loaded per route; when the server is gone that load fails before any query runs. */
function describe(err: unknown): string {
  if (isRouteErrorResponse(err)) return `${err.status} ${err.statusText}`;
  const text = errorMessage(err);
  if (/dynamically imported module|Importing a module script failed|Loading chunk/i.test(text)) {
    return 'Could not load this page from the server. Is the Freezer API running?';
  }
  return text;
}

export function RouteError() {
  const err = useRouteError();
  return (
    <div className="state state-error" role="alert">
      <h1>Something went wrong</h1>
      <p>{describe(err)}</p>
      <button type="button" onClick={() => window.location.reload()}>
        Reload
      </button>
      <Link to="/">Back to the overview</Link>
    </div>
  );
}
