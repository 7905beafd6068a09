import { Link, useMatches, type UIMatch } from 'react-router';

export interface CrumbHandle {
  crumb: string | ((params: Record<string, string | undefined>) => string);
}

function hasCrumb(m: UIMatch): m is UIMatch<unknown, CrumbHandle> {
  const h = m.handle as Partial<CrumbHandle> | undefined;
  return h !== undefined && h !== null && h.crumb !== undefined;
}

export function Breadcrumbs() {
  const crumbs = useMatches()
    .filter(hasCrumb)
    .map((m) => ({
      path: m.pathname,
      text: typeof m.handle.crumb === 'function' ? m.handle.crumb(m.params) : m.handle.crumb,
    }));
  return (
    <nav aria-label="Breadcrumb" className="breadcrumbs">
      <ol>
        {crumbs.map((c, i) => (
          <li key={c.path + c.text}>
            {i === crumbs.length - 1 ? (
              <span aria-current="page">{c.text}</span>
            ) : (
              <Link to={c.path}>{c.text}</Link>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}
