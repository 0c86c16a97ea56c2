import { readFileSync } from 'node:fs';

/** This release's version (package.json's, three folders up from both src/ and dist/), for what Switchboard tells other systems about itself. */
export const switchboardVersion: string = (() => {
  try {
    return (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
})();
