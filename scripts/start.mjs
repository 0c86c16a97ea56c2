/**
 * `npm start`: builds only when a source is newer than the build (a fresh clone builds at
 * `npm install`), then runs `switchboard serve --anonymous` in this process: local development,
 * ready in a second or two instead of a whole TypeScript and Vite build on every start.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));

function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

const sources = Math.max(newest(join(root, 'src')), newest(join(root, 'web')), newest(join(root, 'package.json')), newest(join(root, 'tsconfig.json')), newest(join(root, 'tsconfig.build.json')));
const outputs = [join(root, 'dist', 'cli', 'main.js'), join(root, 'dist', 'web', 'index.html')];
const built = outputs.every(existsSync) ? Math.min(...outputs.map((path) => statSync(path).mtimeMs)) : 0;
if (sources > built) {
  process.stderr.write('building (sources changed since the last build) …\n');
  execFileSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
}
process.argv = [process.argv[0], join(root, 'dist', 'cli', 'main.js'), 'serve', '--anonymous', ...process.argv.slice(2)];
await import(pathToFileURL(join(root, 'dist', 'cli', 'main.js')).href);
