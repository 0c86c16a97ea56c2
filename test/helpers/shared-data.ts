import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A file of the shared data sets (`../shared/data` beside the repository, as on the development
 * machines and in CI; SWITCHBOARD_SHARED_DATA names another place).
 */
export function sharedDataFile(name: string): string {
  const directory = process.env.SWITCHBOARD_SHARED_DATA ?? resolve(fileURLToPath(new URL('../../..', import.meta.url)), 'shared', 'data');
  const path = join(directory, name);
  if (!existsSync(path)) throw new Error(`${path} is missing: the tests read ../shared/data beside the repository (or set SWITCHBOARD_SHARED_DATA)`);
  return path;
}
