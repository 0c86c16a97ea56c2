/**
 * Builds the model catalog that ships with Switchboard (src/catalog/data/models.json) from real data:
 *  - OpenRouter's GET /api/v1/models snapshot (../shared/data/openrouter-models-2026-05-15.json),
 *  - Epoch AI's notable models table (../shared/data/epoch-notable-ai-models-2025-02-24.csv),
 *  - the curated facts in scripts/catalog-facts/ (each with its source).
 *
 * Every derived fact carries the source it came from; a fact nobody could establish stays null.
 * Run: npm run catalog:build [-- --data ../shared/data]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { OpenRouterModel } from '../src/catalog/catalog-model.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
const dataFlag = process.argv.indexOf('--data');
const dataDirectory = resolve(root, dataFlag > 0 ? process.argv[dataFlag + 1]! : '../shared/data');

type SnapshotModel = OpenRouterModel;

interface Fact<T> {
  value: T;
  source: string;
}

interface AuthorFacts {
  name: string;
  country: string | null;
  origin: 'china' | 'row' | null;
  source: string;
}

const snapshot = JSON.parse(readFileSync(join(dataDirectory, 'openrouter-models-2026-05-15.json'), 'utf8')) as {
  data: SnapshotModel[];
};
const authors = JSON.parse(readFileSync(join(here, 'catalog-facts/authors.json'), 'utf8')) as Record<string, AuthorFacts>;
const modelFacts = JSON.parse(readFileSync(join(here, 'catalog-facts/models.json'), 'utf8')) as {
  closed_authors: { authors: string[]; source: string };
  open_weights: Record<string, Fact<boolean>>;
  parameters_total: Record<string, Fact<number>>;
  epoch_names: Record<string, string>;
  aliases: Record<string, string>;
  excluded: { ids: string[] };
  reasoning_default: Record<string, Fact<boolean>>;
};

/** Minimal RFC 4180 CSV parser (quoted fields with embedded commas, quotes and newlines). */
function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const character = text[index]!;
    if (quoted) {
      if (character === '"' && text[index + 1] === '"') {
        field += '"';
        index++;
      } else if (character === '"') {
        quoted = false;
      } else {
        field += character;
      }
    } else if (character === '"') {
      quoted = true;
    } else if (character === ',') {
      row.push(field);
      field = '';
    } else if (character === '\n' || character === '\r') {
      if (character === '\r' && text[index + 1] === '\n') index++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else {
      field += character;
    }
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  const [header, ...body] = rows;
  return body.filter((cells) => cells.length === header!.length).map((cells) => Object.fromEntries(header!.map((name, column) => [name, cells[column]!])));
}

const epochRows = parseCsv(readFileSync(join(dataDirectory, 'epoch-notable-ai-models-2025-02-24.csv'), 'utf8'));
const epochByName = new Map(epochRows.map((row) => [row.Model!, row]));

/** Looks up a fact keyed by exact id or by an id prefix ending in '*'; the longest matching key wins. */
function lookup<T>(table: Record<string, T>, id: string): T | undefined {
  if (Object.hasOwn(table, id)) return table[id];
  let best: string | undefined;
  for (const key of Object.keys(table)) {
    if (key.endsWith('*') && id.startsWith(key.slice(0, -1)) && (best === undefined || key.length > best.length)) best = key;
  }
  return best === undefined ? undefined : table[best];
}

/** Total parameters written in an id, such as 'qwen3-235b-a22b' (235B; 'a22b' is the active count) or 'ring-2.6-1t'. */
function parametersFromName(name: string): number | null {
  const segments = name.toLowerCase().split(/[-_/:]/);
  for (const segment of segments) {
    const match = /^(\d+(?:\.\d+)?)([bt])$/.exec(segment);
    if (match) return Number(match[1]) * (match[2] === 't' ? 1e12 : 1e9);
  }
  return null;
}

function sizeBucket(parameters: number | null): 'small' | 'medium' | 'large' | null {
  if (parameters === null) return null;
  if (parameters < 15e9) return 'small';
  if (parameters < 70e9) return 'medium';
  return 'large';
}

function isoDate(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toISOString().slice(0, 10);
}

const excluded = new Set(modelFacts.excluded.ids);
const snapshotById = new Map(snapshot.data.map((model) => [model.id, model]));
const missingAuthors = new Set<string>();

