import { NavLink, Outlet, ScrollRestoration } from 'react-router';
import { useState } from 'react';
import { AlertBadge } from '../features/alerts/components/alert-badge';
import { AccountNav } from '../features/auth/components/account-nav';
import { UserMenu } from '../features/auth/components/user-menu';
import { ProjectSwitcher } from '../features/projects/components/project-switcher';
import { ApiDownBanner } from './api-down-banner';
import { Breadcrumbs } from './breadcrumbs';
import { HealthIndicator } from './health-indicator';
import { useZoneChoice, ZonePicker } from './zone-picker';

const NAV = [
  { to: '/', label: 'Overview', end: true },
  { to: '/jobs', label: 'Jobs' },
  { to: '/actions', label: 'Actions' },
  { to: '/sessions', label: 'Sessions' },
  { to: '/clients', label: 'Clients' },
  { to: '/backups', label: 'Backups' },
  { to: '/find', label: 'Find a file' },
  { to: '/alerts', label: 'Alerts' },
  { to: '/assurance', label: 'RPO / RTO' },
];

export function AppLayout() {
  const [navOpen, setNavOpen] = useState(false);
  // A new zone re-renders every page's times (the data stays in the query cache).
  const zone = useZoneChoice();
  return (
    <div className="app">
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <header className="topbar">
        <button
          type="button"
          className="nav-toggle"
          aria-label="Toggle navigation"
          aria-expanded={navOpen}
          onClick={() => setNavOpen((o) => !o)}
        >
          ☰
        </button>
        <span className="brand">Freezer</span>
        <ProjectSwitcher />
        <ZonePicker />
        <HealthIndicator />
        <AlertBadge />
        <UserMenu />
      </header>
      <div className="body">
        <nav className={navOpen ? 'sidenav open' : 'sidenav'} aria-label="Main">
          <h2 className="nav-heading">Backup</h2>
          <ul>
            {NAV.map((n) => (
              <li key={n.to}>
                <NavLink to={n.to} end={n.end} onClick={() => setNavOpen(false)}>
                  {n.label}
                </NavLink>
              </li>
            ))}
          </ul>
          <AccountNav onNavigate={() => setNavOpen(false)} />
        </nav>
        <main id="main" className="content" key={zone}>
          <ApiDownBanner />
          <Breadcrumbs />
          <Outlet />
        </main>
      </div>
      <ScrollRestoration />
    </div>
  );
}
