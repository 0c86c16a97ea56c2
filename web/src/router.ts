import { useEffect, useState } from 'preact/hooks';

/** The dashboard's client-side navigation: history.pushState and a hook that follows the location. */
export function navigate(to: string, replace = false): void {
  if (replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  dispatchEvent(new PopStateEvent('popstate'));
}

export function useLocation(): { path: string; query: URLSearchParams } {
  const [location, setLocation] = useState(() => ({ path: window.location.pathname, search: window.location.search }));
  useEffect(() => {
    const update = () => setLocation({ path: window.location.pathname, search: window.location.search });
    addEventListener('popstate', update);
    return () => removeEventListener('popstate', update);
  }, []);
  return { path: location.path, query: new URLSearchParams(location.search) };
}

/** Sets query parameters in the URL (so a view can be shared), replacing the history entry. */
export function setQuery(changes: Record<string, string | null>): void {
  const query = new URLSearchParams(window.location.search);
  for (const [name, value] of Object.entries(changes)) {
    if (value === null || value === '') query.delete(name);
    else query.set(name, value);
  }
  const search = query.toString();
  navigate(`${window.location.pathname}${search ? `?${search}` : ''}`, true);
}

/** Matches a path against a pattern with :name segments. */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const a = pattern.split('/').filter(Boolean);
  const b = path.split('/').filter(Boolean);
  if (a.length !== b.length) return null;
  const parameters: Record<string, string> = {};
  for (let index = 0; index < a.length; index++) {
    if (a[index]!.startsWith(':')) parameters[a[index]!.slice(1)] = decodeURIComponent(b[index]!);
    else if (a[index] !== b[index]) return null;
  }
  return parameters;
}
