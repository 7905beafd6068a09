import { breadcrumbs } from '../api/tree';

/** Where in the backed-up tree the listing is; every step above opens that folder. */
export function FolderCrumbs({
  path,
  root,
  onOpen,
}: {
  path: string;
  root: string;
  onOpen: (p: string) => void;
}) {
  const crumbs = breadcrumbs(path, root);
  return (
    <nav className="folder-crumbs" aria-label="Folder path">
      {crumbs.map((c, i) =>
        i === crumbs.length - 1 ? (
          <span key={c.path} aria-current="location">
            {c.name}
          </span>
        ) : (
          <span key={c.path}>
            <button type="button" className="link-button" onClick={() => onOpen(c.path)}>
              {c.name}
            </button>
            <span aria-hidden="true"> / </span>
          </span>
        ),
      )}
    </nav>
  );
}
