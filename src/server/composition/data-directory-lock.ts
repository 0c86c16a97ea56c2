import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../../config/load-config.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One serving Switchboard per data directory (the embedded store allows one process at a time):
 * `switchboard.pid` holds the owner's pid. A second `serve` is refused with who holds it and what to
 * do, before the store's own lock error; a pid file a crashed process left behind is taken over.
 */
export function lockDataDirectory(dataDirectory: string): { release(): void } {
  mkdirSync(dataDirectory, { recursive: true });
  const path = join(dataDirectory, 'switchboard.pid');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, `${process.pid}\n${new Date().toISOString()}\n`, { flag: 'wx' });
      return {
        release: () => {
          try {
            if (readFileSync(path, 'utf8').split('\n')[0] === String(process.pid)) rmSync(path, { force: true });
          } catch {
            // already gone
          }
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const [pidText, since] = readFileSync(path, 'utf8').split('\n');
      const pid = Number(pidText);
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid))
        throw new ConfigError(
          `The data directory ${dataDirectory} is in use by another Switchboard (pid ${pid}, since ${since ?? 'an unknown time'}): stop it first, or start this one with another --data-dir. Commands such as report can go through the running one with --gateway.`,
        );
      rmSync(path, { force: true });
    }
  }
  throw new ConfigError(`Could not take the data directory ${dataDirectory}: its switchboard.pid keeps coming back`);
}
