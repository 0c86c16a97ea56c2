/** A model as OpenRouter's GET /api/v1/models lists it (prices are USD per token, as strings). */
export interface OpenRouterModel {
  id: string;
  canonical_slug: string;
  hugging_face_id: string | null;
  name: string;
  created: number;
  description: string;
  context_length: number | null;
  architecture: {
    modality: string;
    input_modalities: string[];
    output_modalities: string[];
    tokenizer: string;
    instruct_type: string | null;
  };
  pricing: Record<string, string>;
  top_provider: { context_length: number | null; max_completion_tokens: number | null; is_moderated: boolean };
  per_request_limits: unknown;
  supported_parameters: string[];
  default_parameters: Record<string, unknown> | null;
  supported_voices?: string[] | null;
  knowledge_cutoff: string | null;
  expiration_date: string | null;
  links?: { details: string };
}

export type Origin = 'china' | 'row';
export type SizeBucket = 'small' | 'medium' | 'large';

/** Facts the study's analyses need and OpenRouter's listing lacks; null means not known. */
export interface ModelFacts {
  author: string;
  author_name: string;
  author_country: string | null;
  origin: Origin | null;
  open_weights: boolean | null;
  parameters_total: number | null;
  size_bucket: SizeBucket | null;
  /** Supports reasoning (the reasoning parameter). */
  reasoning: boolean;
  /** Reasons by default (mandatory or on unless switched off): the study's "reasoning model"; null when not known. */
  reasoning_default: boolean | null;
  release_date: string | null;
  variant: string | null;
  alias_target: string | null;
  /** Output size of an embedding model (absent for chat models). */
  embedding_dimensions?: number | null;
  /** What a media model makes and how it is billed (absent for chat and embedding models). */
  media?: MediaFacts;
  sources: Record<string, string>;
}

/** The kinds of media request, each with its own route. */
export type MediaKind = 'rerank' | 'image' | 'speech' | 'transcription';

/** A media model's kind and prices (USD per unit, as strings like OpenRouter's prices). */
export interface MediaFacts {
  kind: MediaKind;
  unit: 'image' | 'character' | 'second' | 'search';
  /** Price of one unit at the default variant. */
  unit_price: string;
  /** Prices of one unit by the value of `variant_parameter` (image quality: low, medium, high …). */
  variants?: Record<string, string>;
  variant_parameter?: string;
  /** OpenRouter's normalised values (image quality low … max) as the model's own variants: DALL·E 3's high is its `hd`. */
  variant_aliases?: Record<string, string>;
  /** Most images one request may ask for. */
  max_images?: number;
  /** Documents in one rerank search unit (Cohere: 100). */
  documents_per_unit?: number;
  /** Output formats (images, speech) or input formats (transcription) the model takes. */
  formats?: string[];
}

export interface CatalogModel extends OpenRouterModel {
  switchboard: ModelFacts;
}

/** The study's source groups: closed, oss-china, oss-row (null when open-weights or origin is unknown). */
export function sourceGroup(facts: ModelFacts): 'closed' | 'oss-china' | 'oss-row' | null {
  if (facts.open_weights === false) return 'closed';
  if (facts.open_weights === true && facts.origin !== null) return facts.origin === 'china' ? 'oss-china' : 'oss-row';
  return null;
}
