import { NavLink } from 'react-router';
import { useCurrentUser } from '../api/session';

/** The side-navigation section for the logged-in user's own settings. */
export function AccountNav({ onNavigate }: { onNavigate: () => void }) {
  const user = useCurrentUser();
  if (!user) return null;
  return (
    <>
      <h2 className="nav-heading">Identity</h2>
      <ul>
        <li>
          <NavLink to="/tokens" onClick={onNavigate}>
            API tokens
          </NavLink>
        </li>
      </ul>
    </>
  );
}
