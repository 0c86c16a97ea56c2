import type { Command } from './command.js';
import { accountsCommand, creditsCommand } from './commands/accounts.js';
import { configCommand } from './commands/config.js';
import { keysCommand } from './commands/keys.js';
import { modelsCommand } from './commands/models.js';
import { serveCommand } from './commands/serve.js';

export const rootCommand: Command = {
  name: 'switchboard',
  summary: 'Switchboard: a self-hostable, OpenRouter-compatible LLM gateway with a usage observatory',
  subcommands: [serveCommand, keysCommand, accountsCommand, creditsCommand, modelsCommand, configCommand],
};
