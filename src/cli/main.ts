#!/usr/bin/env node
import { ConfigError } from '../config/load-config.js';
import { helpText, runCommand, UsageError, type Command } from './command.js';
import { accountsCommand, creditsCommand } from './commands/accounts.js';
import { configCommand } from './commands/config.js';
import { keysCommand } from './commands/keys.js';
import { modelsCommand } from './commands/models.js';
import { serveCommand } from './commands/serve.js';

const root: Command = {
  name: 'switchboard',
  summary: 'Switchboard: a self-hostable, OpenRouter-compatible LLM gateway with a usage observatory',
  subcommands: [serveCommand, keysCommand, accountsCommand, creditsCommand, modelsCommand, configCommand],
};

try {
  process.exitCode = await runCommand(root, process.argv.slice(2), 'switchboard');
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
