import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where `npm run build` puts the dashboard (vite build of web/): <repository>/dist/web. */
export const defaultDashboardDirectory = fileURLToPath(new URL('../../../dist/web', import.meta.url));

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

export interface Asset {
  body: Buffer;
  contentType: string;
  etag: string;
}

/**
 * The built dashboard, read into memory once: index.html (every page's shell) and the hashed files
 * under assets/. Nothing is fetched from elsewhere at run time. When the dashboard was not built the
 * shell says how to build it.
 */
export class DashboardAssets {
  readonly files = new Map<string, Asset>();
  readonly built: boolean;

  constructor(directory: string = defaultDashboardDirectory) {
    this.built = existsSync(join(directory, 'index.html'));
    if (!this.built) return;
    const walk = (folder: string) => {
      for (const name of readdirSync(folder)) {
        const path = join(folder, name);
        if (statSync(path).isDirectory()) walk(path);
        else {
          const body = readFileSync(path);
          this.files.set(`/${relative(directory, path).split(sep).join('/')}`, {
            body,
            contentType: contentTypes[extname(name)] ?? 'application/octet-stream',
            etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
          });
        }
      }
    };
    walk(directory);
  }

  /** The page shell every dashboard route answers with. */
  shell(): Asset {
    return (
      this.files.get('/index.html') ?? {
        body: Buffer.from(
          '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Switchboard</title></head><body><main><h1>Switchboard</h1><p>The dashboard is not built. Run <code>npm run build</code> (it runs on <code>npm install</code>), then start the gateway again.</p></main></body></html>',
        ),
        contentType: 'text/html; charset=utf-8',
        etag: '"unbuilt"',
      }
    );
  }
}
