import { useToast } from '../../../components/toasts';
import { errorMessage } from '../../../lib/http';
import { useCurrentUser, useLogout } from '../api/session';
import './user-menu.css';

/** Top-bar user name and log-out button; nothing when authentication is off. */
export function UserMenu() {
  const user = useCurrentUser();
  const logout = useLogout();
  const { notify } = useToast();
  if (!user) return null;
  return (
    <div className="user-menu">
      <span aria-label="Logged in user">
        {user.name}
        {user.is_admin ? ' (admin)' : ''}
      </span>
      <button
        type="button"
        className="link"
        disabled={logout.isPending}
        onClick={() =>
          logout.mutate(undefined, {
            onError: (err) => notify('error', `Logout may not have reached the API: ${errorMessage(err)}`),
          })
        }
      >
        Log out
      </button>
    </div>
  );
}
