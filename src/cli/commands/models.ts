import { ModelCatalog, type ModelFilter } from '../../catalog/model-catalog.js';
import type { Command } from '../command.js';
import { printJson, printTable } from '../cli-context.js';

const perMillion = (price: string | undefined) => (price === undefined ? null : Math.round(Number(price) * 1e6 * 1000) / 1000);

function formatParameters(count: number | null): string | null {
  if (count === null) return null;
  return count >= 1e12 ? `${count / 1e12}T` : `${Math.round((count / 1e9) * 10) / 10}B`;
}

export const modelsCommand: Command = {
  name: 'models',
  summary: 'List and filter the model catalog',
  details: 'Facts nobody could establish show as "-" (null); --json prints every field with its source.',
  options: {
    author: { type: 'string', short: 'a', description: 'only models of this author (e.g. deepseek)', value: 'slug' },
    open: { type: 'boolean', description: 'only open-weight models' },
    closed: { type: 'boolean', description: 'only closed models' },
    origin: { type: 'string', description: 'china or row (rest of world)', value: 'origin' },
    reasoning: { type: 'boolean', description: 'only reasoning models' },
    size: { type: 'string', description: 'small (<15B), medium (15-70B) or large (>=70B)', value: 'bucket' },
    search: { type: 'string', short: 's', description: 'text in the id or name', value: 'text' },
    json: { type: 'boolean', description: 'print JSON (OpenRouter fields plus Switchboard facts)' },
  },
  run: async (parsed) => {
    const { values } = parsed;
    if (values.open && values.closed) throw new Error('--open and --closed exclude each other');
    if (values.origin !== undefined && values.origin !== 'china' && values.origin !== 'row') throw new Error('--origin must be china or row');
    if (values.size !== undefined && !['small', 'medium', 'large'].includes(String(values.size))) throw new Error('--size must be small, medium or large');
    const filter: ModelFilter = {};
    if (typeof values.author === 'string') filter.author = values.author;
    if (values.open) filter.open = true;
    if (values.closed) filter.open = false;
    if (typeof values.origin === 'string') filter.origin = values.origin;
    if (values.reasoning) filter.reasoning = true;
    if (typeof values.size === 'string') filter.sizeBucket = values.size;
    if (typeof values.search === 'string') filter.search = values.search;
    const models = ModelCatalog.load().filter(filter);
    if (values.json) {
      printJson(models);
      return;
    }
    printTable(
      models.map((model) => ({
        id: model.id,
        author: model.switchboard.author,
        open: model.switchboard.open_weights,
        origin: model.switchboard.origin,
        params: formatParameters(model.switchboard.parameters_total),
        size: model.switchboard.size_bucket,
        reasoning: model.switchboard.reasoning,
        released: model.switchboard.release_date,
        'prompt$/M': perMillion(model.pricing.prompt),
        'completion$/M': perMillion(model.pricing.completion),
        context: model.context_length,
      })),
      ['id', 'author', 'open', 'origin', 'params', 'size', 'reasoning', 'released', 'prompt$/M', 'completion$/M', 'context'],
    );
    process.stderr.write(`${models.length} models\n`);
  },
};
