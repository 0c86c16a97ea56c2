import { randomUUID } from 'node:crypto';
import { fromNanoDollars, toNanoDollars } from '../../accounting/pricing.js';
import { announceKeyChange } from '../../server/composition/key-change-announcement.js';
import { type BudgetInterval, budgetIntervals, workspaceDefaults } from '../../spec/workspace.js';
import type { Command, ParsedArguments } from '../command.js';
import { configFromArguments, configOptions, printJson, printTable, withControlPlane } from '../cli-context.js';

const accountOption = { account: { type: 'string' as const, description: 'account (default: local)', value: 'id' } };
const accountOf = (parsed: ParsedArguments) => (typeof parsed.values.account === 'string' ? parsed.values.account : 'local');

/** Running nodes read their keys again (keys carry their workspace's budgets), else within their 5-second key cache. */
async function tellNodes(parsed: ParsedArguments): Promise<void> {
  const problem = await announceKeyChange(configFromArguments(parsed), '*');
  if (problem) process.stderr.write(`${problem}\n`);
}

const create: Command = {
  name: 'create',
  summary: 'Create a workspace (keys made in it share its budgets)',
  options: {
    ...configOptions,
    ...accountOption,
    name: { type: 'string', short: 'n', description: 'its name (required)', value: 'name' },
    slug: { type: 'string', description: 'its slug: lower-case letters, digits, dashes (required)', value: 'slug' },
    description: { type: 'string', description: 'what it is for', value: 'text' },
  },
  run: async (parsed) => {
    const { name, slug } = parsed.values;
    if (typeof name !== 'string' || !name) throw new Error('--name is required');
    if (typeof slug !== 'string' || !/^[a-z0-9][a-z0-9-]{0,63}$/.test(slug)) throw new Error('--slug is required: lower-case letters, digits and dashes');
    await withControlPlane(parsed, async ({ store }) => {
      const accountId = accountOf(parsed);
      if (!(await store.getAccount(accountId))) throw new Error(`no account ${accountId}`);
      const workspace = await store.organization.createWorkspace({
        id: randomUUID(),
        accountId,
        ...workspaceDefaults,
        name,
        slug,
        description: typeof parsed.values.description === 'string' ? parsed.values.description : null,
      });
      if (!workspace) throw new Error(`the account ${accountId} already has a workspace ${slug}`);
      process.stdout.write(`${workspace.id}\n`);
    });
  },
};

const listCommand: Command = {
  name: 'list',
  summary: "List an account's workspaces, their keys and budgets",
  options: { ...configOptions, ...accountOption, json: { type: 'boolean', description: 'print JSON' } },
  run: async (parsed) => {
    await withControlPlane(parsed, async ({ store }) => {
      const accountId = accountOf(parsed);
      const rows = [];
      for (const workspace of (await store.organization.listWorkspaces(accountId)).workspaces) {
        const budgets = await store.organization.listWorkspaceBudgets(accountId, workspace.id);
        rows.push({
          id: workspace.id,
          slug: workspace.slug,
          name: workspace.name,
          keys: await store.organization.countWorkspaceKeys(accountId, workspace.id),
          budgets: budgets.map((budget) => `${budget.interval} $${fromNanoDollars(budget.limitNano)}`).join(', ') || null,
        });
      }
      if (parsed.values.json) printJson(rows);
      else printTable(rows, ['id', 'slug', 'name', 'keys', 'budgets']);
    });
  },
};

const budget: Command = {
  name: 'budget',
  summary: "Set a workspace's budget for an interval (daily, weekly, monthly, lifetime), or remove it with --remove",
  options: {
    ...configOptions,
    ...accountOption,
    limit: { type: 'string', description: 'the budget, USD (more than 0)', value: 'USD' },
    remove: { type: 'boolean', description: 'remove the budget of that interval' },
  },
  run: async (parsed) => {
    const [reference, interval] = parsed.positionals;
    if (!reference || !budgetIntervals.includes(interval as BudgetInterval))
      throw new Error('usage: switchboard workspaces budget <workspace id or slug> <daily|weekly|monthly|lifetime> --limit <USD> | --remove');
    const limit = Number(parsed.values.limit);
    if (!parsed.values.remove && !(Number.isFinite(limit) && limit > 0)) throw new Error(`--limit must be a number of USD above 0, got ${String(parsed.values.limit)}`);
    await withControlPlane(parsed, async ({ store }) => {
      const accountId = accountOf(parsed);
      const workspace = await store.organization.getWorkspace(accountId, reference);
      if (!workspace) throw new Error(`no workspace ${reference} in the account ${accountId}`);
      if (parsed.values.remove) {
        const removed = await store.organization.deleteWorkspaceBudget(accountId, workspace.id, interval as BudgetInterval);
        process.stdout.write(removed ? 'removed\n' : 'there was none\n');
      } else {
        await store.organization.upsertWorkspaceBudget(accountId, workspace.id, interval as BudgetInterval, toNanoDollars(limit));
        process.stdout.write(`${interval} budget of ${workspace.slug}: $${limit}\n`);
      }
    });
    await tellNodes(parsed);
  },
};

const remove: Command = {
  name: 'delete',
  summary: 'Delete a workspace that has no keys left (never the default one)',
  options: { ...configOptions, ...accountOption },
  run: async (parsed) => {
    const reference = parsed.positionals[0];
    if (!reference) throw new Error('give the workspace id or slug (see: switchboard workspaces list)');
    await withControlPlane(parsed, async ({ store }) => {
      const accountId = accountOf(parsed);
      const workspace = await store.organization.getWorkspace(accountId, reference);
      if (!workspace) throw new Error(`no workspace ${reference} in the account ${accountId}`);
      if (workspace.id === 'default') throw new Error('the default workspace cannot be deleted');
      const keys = await store.organization.countWorkspaceKeys(accountId, workspace.id);
      if (keys > 0) throw new Error(`the workspace ${workspace.slug} still has ${keys} key(s)`);
      await store.organization.deleteWorkspace(accountId, workspace.id);
      process.stdout.write('deleted\n');
    });
    await tellNodes(parsed);
  },
};

export const workspacesCommand: Command = {
  name: 'workspaces',
  summary: 'Workspaces: groups of keys with shared budgets',
  subcommands: [create, listCommand, budget, remove],
};
