import { redactConfig } from '../../config/redact-config.js';
import type { Command } from '../command.js';
import { configFromArguments, configOptions, printJson } from '../cli-context.js';

export const configCommand: Command = {
  name: 'config',
  summary: 'Validate the configuration and print it with defaults filled in (secrets are never printed)',
  options: configOptions,
  run: async (parsed) => {
    printJson(redactConfig(configFromArguments(parsed)));
  },
};
