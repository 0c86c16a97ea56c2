import type { ComponentChildren } from 'preact';
import { api } from '../api';
import { navigate } from '../router';
import { isAdmin, seesPlatform, useSession } from '../session';
import { Link } from './link';

const pages = [
  { href: '/', label: 'Home' },
  { href: '/activity', label: 'Activity' },
  { href: '/logs', label: 'Logs' },
  { href: '/models', label: 'Models' },
  { href: '/rankings', label: 'Rankings' },
  { href: '/study', label: 'The Study' },
  { href: '/live', label: 'Live' },
];

/** Every signed-in page: the navigation, who is signed in, and the page itself. */
export function Layout({ title, children }: { title: string; children: ComponentChildren }) {
  const session = useSession();
  const signOut = async () => {
    await api('/api/v1/dashboard/session', { method: 'DELETE' });
    navigate('/sign-in');
  };
  const current = window.location.pathname;
  return (
    <div class="layout">
      <header class="top">
        <a class="brand" href="/">
          Switchboard
        </a>
        <nav aria-label="Dashboard">
          <ul>
            {[...pages, ...(isAdmin(session) ? [{ href: '/keys', label: 'Keys' }] : [])].map((page) => (
              <li key={page.href}>
                <Link href={page.href} current={page.href === '/' ? current === '/' : current.startsWith(page.href)}>
                  {page.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div class="who">
          {session?.local_development ? (
            <span class="badge warn">Local development: no key, this machine only</span>
          ) : (
            <span>
              {session?.account.name ?? ''} · {session?.key?.name ?? ''}
              {isAdmin(session) ? (seesPlatform(session) ? ' (management, every account)' : ' (management, this account)') : ''}
            </span>
          )}
          {!session?.local_development && (
            <button type="button" class="link" onClick={signOut}>
              Sign out
            </button>
          )}
        </div>
      </header>
      <main id="main">
        <h1>{title}</h1>
        {children}
      </main>
    </div>
  );
}
