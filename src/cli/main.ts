#!/usr/bin/env node
import { ConfigError } from '../config/load-config.js';
import { helpText, runCommand, UsageError } from './command.js';
import { rootCommand } from './root-command.js';

// `switchboard models | head`: the reader went away; stop quietly, as Unix tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}

/** What a store error means for the person at the terminal. */
function explain(error: Error): string {
  const lock = /Cannot lock file (\S+?)\/status/.exec(error.message) ?? /Failed to create connection for path '([^']+)'/.exec(error.message);
  if (lock)
    return `the generation store ${lock[1]} is open in another Switchboard process (the embedded store allows one at a time): stop that one, go through it (report --gateway http://127.0.0.1:8080), or use another --data-dir`;
  return error.message;
}

try {
  process.exitCode = await runCommand(rootCommand, process.argv.slice(2), 'switchboard');
} catch (error) {
  if (error instanceof UsageError) {
    process.stderr.write(`error: ${error.message}\n\n${helpText(error.command, error.path)}`);
    process.exitCode = 2;
  } else if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 2;
  } else {
    process.stderr.write(`error: ${explain(error as Error)}\n`);
    process.exitCode = 1;
  }
}
