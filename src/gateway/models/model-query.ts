import type { CatalogModel } from '../../catalog/catalog-model.js';
import { GatewayError } from '../../errors/gateway-error.js';

/** What GET /models, /models/count and /models/user filter and sort by, from OpenRouter's query parameters. */
export interface ModelQuery {
  search: string | null;
  supportedParameters: string[] | null;
  /** Output modalities a model must produce one of; null: any (`all`). Default: text. */
  outputModalities: string[] | null;
  inputModalities: string[] | null;
  authors: string[] | null;
  providers: string[] | null;
  minContext: number | null;
  /** USD per million prompt / completion tokens. */
  minPrice: number | null;
  maxPrice: number | null;
  minOutputPrice: number | null;
  maxOutputPrice: number | null;
  minAgeDays: number | null;
  maxAgeDays: number | null;
  zdr: boolean | null;
  sort: ModelSort | null;
}

export const modelSorts = ['pricing-low-to-high', 'pricing-high-to-low', 'context-high-to-low', 'newest', 'throughput-high-to-low', 'latency-low-to-high'] as const;
export type ModelSort = (typeof modelSorts)[number];

const invalid = (param: string, message: string) => new GatewayError('invalid_request', `${param}: ${message}`, { metadata: { param } });

function list(query: URLSearchParams, param: string): string[] | null {
  const text = query.get(param);
  if (text === null) return null;
  const items = text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  if (items.length > 100) throw invalid(param, 'at most 100 items');
  return items.length > 0 ? items : null;
}

function number(query: URLSearchParams, param: string): number | null {
  const text = query.get(param);
  if (text === null || text === '') return null;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0) throw invalid(param, 'expected a non-negative number');
  return value;
}

/** The query's filters and sort, checked (a 400 naming what is wrong). */
export function parseModelQuery(query: URLSearchParams): ModelQuery {
  const output = list(query, 'output_modalities');
  const zdr = query.get('zdr');
  if (zdr !== null && zdr !== 'true' && zdr !== 'false') throw invalid('zdr', 'true or false');
  const sort = query.get('sort');
  if (sort !== null && !(modelSorts as readonly string[]).includes(sort)) throw invalid('sort', `one of ${modelSorts.join(', ')}`);
  return {
    search: query.get('q') ?? query.get('search'),
    supportedParameters: list(query, 'supported_parameters'),
    outputModalities: output?.includes('all') ? null : (output ?? ['text']),
    inputModalities: list(query, 'input_modalities'),
    authors: list(query, 'model_authors'),
    providers: list(query, 'providers'),
    minContext: number(query, 'context'),
    minPrice: number(query, 'min_price'),
    maxPrice: number(query, 'max_price'),
    minOutputPrice: number(query, 'min_output_price'),
    maxOutputPrice: number(query, 'max_output_price'),
    minAgeDays: number(query, 'min_age_days'),
    maxAgeDays: number(query, 'max_age_days'),
    zdr: zdr === null ? null : zdr === 'true',
    sort: sort as ModelSort | null,
  };
}

/** What the filters need of a model's endpoints on this gateway. */
export interface ServedModel {
  model: CatalogModel;
  providerIds: readonly string[];
  hasZdrEndpoint: boolean;
  /** Best measured throughput (tokens/s) and latency (ms) of its endpoints, when measured. */
  throughput: number | null;
  latency: number | null;
}

const perMillion = (price: string | undefined) => (price === undefined ? 0 : Number(price) * 1e6);

/** The models that pass every filter, sorted as asked (else in catalog order). */
export function applyModelQuery(served: readonly ServedModel[], query: ModelQuery, nowMs: number): CatalogModel[] {
  const search = query.search?.toLowerCase() ?? null;
  const kept = served.filter(({ model, providerIds, hasZdrEndpoint }) => {
    const architecture = model.architecture;
    if (query.outputModalities && !query.outputModalities.some((modality) => architecture.output_modalities.includes(modality))) return false;
    if (query.inputModalities && !query.inputModalities.every((modality) => architecture.input_modalities.includes(modality))) return false;
    if (query.supportedParameters && !query.supportedParameters.every((name) => model.supported_parameters.includes(name))) return false;
    if (search && !model.id.toLowerCase().includes(search) && !model.name.toLowerCase().includes(search)) return false;
    if (query.authors && !query.authors.includes(model.id.split('/')[0]!)) return false;
    if (query.providers && !query.providers.some((provider) => providerIds.includes(provider))) return false;
    if (query.minContext !== null && (model.context_length ?? 0) < query.minContext) return false;
    const prompt = perMillion(model.pricing.prompt);
    const completion = perMillion(model.pricing.completion);
    if (query.minPrice !== null && prompt < query.minPrice) return false;
    if (query.maxPrice !== null && prompt > query.maxPrice) return false;
    if (query.minOutputPrice !== null && completion < query.minOutputPrice) return false;
    if (query.maxOutputPrice !== null && completion > query.maxOutputPrice) return false;
    const ageDays = (nowMs / 1000 - model.created) / 86_400;
    if (query.minAgeDays !== null && ageDays < query.minAgeDays) return false;
    if (query.maxAgeDays !== null && ageDays > query.maxAgeDays) return false;
    if (query.zdr !== null && hasZdrEndpoint !== query.zdr) return false;
    return true;
  });
  const sorted = [...kept];
  const price = (entry: ServedModel) => perMillion(entry.model.pricing.prompt) + perMillion(entry.model.pricing.completion);
  switch (query.sort) {
    case 'pricing-low-to-high':
      sorted.sort((a, b) => price(a) - price(b));
      break;
    case 'pricing-high-to-low':
      sorted.sort((a, b) => price(b) - price(a));
      break;
    case 'context-high-to-low':
      sorted.sort((a, b) => (b.model.context_length ?? 0) - (a.model.context_length ?? 0));
      break;
    case 'newest':
      sorted.sort((a, b) => b.model.created - a.model.created);
      break;
    // Unmeasured models go last.
    case 'throughput-high-to-low':
      sorted.sort((a, b) => (b.throughput ?? -1) - (a.throughput ?? -1));
      break;
    case 'latency-low-to-high':
      sorted.sort((a, b) => (a.latency ?? Number.POSITIVE_INFINITY) - (b.latency ?? Number.POSITIVE_INFINITY));
      break;
    default:
      break;
  }
  return sorted.map((entry) => entry.model);
}
