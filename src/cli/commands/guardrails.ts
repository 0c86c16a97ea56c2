import { randomUUID } from 'node:crypto';
import { fromNanoDollars, toNanoDollars } from '../../accounting/pricing.js';
import { announceKeyChange } from '../../server/composition/key-change-announcement.js';
import { guardrailDefaults } from '../../spec/guardrail.js';
import { limitResets, type LimitReset } from '../../spec/limit-period.js';
import type { Command, ParsedArguments } from '../command.js';
import { configFromArguments, configOptions, printJson, printTable, withControlPlane } from '../cli-context.js';

const accountOption = { account: { type: 'string' as const, description: 'account (default: local)', value: 'id' } };
const accountOf = (parsed: ParsedArguments) => (typeof parsed.values.account === 'string' ? parsed.values.account : 'local');
const list = (text: unknown) =>
  typeof text === 'string'
    ? text
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean)
    : null;

/** Running nodes forget every key at once (a guardrail may hold many), else within their 5-second key cache. */
async function tellNodes(parsed: ParsedArguments): Promise<void> {
  const problem = await announceKeyChange(configFromArguments(parsed), '*');
  if (problem) process.stderr.write(`${problem}\n`);
}

const create: Command = {
  name: 'create',
  summary: 'Create a guardrail: a budget per assigned key, model and provider lists, ZDR',
  options: {
    ...configOptions,
    ...accountOption,
    name: { type: 'string', short: 'n', description: 'its name (required)', value: 'name' },
    limit: { type: 'string', description: 'budget per assigned key, USD', value: 'USD' },
    reset: { type: 'string', description: 'daily, weekly or monthly (UTC)', value: 'period' },
    models: { type: 'string', description: 'allowed models, comma-separated', value: 'ids' },
    providers: { type: 'string', description: 'allowed providers, comma-separated', value: 'ids' },
    'ignore-providers': { type: 'string', description: 'providers never used, comma-separated', value: 'ids' },
    zdr: { type: 'boolean', description: 'zero-data-retention endpoints only' },
  },
  run: async (parsed) => {
    const name = parsed.values.name;
    if (typeof name !== 'string' || !name) throw new Error('--name is required');
    const limit = parsed.values.limit === undefined ? null : Number(parsed.values.limit);
    if (limit !== null && !(Number.isFinite(limit) && limit >= 0)) throw new Error(`--limit must be a non-negative number of USD, got ${String(parsed.values.limit)}`);
    const reset = parsed.values.reset;
    if (reset !== undefined && !limitResets.includes(reset as LimitReset)) throw new Error('--reset: daily, weekly or monthly');
    await withControlPlane(parsed, async ({ store }) => {
      const guardrail = await store.createGuardrail({
        id: randomUUID(),
        accountId: accountOf(parsed),
        ...guardrailDefaults,
        name,
        limitNano: limit === null ? null : toNanoDollars(limit),
        resetInterval: (reset as LimitReset | undefined) ?? null,
        allowedModels: list(parsed.values.models),
        allowedProviders: list(parsed.values.providers),
        ignoredProviders: list(parsed.values['ignore-providers']),
        enforceZdr: parsed.values.zdr === true,
      });
      process.stdout.write(`${guardrail.id}\n`);
    });
  },
};

const listCommand: Command = {
  name: 'list',
  summary: "List an account's guardrails and the keys they hold",
  options: { ...configOptions, ...accountOption, json: { type: 'boolean', description: 'print JSON' } },
  run: async (parsed) => {
    await withControlPlane(parsed, async ({ store }) => {
      const assignments = await store.listGuardrailKeyAssignments(accountOf(parsed));
      const rows = (await store.listGuardrails(accountOf(parsed))).map((guardrail) => ({
        id: guardrail.id,
        name: guardrail.name,
        limit: guardrail.limitNano === null ? null : fromNanoDollars(guardrail.limitNano),
        reset: guardrail.resetInterval,
        models: guardrail.allowedModels?.join(',') ?? null,
        zdr: guardrail.enforceZdr,
        keys: assignments.filter((assignment) => assignment.guardrailId === guardrail.id).length,
      }));
      if (parsed.values.json) printJson(rows);
      else printTable(rows, ['id', 'name', 'limit', 'reset', 'models', 'zdr', 'keys']);
    });
  },
};

function assignment(name: 'assign' | 'unassign'): Command {
  return {
    name,
    summary: `${name === 'assign' ? 'Assign' : 'Unassign'} keys (by hash) ${name === 'assign' ? 'to' : 'from'} a guardrail`,
    options: { ...configOptions, ...accountOption },
    run: async (parsed) => {
      const [id, ...hashes] = parsed.positionals;
      if (!id || hashes.length === 0) throw new Error(`usage: switchboard guardrails ${name} <guardrail id> <key hash> [<key hash> …]`);
      const accountId = accountOf(parsed);
      await withControlPlane(parsed, async ({ store }) => {
        if (!(await store.getGuardrail(accountId, id))) throw new Error(`no guardrail ${id} in the account ${accountId}`);
        if (name === 'assign') {
          for (const hash of hashes) {
            const key = await store.getKey(hash);
            if (!key || key.accountId !== accountId) throw new Error(`no key ${hash} in the account ${accountId}`);
          }
          process.stdout.write(`${await store.assignGuardrailKeys(accountId, id, hashes)} assigned\n`);
        } else process.stdout.write(`${await store.unassignGuardrailKeys(accountId, id, hashes)} unassigned\n`);
      });
      await tellNodes(parsed);
    },
  };
}

const remove: Command = {
  name: 'delete',
  summary: 'Delete a guardrail (its keys are free of it)',
  options: { ...configOptions, ...accountOption },
  run: async (parsed) => {
    const id = parsed.positionals[0];
    if (!id) throw new Error('give the guardrail id (see: switchboard guardrails list)');
    await withControlPlane(parsed, async ({ store }) => {
      if (!(await store.deleteGuardrail(accountOf(parsed), id))) throw new Error(`no guardrail ${id} in the account ${accountOf(parsed)}`);
      process.stdout.write('deleted\n');
    });
    await tellNodes(parsed);
  },
};

export const guardrailsCommand: Command = {
  name: 'guardrails',
  summary: 'Guardrails: budgets per key, model and provider lists, ZDR',
  subcommands: [create, listCommand, assignment('assign'), assignment('unassign'), remove],
};
