import { Link } from 'react-router';

export default function NotFoundRoute() {
  return (
    <div className="state state-empty">
      <h1>Page not found</h1>
      <Link to="/">Back to the overview</Link>
    </div>
  );
}
