import { randomBytes } from 'node:crypto';
import { limitResets, type LimitReset } from '../../spec/limit-period.js';
import { fromNanoDollars, toNanoDollars } from '../../accounting/pricing.js';
import type { Command, ParsedArguments } from '../command.js';
import { announceKeyChange } from '../../server/composition/key-change-announcement.js';
import { configFromArguments, configOptions, printJson, printTable, withControlPlane } from '../cli-context.js';

function parseAmount(text: string | boolean | undefined, flag: string): number | null {
  if (text === undefined) return null;
  const value = Number(text);
  if (typeof text !== 'string' || !Number.isFinite(value) || value < 0) throw new Error(`--${flag} must be a non-negative number of USD, got ${String(text)}`);
  return toNanoDollars(value);
}

function parseReset(text: string | boolean | undefined): LimitReset | null {
  if (text === undefined) return null;
  if (typeof text !== 'string' || !limitResets.includes(text as LimitReset)) throw new Error(`--limit-reset must be one of ${limitResets.join(', ')}`);
  return text as LimitReset;
}

function hashArgument(parsed: ParsedArguments): string {
  const hash = parsed.positionals[0];
  if (!hash) throw new Error('give the key hash (see: switchboard keys list)');
  return hash;
}

const create: Command = {
  name: 'create',
  summary: 'Create an API key (printed once; only its hash is stored)',
  options: {
    ...configOptions,
    name: { type: 'string', short: 'n', description: 'name of the key (required)', value: 'name' },
    account: { type: 'string', description: 'account the key belongs to (default: a new account of its own, with no credits)', value: 'id' },
    management: { type: 'boolean', description: 'a management key (for /api/v1/keys), which cannot call models' },
    limit: { type: 'string', description: 'spending limit in USD', value: 'USD' },
    'limit-reset': { type: 'string', description: 'daily, weekly or monthly (UTC)', value: 'period' },
    'expires-at': { type: 'string', description: 'expiry time (ISO 8601, UTC)', value: 'time' },
    rpm: { type: 'string', description: 'requests per minute (default: limits.requests_per_minute_per_key)', value: 'count' },
    tpm: { type: 'string', description: 'tokens per minute (default: limits.tokens_per_minute_per_key)', value: 'count' },
    workspace: { type: 'string', description: "the account's workspace it belongs to, by id or slug (default: default)", value: 'workspace' },
    creator: { type: 'string', description: 'the member who makes it (their guardrails hold it)', value: 'user id' },
    json: { type: 'boolean', description: 'print JSON' },
  },
  run: async (parsed) => {
    const name = parsed.values.name;
    const rate = (option: 'rpm' | 'tpm'): number | null => {
      const text = parsed.values[option];
      if (typeof text !== 'string') return null;
      const value = Number(text);
      if (!Number.isInteger(value) || value < 1) throw new Error(`--${option} must be a positive integer, got "${text}"`);
      return value;
    };
    if (typeof name !== 'string' || !name) throw new Error('--name is required');
    await withControlPlane(parsed, async ({ accounts, store }) => {
      const expires = parsed.values['expires-at'];
      // Without --account the key gets an account of its own: it never spends the local account's
      // credits (the ones key-less local development runs on).
      let accountId = typeof parsed.values.account === 'string' ? parsed.values.account : null;
      if (accountId === null) {
        accountId = `acct-${randomBytes(6).toString('hex')}`;
        await store.createAccount({ id: accountId, name, billingCountry: null });
        process.stderr.write(`Created account ${accountId} for this key, with no credits (add some: switchboard credits add --account ${accountId} --amount 10)\n`);
      }
      let workspaceId: string | undefined;
      if (typeof parsed.values.workspace === 'string') {
        const workspace = await store.organization.getWorkspace(accountId, parsed.values.workspace);
        if (!workspace) throw new Error(`no workspace ${parsed.values.workspace} in the account ${accountId} (see: switchboard workspaces list)`);
        workspaceId = workspace.id;
      }
      let creatorUserId: string | null = null;
      if (typeof parsed.values.creator === 'string') {
        const [member] = await store.organization.findMembers(accountId, [parsed.values.creator]);
        if (!member) throw new Error(`no member ${parsed.values.creator} in the account ${accountId} (see: switchboard members list)`);
        creatorUserId = member.id;
      }
      const created = await accounts.createKey({
        accountId,
        workspaceId,
        creatorUserId,
        name,
        isManagement: parsed.values.management === true,
        limitNano: parseAmount(parsed.values.limit, 'limit'),
        limitReset: parseReset(parsed.values['limit-reset']),
        expiresAt: typeof expires === 'string' ? new Date(expires).toISOString() : null,
        requestsPerMinute: rate('rpm'),
        tokensPerMinute: rate('tpm'),
      });
      if (parsed.values.json) printJson({ key: created.key, hash: created.record.hash, label: created.record.label, account: created.record.accountId });
      else {
        process.stdout.write(`${created.key}\n`);
        process.stderr.write(`Created ${created.record.isManagement ? 'management key' : 'API key'} "${name}" (hash ${created.record.hash}). Store it now: it is not shown again.\n`);
      }
    });
  },
};

