import { useState } from 'react';
import { Field } from '../../../components/field';
import { ApiError, errorMessage } from '../../../lib/http';
import { useLogin } from '../api/session';
import './login-page.css';

/** One line the operator can act on; the API's wording for throttling (it says how long to wait). */
export function loginErrorText(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.status === 401) return 'Wrong user name or password.';
    if (err.status === 429)
      return `Too many failed logins: ${err.message.replace(/^too many failed logins; /, '')}.`;
  }
  return errorMessage(err);
}

export function LoginPage() {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const login = useLogin();
  return (
    <main className="login">
      <form
        aria-label="Log in"
        onSubmit={(e) => {
          e.preventDefault();
          login.mutate({ username: username.trim(), password });
        }}
      >
        <h1 className="brand">Freezer</h1>
        <p>Log in to manage backups.</p>
        <Field label="User name">
          {(p) => (
            <input
              {...p}
              autoComplete="username"
              required
              value={username}
              onChange={(e) => setUsername(e.target.value)}
            />
          )}
        </Field>
        <Field label="Password">
          {(p) => (
            <input
              {...p}
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          )}
        </Field>
        {login.error ? (
          <p className="login-error" role="alert">
            {loginErrorText(login.error)}
          </p>
        ) : null}
        <button type="submit" className="primary" disabled={login.isPending}>
          {login.isPending ? 'Logging in…' : 'Log in'}
        </button>
      </form>
    </main>
  );
}