const models = snapshot.data
  .filter((model) => !excluded.has(model.id))
  .map((model) => {
    const [variantless = model.id, variant = null] = model.id.split(':') as [string, string | undefined];
    const aliasTarget = modelFacts.aliases[model.id] ?? null;
    const factId = aliasTarget ?? variantless;
    const authorSlug = factId.replace(/^~/, '').split('/')[0]!;
    const author = authors[authorSlug];
    if (!author) missingAuthors.add(authorSlug);

    const huggingFaceId = snapshotById.get(factId)?.hugging_face_id || model.hugging_face_id || null;
    const sources: Record<string, string> = {};

    let openWeights: boolean | null = null;
    const openFact = lookup(modelFacts.open_weights, factId);
    if (openFact) {
      openWeights = openFact.value;
      sources.open_weights = openFact.source;
    } else if (huggingFaceId) {
      openWeights = true;
      sources.open_weights = `hugging_face_id ${huggingFaceId} in the OpenRouter catalog`;
    } else if (modelFacts.closed_authors.authors.includes(authorSlug)) {
      openWeights = false;
      sources.open_weights = modelFacts.closed_authors.source;
    } else {
      sources.open_weights = 'unknown: no Hugging Face id and no confirmed release of weights';
    }

    const epochName = modelFacts.epoch_names[factId];
    const epochRow = epochName ? epochByName.get(epochName) : undefined;

    let parameters: number | null = null;
    const parameterFact = lookup(modelFacts.parameters_total, factId);
    if (parameterFact) {
      parameters = parameterFact.value;
      sources.parameters_total = parameterFact.source;
    } else if (epochRow?.Parameters) {
      parameters = Number(epochRow.Parameters);
      sources.parameters_total = `Epoch AI notable models: ${epochName}`;
    } else {
      const fromHuggingFace = huggingFaceId ? parametersFromName(huggingFaceId) : null;
      const fromId = parametersFromName(factId);
      parameters = fromHuggingFace ?? fromId;
      if (parameters !== null) sources.parameters_total = fromHuggingFace !== null ? `Hugging Face id ${huggingFaceId}` : `model id ${factId}`;
      else sources.parameters_total = 'unknown: not published or not established here';
    }

    let releaseDate: string;
    if (epochRow?.['Publication date']) {
      releaseDate = epochRow['Publication date']!;
      sources.release_date = `Epoch AI notable models: ${epochName}`;
    } else {
      releaseDate = isoDate((snapshotById.get(factId) ?? model).created);
      sources.release_date = 'date the model was added to OpenRouter (created)';
    }

    const reasoning = model.supported_parameters.includes('reasoning') || model.supported_parameters.includes('include_reasoning');
    sources.reasoning = reasoning ? 'supported_parameters includes reasoning' : 'supported_parameters lacks reasoning';
    let reasoningDefault: boolean | null = null;
    const defaultFact = lookup(modelFacts.reasoning_default, factId);
    if (!reasoning) {
      reasoningDefault = false;
      sources.reasoning_default = 'no reasoning support';
    } else if (defaultFact) {
      reasoningDefault = defaultFact.value;
      sources.reasoning_default = defaultFact.source;
    } else if (/thinking/.test(model.id)) {
      reasoningDefault = true;
      sources.reasoning_default = 'a thinking variant (by its id)';
    } else {
      sources.reasoning_default = 'unknown: supports reasoning; whether by default is not established here';
    }
    sources.origin = author ? author.source : 'unknown author';

    const facts = {
      author: authorSlug,
      author_name: author?.name ?? authorSlug,
      author_country: author?.country ?? null,
      origin: author?.origin ?? null,
      open_weights: openWeights,
      parameters_total: parameters,
      size_bucket: openWeights === true ? sizeBucket(parameters) : null,
      reasoning,
      reasoning_default: reasoningDefault,
      release_date: releaseDate,
      variant,
      alias_target: aliasTarget,
      sources,
    };
    return { ...model, switchboard: facts };
  });

if (missingAuthors.size > 0) {
  console.error(`authors missing from scripts/catalog-facts/authors.json: ${[...missingAuthors].join(', ')}`);
  process.exit(1);
}

const output = {
  about:
    'Switchboard model catalog. OpenRouter fields are copied from OpenRouter\'s GET /api/v1/models snapshot of 2026-05-15; the "switchboard" object holds facts the snapshot lacks, each with its source. Built by scripts/build-catalog.ts.',
  snapshot_date: '2026-05-15',
  data: models,
};
const target = join(root, 'src/catalog/data/models.json');
writeFileSync(target, `${JSON.stringify(output, null, 1)}\n`);

const count = (predicate: (model: (typeof models)[number]) => boolean) => models.filter(predicate).length;
console.log(
  `wrote ${models.length} models to ${target}: open ${count((m) => m.switchboard.open_weights === true)}, closed ${count((m) => m.switchboard.open_weights === false)}, open-weights unknown ${count((m) => m.switchboard.open_weights === null)}; ` +
    `parameters known ${count((m) => m.switchboard.parameters_total !== null)}; china ${count((m) => m.switchboard.origin === 'china')}; reasoning ${count((m) => m.switchboard.reasoning)} (by default ${count((m) => m.switchboard.reasoning_default === true)}, unknown ${count((m) => m.switchboard.reasoning_default === null)})`,
);
