import { GatewayError } from '../../errors/gateway-error.js';
import { DashboardAssets } from '../dashboard/dashboard-assets.js';
import { cookieValue, sessionCookieName } from '../dashboard/session-cookie.js';
import type { GatewayServices } from '../gateway-services.js';
import type { HttpExchange } from '../http/http-exchange.js';
import type { Route } from '../http/route-table.js';
import { notLocalBecause } from '../lifecycle/local-development.js';

/** The dashboard's pages: each answers with the same shell; the browser draws the page. */
export const dashboardPages = ['/', '/auth', '/activity', '/logs', '/logs/:id', '/models', '/models/:author/:slug', '/rankings', '/study', '/study/:id', '/keys', '/live'] as const;

const securityHeaders = {
  'content-security-policy':
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
};

/**
 * The web dashboard at the gateway's root: its pages (a signed-in session, or key-less local
 * development, else a redirect to /sign-in), the sign-in page, and its built assets.
 */
export function dashboardPageRoutes(services: GatewayServices, assets = new DashboardAssets()): Route[] {
  const sendShell = (exchange: HttpExchange) => {
    const shell = assets.shell();
    exchange.sendBody(200, shell.body, { 'content-type': shell.contentType, 'cache-control': 'no-cache', etag: shell.etag, ...securityHeaders });
  };
  const page = (path: string): Route => ({
    method: 'GET',
    path,
    name: 'dashboard page',
    access: 'public',
    handler: async (exchange) => {
      const session = services.sessions.read(cookieValue(exchange.header('cookie'), sessionCookieName));
      const local = services.authenticator.allowsAnonymous && notLocalBecause(exchange) === null;
      if (!session && !local) {
        // Back to the page after signing in, its query kept (the OAuth consent page lives on it).
        const search = exchange.query.toString();
        const next = exchange.path === '/' && !search ? '' : `?next=${encodeURIComponent(`${exchange.path}${search ? `?${search}` : ''}`)}`;
        exchange.sendBody(302, '', { location: `/sign-in${next}`, 'cache-control': 'no-store' });
        return;
      }
      sendShell(exchange);
    },
  });
  return [
    ...dashboardPages.map(page),
    { method: 'GET', path: '/sign-in', name: 'dashboard page', access: 'public', handler: (exchange) => sendShell(exchange) },
    {
      method: 'GET',
      path: '/assets/*file',
      name: 'dashboard asset',
      access: 'public',
      handler: (exchange, parameters) => {
        const asset = assets.files.get(`/assets/${parameters.file}`);
        if (!asset || parameters.file!.includes('..')) throw new GatewayError('not_found', `No dashboard asset ${parameters.file}`);
        if (exchange.header('if-none-match') === asset.etag) {
          exchange.sendBody(304, '', { etag: asset.etag });
          return;
        }
        // Built file names carry their content's hash: cache them for good.
        exchange.sendBody(200, asset.body, { 'content-type': asset.contentType, 'cache-control': 'public, max-age=31536000, immutable', etag: asset.etag, 'x-content-type-options': 'nosniff' });
      },
    },
  ];
}
