import { fromNanoDollars, toNanoDollars } from '../../accounting/pricing.js';
import { isCountryCode } from '../../geography/country-continent.js';
import type { Command } from '../command.js';
import { configOptions, printJson, printTable, withControlPlane } from '../cli-context.js';

function countryOption(value: string | boolean | undefined): string | null {
  if (value === undefined) return null;
  if (typeof value !== 'string' || !isCountryCode(value)) throw new Error(`--country must be an ISO-3166 alpha-2 code such as US or DE, got ${String(value)}`);
  return value.toUpperCase();
}

const create: Command = {
  name: 'create',
  summary: 'Create an account',
  options: {
    ...configOptions,
    name: { type: 'string', short: 'n', description: 'name of the account (required)', value: 'name' },
    id: { type: 'string', description: 'account id (default: generated)', value: 'id' },
    country: { type: 'string', description: 'billing country, ISO-3166 alpha-2 (for geography analyses)', value: 'code' },
    credits: { type: 'string', description: 'starting credits in USD', value: 'USD' },
  },
  run: async (parsed) => {
    const name = parsed.values.name;
    if (typeof name !== 'string' || !name) throw new Error('--name is required');
    await withControlPlane(parsed, async ({ store }) => {
      let account = await store.createAccount({ name, billingCountry: countryOption(parsed.values.country), ...(typeof parsed.values.id === 'string' ? { id: parsed.values.id } : {}) });
      const credits = Number(parsed.values.credits ?? 0);
      if (!Number.isFinite(credits) || credits < 0) throw new Error('--credits must be a non-negative number');
      if (credits > 0) account = await store.addCredits(account.id, toNanoDollars(credits), 'purchase', 'starting credits');
      process.stdout.write(`${account.id}\n`);
    });
  },
};

const list: Command = {
  name: 'list',
  summary: 'List accounts with their credits and usage',
  options: { ...configOptions, json: { type: 'boolean', description: 'print JSON' } },
  run: async (parsed) => {
    await withControlPlane(parsed, async ({ store }) => {
      const rows = (await store.listAccounts()).map((account) => ({
        id: account.id,
        name: account.name,
        country: account.billingCountry,
        credits: fromNanoDollars(account.creditsNano),
        usage: fromNanoDollars(account.usageNano),
        balance: fromNanoDollars(account.creditsNano - account.usageNano),
      }));
      if (parsed.values.json) printJson(rows);
      else printTable(rows, ['id', 'name', 'country', 'credits', 'usage', 'balance']);
    });
  },
};

const addCredits: Command = {
  name: 'add',
  summary: 'Add credits to an account',
  options: {
    ...configOptions,
    account: { type: 'string', description: 'account (default: local)', value: 'id' },
    amount: { type: 'string', description: 'USD to add (negative to remove)', value: 'USD' },
    grant: { type: 'boolean', description: 'record as a grant rather than a purchase' },
  },
  run: async (parsed) => {
    const amount = Number(parsed.values.amount);
    if (typeof parsed.values.amount !== 'string' || !Number.isFinite(amount)) throw new Error('--amount must be a number of USD');
    await withControlPlane(parsed, async ({ store }) => {
      const account = await store.addCredits(typeof parsed.values.account === 'string' ? parsed.values.account : 'local', toNanoDollars(amount), parsed.values.grant ? 'grant' : 'purchase');
      process.stdout.write(`${account.id}: balance ${fromNanoDollars(account.creditsNano - account.usageNano)} USD\n`);
    });
  },
};

export const accountsCommand: Command = { name: 'accounts', summary: 'Create and list accounts', subcommands: [create, list] };
export const creditsCommand: Command = { name: 'credits', summary: "Add to an account's credits", subcommands: [addCredits] };
