/**
 * One generation's metadata record — the usage event every generation leaves: OpenRouter's
 * generation fields plus what the study's analyses need. Field names are the columns of the
 * `generations` table. Prompt and completion text are never part of it.
 */
export interface ProviderAttempt {
  provider_name: string;
  endpoint_id: string;
  status: number;
  latency: number;
  error_code: string | null;
}

export interface GenerationRecord {
  /** Layout of the record: 4 since media units are recorded (3: presets and workspaces; 2: usage anomalies); rows stored before 2 read back as 1. */
  schema_version: number;
  id: string;
  request_id: string;
  /** ISO-8601 UTC timestamp with milliseconds. */
  created_at: string;
  api_type: string;

  account_id: string;
  key_hash: string;
  key_name: string;
  app_id: number | null;
  app_name: string | null;
  http_referer: string | null;
  user_agent: string | null;
  external_user: string | null;
  session_id: string | null;

  /** The model id the client sent (with any variant suffix). */
  requested_model: string;
  /** The catalog model that served the request. */
  model: string;
  model_permaslug: string;
  author: string;
  open_weights: boolean | null;
  origin: string | null;
  size_bucket: string | null;
  parameters_total: number | null;
  /**
   * A reasoning-optimized model — the study's "reasoning model" (Fig 10): one that reasons natively,
   * by default or when asked (o-series, DeepSeek R1, Gemini 2.5, Grok, Claude 3.7 and later, GPT-5 …).
   * Whether a request did reason is in native_tokens_reasoning. Records of releases before this one
   * counted only models that reason by default.
   */
  reasoning_model: boolean;

  provider_name: string | null;
  provider_slug: string | null;
  endpoint_id: string | null;
  upstream_id: string | null;
  provider_responses: ProviderAttempt[];

  streamed: boolean;
  cancelled: boolean;
  /** HTTP status the client received (200 also for mid-stream errors). */
  status: number;
  error_code: string | null;
  finish_reason: string | null;
  native_finish_reason: string | null;

  tokens_prompt: number;
  tokens_completion: number;
  native_tokens_prompt: number;
  native_tokens_completion: number;
  native_tokens_reasoning: number;
  native_tokens_cached: number;
  native_tokens_cache_write: number;

  /** USD charged. */
  total_cost: number;
  /** USD charged, integer nano-USD (exact; what the ledger uses). */
  total_cost_nano: number;
  cache_discount: number;
  upstream_inference_cost: number | null;
  is_byok: boolean;
  /**
   * What was wrong with the usage the provider reported, when anything was: the fields replaced by
   * Switchboard's own count (`invalid_usage:prompt_tokens,…`) and a charge capped at what the
   * reservation covered (`over_reservation`), joined by `;`. Null when the usage was sound.
   */
  usage_anomaly: string | null;
  /** Nano-USD the reported usage came to beyond what was charged (the reservation's cap); 0 normally. */
  unbilled_cost_nano: number;

  tools_given: number;
  tool_calls_made: number;
  message_count: number;

  /** Milliseconds from request to last byte. */
  latency: number;
  /** Milliseconds from the first to the last generated token. */
  generation_time: number;
  time_to_first_token: number | null;
  moderation_latency: number | null;

  billing_country: string | null;
  billing_continent: string | null;
  /** Filled by language detection (a later stage); null until then. */
  prompt_language: string | null;
  /** Filled by sampled prompt classification; null when the request was not sampled. */
  category: string | null;
  category_confidence: number | null;
  /** The preset the request used (`@preset/<slug>` or `preset`), by its id; null without one. */
  preset_id: string | null;
  /** The workspace of the key that made the request (`default` without a key, or before workspaces). */
  workspace_id: string;
  /**
   * What a media request was billed by (`image`, `character`, `second`, `search`; accounting/pricing.ts:
   * MediaUnit) and how many: images made, characters spoken, seconds of audio transcribed, rerank
   * search units. Null and 0 for text generations and embeddings (billed by tokens).
   */
  media_unit: string | null;
  media_units: number;
}
