import { randomUUID } from 'node:crypto';
import { byokBinding, maskProviderKey } from '../../accounts/byok-cipher.js';
import { byokCipherFromConfig } from '../../server/composition/byok-cipher-from-config.js';
import { byokKeyDefaults } from '../../spec/byok-key.js';
import { announceByokChange } from '../../server/composition/key-change-announcement.js';
import type { Command, ParsedArguments } from '../command.js';
import { configFromArguments, configOptions, printJson, printTable, withControlPlane } from '../cli-context.js';

const accountOption = { account: { type: 'string' as const, description: 'account (default: local)', value: 'id' } };
const accountOf = (parsed: ParsedArguments) => (typeof parsed.values.account === 'string' ? parsed.values.account : 'local');

/** A provider key from standard input: never from the command line, where `ps` and shell history see it. */
async function readKeyFromStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('provider key (then Enter, Ctrl-D): ');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const key = Buffer.concat(chunks).toString('utf8').trim();
  if (!key || /\s/.test(key)) throw new Error('give the provider key on standard input, one line without spaces');
  return key;
}

const add: Command = {
  name: 'add',
  summary: "Store an account's own key for a provider (read from standard input, sealed before it is stored)",
  options: {
    ...configOptions,
    ...accountOption,
    provider: { type: 'string', description: 'the provider id, as in the configuration (required)', value: 'id' },
    name: { type: 'string', short: 'n', description: 'a name for the key', value: 'name' },
    'byok-only': { type: 'boolean', description: "never fall back to the gateway's own key for this provider" },
    fallback: { type: 'boolean', description: "use the gateway's own key first, this one when it fails" },
  },
  run: async (parsed) => {
    const config = configFromArguments(parsed);
    const cipher = byokCipherFromConfig(config, process.env);
    if (!cipher) throw new Error('BYOK is off: set byok.encryption_key_env (a 32-byte key, e.g. openssl rand -base64 32) in the configuration');
    const provider = parsed.values.provider;
    if (typeof provider !== 'string' || !provider) throw new Error('--provider is required');
    if (!config.providers.some((entry) => entry.id === provider))
      throw new Error(`--provider ${provider} is not a provider of this configuration (${config.providers.map((entry) => entry.id).join(', ')})`);
    const plaintext = await readKeyFromStdin();
    const accountId = accountOf(parsed);
    await withControlPlane(parsed, async ({ store }) => {
      const id = randomUUID();
      const key = await store.createByokKey({
        id,
        accountId,
        provider,
        ...byokKeyDefaults,
        name: typeof parsed.values.name === 'string' ? parsed.values.name : null,
        label: maskProviderKey(plaintext),
        encryptedKey: cipher.seal(plaintext, byokBinding(accountId, provider, id)),
        isByokOnly: parsed.values['byok-only'] === true,
        isFallback: parsed.values.fallback === true,
      });
      process.stdout.write(`${key.id}\n`);
      process.stderr.write(`Stored ${key.label} for ${provider} (account ${accountId}).\n`);
    });
    const problem = await announceByokChange(config, accountId);
    if (problem) process.stderr.write(`${problem}\n`);
  },
};

const list: Command = {
  name: 'list',
  summary: "List an account's own provider keys (masked)",
  options: { ...configOptions, ...accountOption, json: { type: 'boolean', description: 'print JSON' } },
  run: async (parsed) => {
    await withControlPlane(parsed, async ({ store }) => {
      const rows = (await store.listByokKeys(accountOf(parsed))).map((key) => ({
        id: key.id,
        provider: key.provider,
        name: key.name,
        label: key.label,
        disabled: key.disabled,
        byok_only: key.isByokOnly,
        fallback: key.isFallback,
      }));
      if (parsed.values.json) printJson(rows);
      else printTable(rows, ['id', 'provider', 'name', 'label', 'disabled', 'byok_only', 'fallback']);
    });
  },
};

const remove: Command = {
  name: 'remove',
  summary: "Delete an account's provider key",
  options: { ...configOptions, ...accountOption },
  run: async (parsed) => {
    const id = parsed.positionals[0];
    if (!id) throw new Error('give the BYOK key id (see: switchboard byok list)');
    const accountId = accountOf(parsed);
    await withControlPlane(parsed, async ({ store }) => {
      if (!(await store.deleteByokKey(accountId, id))) throw new Error(`no BYOK key ${id} in the account ${accountId}`);
      process.stdout.write('deleted\n');
    });
    const problem = await announceByokChange(configFromArguments(parsed), accountId);
    if (problem) process.stderr.write(`${problem}\n`);
  },
};

export const byokCommand: Command = { name: 'byok', summary: "Accounts' own provider keys (bring your own key)", subcommands: [add, list, remove] };
