import type { Command } from './command.js';
import { accountsCommand, creditsCommand } from './commands/accounts.js';
import { classifyCommand } from './commands/classify.js';
import { configCommand } from './commands/config.js';
import { demoCommand } from './commands/demo.js';
import { importCommand } from './commands/import.js';
import { keysCommand } from './commands/keys.js';
import { byokCommand } from './commands/byok.js';
import { presetsCommand } from './commands/presets.js';
import { guardrailsCommand } from './commands/guardrails.js';
import { membersCommand } from './commands/members.js';
import { workspacesCommand } from './commands/workspaces.js';
import { logCommand } from './commands/log.js';
import { migrateCommand } from './commands/migrate.js';
import { modelsCommand } from './commands/models.js';
import { replayCommand } from './commands/replay.js';
import { reportCommand } from './commands/report.js';
import { serveCommand } from './commands/serve.js';
import { simulateCommand } from './commands/simulate.js';

export const rootCommand: Command = {
  name: 'switchboard',
  summary: 'Switchboard: a self-hostable, OpenRouter-compatible LLM gateway with a usage observatory',
  subcommands: [
    serveCommand,
    demoCommand,
    reportCommand,
    simulateCommand,
    importCommand,
    replayCommand,
    classifyCommand,
    keysCommand,
    byokCommand,
    presetsCommand,
    guardrailsCommand,
    workspacesCommand,
    membersCommand,
    accountsCommand,
    creditsCommand,
    modelsCommand,
    logCommand,
    migrateCommand,
    configCommand,
  ],
};
