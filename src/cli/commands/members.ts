import { randomBytes } from 'node:crypto';
import type { MemberRole } from '../../spec/workspace.js';
import type { Command, ParsedArguments } from '../command.js';
import { configOptions, printJson, printTable, withControlPlane } from '../cli-context.js';

const accountOption = { account: { type: 'string' as const, description: 'account (default: local)', value: 'id' } };
const accountOf = (parsed: ParsedArguments) => (typeof parsed.values.account === 'string' ? parsed.values.account : 'local');

const add: Command = {
  name: 'add',
  summary: 'Add a person to an account (keys name who made them; guardrails and workspaces take members)',
  options: {
    ...configOptions,
    ...accountOption,
    email: { type: 'string', description: 'their email (required, unique in the account)', value: 'address' },
    'first-name': { type: 'string', description: 'first name', value: 'name' },
    'last-name': { type: 'string', description: 'last name', value: 'name' },
    role: { type: 'string', description: 'admin or member (default: member)', value: 'role' },
  },
  run: async (parsed) => {
    const email = parsed.values.email;
    if (typeof email !== 'string' || !/^[^@\s]+@[^@\s]+$/.test(email)) throw new Error('--email is required (an email address)');
    const role = parsed.values.role ?? 'member';
    if (role !== 'admin' && role !== 'member') throw new Error('--role: admin or member');
    await withControlPlane(parsed, async ({ store }) => {
      const accountId = accountOf(parsed);
      if (!(await store.getAccount(accountId))) throw new Error(`no account ${accountId}`);
      const member = await store.organization.addMember({
        id: `user_${randomBytes(12).toString('hex')}`,
        accountId,
        email,
        firstName: typeof parsed.values['first-name'] === 'string' ? parsed.values['first-name'] : null,
        lastName: typeof parsed.values['last-name'] === 'string' ? parsed.values['last-name'] : null,
        role: role as MemberRole,
      });
      if (!member) throw new Error(`the account ${accountId} already has a member ${email}`);
      process.stdout.write(`${member.id}\n`);
    });
  },
};

const listCommand: Command = {
  name: 'list',
  summary: "List an account's members",
  options: { ...configOptions, ...accountOption, json: { type: 'boolean', description: 'print JSON' } },
  run: async (parsed) => {
    await withControlPlane(parsed, async ({ store }) => {
      const rows = (await store.organization.listMembers(accountOf(parsed))).members.map((member) => ({
        id: member.id,
        email: member.email,
        name: [member.firstName, member.lastName].filter(Boolean).join(' ') || null,
        role: member.role,
        added: member.createdAt,
      }));
      if (parsed.values.json) printJson(rows);
      else printTable(rows, ['id', 'email', 'name', 'role', 'added']);
    });
  },
};

const remove: Command = {
  name: 'remove',
  summary: 'Remove a member from an account, its workspaces and guardrails (the keys they made stay)',
  options: { ...configOptions, ...accountOption },
  run: async (parsed) => {
    const userId = parsed.positionals[0];
    if (!userId) throw new Error('give the member id (see: switchboard members list)');
    await withControlPlane(parsed, async ({ store }) => {
      if (!(await store.organization.removeMember(accountOf(parsed), userId))) throw new Error(`no member ${userId} in the account ${accountOf(parsed)}`);
      process.stdout.write('removed\n');
    });
  },
};

export const membersCommand: Command = {
  name: 'members',
  summary: "An account's people: add, list, remove",
  subcommands: [add, listCommand, remove],
};
