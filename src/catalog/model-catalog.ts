import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CatalogModel, MediaKind } from './catalog-model.js';

/** Variants any model accepts (OpenRouter's dynamic variants); they change routing, not the model. */
export const dynamicVariants = ['nitro', 'floor', 'online', 'exacto', 'thinking'] as const;
export type DynamicVariant = (typeof dynamicVariants)[number];

export interface ResolvedModel {
  /** The catalog entry that will serve the request (an alias is followed to its target). */
  model: CatalogModel;
  /** The id the client asked for. */
  requested: string;
  /** A dynamic variant suffix such as 'nitro', when the id carried one that is not itself a catalog id. */
  variant: DynamicVariant | null;
}

export interface ModelFilter {
  author?: string;
  open?: boolean;
  origin?: string;
  reasoning?: boolean;
  sizeBucket?: string;
  search?: string;
  supportedParameters?: string[];
}

// Resolved from the package root so that it works from src/ (tests) and dist/ (built) alike.
const defaultCatalogPath = fileURLToPath(new URL('../../src/catalog/data/models.json', import.meta.url));

/** The model catalog shipped with Switchboard: lookup by id, alias, canonical slug and variant; filters. */
/** The embedding catalog beside a chat catalog file. */
function embeddingCatalogPath(chatCatalogPath: string): string {
  return join(dirname(chatCatalogPath), 'embedding-models.json');
}

/** The media catalog beside a chat catalog file. */
function mediaCatalogPath(chatCatalogPath: string): string {
  return join(dirname(chatCatalogPath), 'media-models.json');
}

/** A catalog file's entries, checked for the fields every lookup needs. */
function readEntries(path: string, parsed: { data?: unknown } = JSON.parse(readFileSync(path, 'utf8')) as { data?: unknown }): CatalogModel[] {
  if (!Array.isArray(parsed.data)) throw new Error(`catalog ${path} has no "data" array`);
  for (const [index, entry] of parsed.data.entries()) {
    const model = entry as Partial<CatalogModel>;
    if (typeof model.id !== 'string' || typeof model.pricing !== 'object' || typeof model.switchboard !== 'object') {
      throw new Error(`catalog ${path}: entry ${index} lacks id, pricing or switchboard facts`);
    }
  }
  return parsed.data as CatalogModel[];
}

export class ModelCatalog {
  readonly models: readonly CatalogModel[];
  readonly snapshotDate: string | null;
  /** Embedding models (POST /api/v1/embeddings), apart from the chat models. */
  readonly embeddingModels: readonly CatalogModel[];
  private readonly byId = new Map<string, CatalogModel>();
  private readonly embeddingsById: Map<string, CatalogModel>;
  /** Rerankers, image generators, speech and transcription models, apart from the chat models. */
  readonly mediaModels: readonly CatalogModel[];
  private readonly mediaById: Map<string, CatalogModel>;

  constructor(models: CatalogModel[], snapshotDate: string | null = null, embeddingModels: CatalogModel[] = [], mediaModels: CatalogModel[] = []) {
    this.models = models;
    this.snapshotDate = snapshotDate;
    this.embeddingModels = embeddingModels;
    this.embeddingsById = new Map(embeddingModels.map((model) => [model.id, model]));
    for (const model of mediaModels) if (!model.switchboard.media) throw new Error(`media catalog: ${model.id} has no switchboard.media`);
    this.mediaModels = mediaModels;
    this.mediaById = new Map(mediaModels.map((model) => [model.id, model]));
    for (const model of models) {
      this.byId.set(model.id, model);
      if (!this.byId.has(model.canonical_slug)) this.byId.set(model.canonical_slug, model);
    }
  }

  static load(path: string = defaultCatalogPath): ModelCatalog {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as { data?: unknown; snapshot_date?: string };
    readEntries(path, parsed);
    const embeddings = existsSync(embeddingCatalogPath(path)) ? readEntries(embeddingCatalogPath(path)) : [];
    const media = existsSync(mediaCatalogPath(path)) ? readEntries(mediaCatalogPath(path)) : [];
    return new ModelCatalog(parsed.data as CatalogModel[], parsed.snapshot_date ?? null, embeddings, media);
  }

  /** A media model by id (of any kind, or of the kind asked for). */
  mediaModel(id: string, kind?: MediaKind): CatalogModel | undefined {
    const model = this.mediaById.get(id);
    return model && (kind === undefined || model.switchboard.media?.kind === kind) ? model : undefined;
  }

  /** An embedding model by id. */
  embeddingModel(id: string): CatalogModel | undefined {
    return this.embeddingsById.get(id);
  }

  get(id: string): CatalogModel | undefined {
    return this.byId.get(id);
  }

  /** Resolves a requested id: exact ids (including ':free' rows) first, then a dynamic variant suffix, then aliases. */
  resolve(requested: string): ResolvedModel | undefined {
    let model = this.byId.get(requested);
    let variant: DynamicVariant | null = null;
    if (!model) {
      const separator = requested.lastIndexOf(':');
      const suffix = separator > 0 ? requested.slice(separator + 1) : '';
      if ((dynamicVariants as readonly string[]).includes(suffix)) {
        model = this.byId.get(requested.slice(0, separator));
        variant = suffix as DynamicVariant;
      }
    }
    if (!model) return undefined;
    const target = model.switchboard.alias_target;
    if (target) model = this.byId.get(target) ?? model;
    return { model, requested, variant };
  }

  filter(filter: ModelFilter): CatalogModel[] {
    const search = filter.search?.toLowerCase();
    return this.models.filter((model) => {
      const facts = model.switchboard;
      if (filter.author !== undefined && facts.author !== filter.author) return false;
      if (filter.open !== undefined && facts.open_weights !== filter.open) return false;
      if (filter.origin !== undefined && facts.origin !== filter.origin) return false;
      if (filter.reasoning !== undefined && facts.reasoning !== filter.reasoning) return false;
      if (filter.sizeBucket !== undefined && facts.size_bucket !== filter.sizeBucket) return false;
      if (filter.supportedParameters && !filter.supportedParameters.every((name) => model.supported_parameters.includes(name))) return false;
      if (search && !model.id.toLowerCase().includes(search) && !model.name.toLowerCase().includes(search)) return false;
      return true;
    });
  }
}
