import { isRouteErrorResponse, Link, useRouteError } from 'react-router';
import { errorMessage } from '../lib/http';

export function RouteError() {
  const err = useRouteError();
  const text = isRouteErrorResponse(err) ? `${err.status} ${err.statusText}` : errorMessage(err);
  return (
    <div className="state state-error" role="alert">
      <h1>Something went wrong</h1>
      <p>{text}</p>
      <Link to="/">Back to the overview</Link>
    </div>
  );
}
