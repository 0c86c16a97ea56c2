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
  sources: Record<string, string>;
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