const list: Command = {
  name: 'list',
  summary: 'List the keys of an account',
  options: {
    ...configOptions,
    account: { type: 'string', description: 'account (default: local)', value: 'id' },
    all: { type: 'boolean', description: 'include disabled keys' },
    json: { type: 'boolean', description: 'print JSON' },
  },
  run: async (parsed) => {
    await withControlPlane(parsed, async ({ store }) => {
      const keys = await store.listKeys(typeof parsed.values.account === 'string' ? parsed.values.account : 'local', { includeDisabled: parsed.values.all === true });
      const rows = keys.map((key) => ({
        hash: key.hash,
        name: key.name,
        label: key.label,
        management: key.isManagement,
        disabled: key.disabled,
        limit: key.limitNano === null ? null : fromNanoDollars(key.limitNano),
        limit_reset: key.limitReset,
        expires_at: key.expiresAt,
      }));
      if (parsed.values.json) printJson(rows);
      else {
        const account = typeof parsed.values.account === 'string' ? parsed.values.account : 'local';
        process.stderr.write(`keys of the account ${account}${parsed.values.all === true ? '' : ' (without disabled ones: --all)'}\n`);
        printTable(rows, ['hash', 'name', 'label', 'management', 'disabled', 'limit', 'limit_reset']);
        // The other accounts, so a key made for one of them is not thought lost.
        const others = (await store.listAccounts()).map((entry) => entry.id).filter((id) => id !== account);
        if (others.length > 0) process.stderr.write(`other accounts: ${others.slice(0, 10).join(', ')}${others.length > 10 ? ' …' : ''} (switchboard keys list --account <id>)\n`);
      }
    });
  },
};

/** Running nodes that share a bus forget the key at once (else within their 5-second key cache). */
async function tellNodes(parsed: ParsedArguments, hash: string): Promise<void> {
  const problem = await announceKeyChange(configFromArguments(parsed), hash);
  if (problem) process.stderr.write(`${problem}\n`);
}

function toggle(name: 'disable' | 'enable'): Command {
  return {
    name,
    summary: `${name === 'disable' ? 'Disable' : 'Enable'} a key`,
    arguments: '<hash>',
    options: configOptions,
    run: async (parsed) => {
      await withControlPlane(parsed, async ({ store }) => {
        const key = await store.updateKey(hashArgument(parsed), { disabled: name === 'disable' });
        process.stdout.write(`${key.label} is ${key.disabled ? 'disabled' : 'enabled'}\n`);
        await tellNodes(parsed, key.hash);
      });
    },
  };
}

const remove: Command = {
  name: 'delete',
  summary: 'Delete a key (its usage history stays)',
  arguments: '<hash>',
  options: configOptions,
  run: async (parsed) => {
    await withControlPlane(parsed, async ({ store }) => {
      if (!(await store.deleteKey(hashArgument(parsed)))) throw new Error('no such key');
      process.stdout.write('deleted\n');
      await tellNodes(parsed, hashArgument(parsed));
    });
  },
};

export const keysCommand: Command = { name: 'keys', summary: 'Create, list, disable and delete API keys', subcommands: [create, list, toggle('disable'), toggle('enable'), remove] };
