import type { ReactNode } from 'react';
import { NavLink } from 'react-router';
import { type Me, useMe } from '../api/me.ts';
import { useSession } from '../auth/session.tsx';
import { SessionClock } from './session-clock.tsx';

interface NavItem {
  to: string;
  label: string;
  serviceOnly?: boolean;
}

const NAV: NavItem[] = [
  { to: '/', label: 'Overview' },
  { to: '/tenants', label: 'Tenants' },
  { to: '/clients', label: 'Clients' },
  { to: '/scopes', label: 'Scopes' },
  { to: '/users', label: 'Users' },
  { to: '/policy', label: 'Service policy', serviceOnly: true },
  { to: '/explain', label: 'Explain' },
  { to: '/timeline', label: 'Timeline' },
  { to: '/keys', label: 'Signing keys', serviceOnly: true },
  { to: '/audit', label: 'Audit log' },
  { to: '/danger', label: 'Danger zone' },
];

const whoIs = (me: Me): string => me.user?.name ?? me.user?.username ?? me.actor;

/** The frame of every page: who is signed in, the session's end, and the navigation. */
export function Layout({ children }: { children: ReactNode }) {
  const me = useMe();
  const { signOut } = useSession();
  const service = me.data?.administers === null;
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">Lifespan console</span>
        {me.data && (
          <div className="who">
            <span>
              {whoIs(me.data)} ·{' '}
              {service ? 'service administrator' : `administers tenant ${me.data.administers ?? ''}`}
            </span>
            <SessionClock me={me.data} />
            <button type="button" className="button button-quiet" onClick={signOut}>
              Sign out
            </button>
          </div>
        )}
      </header>
      <nav className="sidebar" aria-label="Console">
        <ul>
          {NAV.filter((item) => service || !item.serviceOnly).map((item) => (
            <li key={item.to}>
              <NavLink to={item.to} end={item.to === '/'}>
                {item.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" className="content" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}

/** A page's heading, its one-line purpose, and its actions. */
export function Page({
  title,
  description,
  actions,
  children,
}: {
  title: string;
  description?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
}) {
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{title}</h1>
          {description !== undefined && <p className="muted">{description}</p>}
        </div>
        {actions !== undefined && <div className="page-actions">{actions}</div>}
      </div>
      {children}
    </>
  );
}
