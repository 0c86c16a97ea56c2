import { readFile } from 'node:fs/promises';
import { presetFromBody } from '../../gateway/presets/apply-preset.js';
import { checkPresetConfig, isPresetFormat } from '../../gateway/presets/check-preset.js';
import { presetSlugPattern } from '../../spec/preset.js';
import type { Command, ParsedArguments } from '../command.js';
import { configOptions, printJson, printTable, withControlPlane } from '../cli-context.js';

const accountOption = { account: { type: 'string' as const, description: 'account (default: local)', value: 'id' } };
const accountOf = (parsed: ParsedArguments) => (typeof parsed.values.account === 'string' ? parsed.values.account : 'local');

const list: Command = {
  name: 'list',
  summary: "List an account's presets",
  options: { ...configOptions, ...accountOption, json: { type: 'boolean', description: 'print JSON' } },
  run: async (parsed) => {
    await withControlPlane(parsed, async ({ store }) => {
      const rows = (await store.listPresets(accountOf(parsed))).map((preset) => ({ slug: preset.slug, name: preset.name, status: preset.status, updated_at: preset.updatedAt }));
      if (parsed.values.json) printJson(rows);
      else printTable(rows, ['slug', 'name', 'status', 'updated_at']);
    });
  },
};

const show: Command = {
  name: 'show',
  summary: "Print a preset's designated version (or --version N) as JSON",
  options: { ...configOptions, ...accountOption, version: { type: 'string', description: 'a version number', value: 'N' } },
  run: async (parsed) => {
    const slug = parsed.positionals[0];
    if (!slug) throw new Error('give the preset slug (see: switchboard presets list)');
    await withControlPlane(parsed, async ({ store }) => {
      const wanted = typeof parsed.values.version === 'string' ? Number(parsed.values.version) : null;
      const version = wanted === null ? (await store.getPreset(accountOf(parsed), slug))?.designated : await store.getPresetVersion(accountOf(parsed), slug, wanted);
      if (!version) throw new Error(`no preset ${slug}${wanted === null ? '' : ` version ${wanted}`} in the account ${accountOf(parsed)}`);
      printJson({ slug, version: version.version, system_prompt: version.systemPrompt, config: version.config });
    });
  },
};

const save: Command = {
  name: 'save',
  summary: "Save a request body (a JSON file) as a preset's next version: its settings and system prompt",
  options: {
    ...configOptions,
    ...accountOption,
    format: { type: 'string', description: 'the body is a chat (default), messages or responses request', value: 'format' },
  },
  run: async (parsed) => {
    const [slug, path] = parsed.positionals;
    if (!slug || !path) throw new Error('usage: switchboard presets save <slug> <request.json> [--format chat|messages|responses]');
    if (!presetSlugPattern.test(slug)) throw new Error('the slug: lower-case letters, digits, - and _, at most 64');
    const format = typeof parsed.values.format === 'string' ? parsed.values.format : 'chat';
    if (!isPresetFormat(format)) throw new Error('--format: chat, messages or responses');
    let body: unknown;
    try {
      body = JSON.parse(await readFile(path, 'utf8'));
    } catch (error) {
      throw new Error(`${path}: not a JSON request body (${(error as Error).message})`);
    }
    const { config, systemPrompt } = presetFromBody(body, format);
    checkPresetConfig(config, format);
    await withControlPlane(parsed, async ({ store }) => {
      const saved = await store.savePresetVersion({ accountId: accountOf(parsed), slug, config, systemPrompt, creatorId: 'cli' });
      process.stdout.write(`${slug} version ${saved.version.version}\n`);
    });
  },
};

export const presetsCommand: Command = { name: 'presets', summary: 'Presets: named, versioned request settings (model "@preset/<slug>")', subcommands: [list, show, save] };
