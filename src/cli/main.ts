#!/usr/bin/env node
import { ConfigError } from '../config/load-config.js';
import { helpText, runCommand, UsageError } from './command.js';
import { rootCommand } from './root-command.js';

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
    process.stderr.write(`error: ${(error as Error).message}\n`);
    process.exitCode = 1;
  }
}
