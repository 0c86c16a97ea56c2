import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The secret that signs the dashboard's session cookies: 32 random bytes made once and kept in the
 * data directory (mode 0600), shared by every process on it. Deleting the file signs everyone out.
 */
export function sessionSecret(dataDirectory: string): Buffer {
  const path = join(dataDirectory, 'dashboard-session.key');
  try {
    writeFileSync(path, randomBytes(32).toString('hex'), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const secret = Buffer.from(readFileSync(path, 'utf8').trim(), 'hex');
  if (secret.length < 32) throw new Error(`${path} does not hold a 32-byte hex secret: delete it and start again (everyone is signed out)`);
  return secret;
}
