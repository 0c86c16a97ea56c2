import { z } from 'zod';

/**
 * Switchboard's whole configuration: one YAML file plus environment variables, validated at start.
 * Secrets never appear here: providers name the environment variable or the secrets-file entry
 * that holds their key (api_key_env / api_key_secret).
 */

const positiveInteger = z.number().int().positive();
const nonNegativeNumber = z.number().nonnegative();

const modelPricingSchema = z.strictObject({
  prompt: z.string().optional(),
  completion: z.string().optional(),
  request: z.string().optional(),
  input_cache_read: z.string().optional(),
  input_cache_write: z.string().optional(),
  internal_reasoning: z.string().optional(),
});

const providerModelSchema = z.strictObject({
  /** Catalog model id served by this provider. */
  id: z.string().min(1),
  /** The model name the provider's API expects; defaults to the catalog id. */
  upstream_model: z.string().min(1).optional(),
  /** Overrides of the catalog's prices for this endpoint (USD per token, as strings). */
  pricing: modelPricingSchema.optional(),
  context_length: positiveInteger.optional(),
  max_completion_tokens: positiveInteger.optional(),
  quantization: z.string().optional(),
});

const embeddingModelSchema = z.strictObject({
  /** Embedding model id from the embedding catalog (src/catalog/data/embedding-models.json). */
  id: z.string().min(1),
  upstream_model: z.string().min(1).optional(),
  /** USD per input token, overriding the embedding catalog. */
  price: z.string().optional(),
});

const mediaModelSchema = z.strictObject({
  /** Media model id from the media catalog (src/catalog/data/media-models.json). */
  id: z.string().min(1),
  upstream_model: z.string().min(1).optional(),
  /** USD per unit (image, character, second, search unit), overriding the media catalog's default variant. */
  unit_price: z
    .string()
    .regex(/^\d+(\.\d+)?$/, 'a non-negative decimal number')
    .optional(),
});

const distributionSchema = z.strictObject({
  median: z.number().positive(),
  /** Log-normal sigma: 0 draws the median every time. */
  spread: nonNegativeNumber.default(0.35),
});

/** A provider reached over HTTP; `kind` names its wire format. */
function httpProviderSchema<K extends string>(kind: K) {
  return z.strictObject({
    kind: z.literal(kind),
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lowercase letters, digits and dashes'),
    /** Fills name, base_url and api_key_env for a known service (see providers/provider-presets.ts). */
    preset: z.string().optional(),
    name: z.string().optional(),
    base_url: z.url().optional(),
    api_key_env: z.string().optional(),
    api_key_secret: z.string().optional(),
    headers: z.record(z.string(), z.string()).default({}),
    timeout_ms: positiveInteger.default(600_000),
    /**
     * Largest whole answer read from this provider (an embeddings answer may also have 96 KiB per
     * input); a larger one is abandoned as invalid (502, the next endpoint is tried). Error bodies
     * are read up to 64 KiB, stream events up to 4 MiB each.
     */
    max_response_bytes: positiveInteger.default(16 * 1024 * 1024),
    /** Serve every catalog model, with the catalog id as the upstream model name (for OpenRouter itself as upstream). */
    all_catalog_models: z.boolean().default(false),
    models: z.array(providerModelSchema).default([]),
    /** Embedding models this provider serves (POST /api/v1/embeddings), from the embedding catalog. */
    embedding_models: z.array(embeddingModelSchema).default([]),
    /** Rerank, image, speech and transcription models this provider serves, from the media catalog (openai-compatible only). */
    media_models: z.array(mediaModelSchema).default([]),
    /** Whether this provider may store or train on prompts (for provider.data_collection: "deny"). */
    data_collection: z.enum(['allow', 'deny']).default('deny'),
    /** Whether this provider retains nothing (zero data retention), for provider.zdr: true. */
    zdr: z.boolean().default(false),
  });
}

const openAICompatibleProviderSchema = httpProviderSchema('openai-compatible');
const anthropicProviderSchema = httpProviderSchema('anthropic');
const geminiProviderSchema = httpProviderSchema('gemini');
const openAIResponsesProviderSchema = httpProviderSchema('openai-responses');

/** One more simulated provider serving every model beside the base one (different price, speed, reliability). */
const simulatorEndpointSchema = z.strictObject({
  /** Appended to the base id: `simulator-turbo`. */
  suffix: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lowercase letters, digits and dashes'),
  name: z.string(),
  /** Multiplies every catalog price. */
  price_factor: z.number().positive().default(1),
  /** Multiplies throughput and divides time to first token. */
  speed_factor: z.number().positive().default(1),
  error_rate: z.number().min(0).max(1).default(0),
  /** Quantization of open-weight models on this endpoint (closed models: unknown). */
  quantization: z.string().default('bf16'),
  zdr: z.boolean().default(true),
  data_collection: z.enum(['allow', 'deny']).default('deny'),
});

export type SimulatorEndpointConfig = z.infer<typeof simulatorEndpointSchema>;

const simulatorProviderSchema = z.strictObject({
  kind: z.literal('simulator'),
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*$/, 'lowercase letters, digits and dashes')
    .default('simulator'),
  name: z.string().default('Switchboard Simulator'),
  /** Seed of every random draw: the same seed and requests give the same responses. */
  seed: z.number().int().default(42),
  /** Multiplies every simulated delay; 0 answers at once (tests, benchmarks), 1 is real time. */
  time_scale: nonNegativeNumber.default(1),
  /** Share of requests that fail with an upstream error, in [0, 1]. */
  error_rate: z.number().min(0).max(1).default(0),
  /** Time to first token, milliseconds. */
  latency_ms: distributionSchema.default({ median: 350, spread: 0.35 }),
  /** Output speed, tokens per second. */
  throughput: distributionSchema.default({ median: 90, spread: 0.3 }),
  /** Catalog model ids to serve; '*' serves every catalog model. */
  models: z.union([z.literal('*'), z.array(z.string())]).default('*'),
  /** Simulated completion length, tokens (median of a log-normal draw). */
  completion_tokens: distributionSchema.default({ median: 220, spread: 0.6 }),
  /** Simulated reasoning length for reasoning models, tokens. */
  reasoning_tokens: distributionSchema.default({ median: 380, spread: 0.6 }),
  /**
   * The implicit prompt cache (models with cache-read prices, other than Anthropic's): the prompt's
   * token prefix is cached in blocks of `block_tokens` for `ttl_ms`; a later prompt that starts with
   * cached blocks reads them, once they make at least `minimum_tokens`. OpenAI's: 128, 1,024, five
   * minutes; a vLLM or Mooncake server's: 512-token blocks, no minimum.
   */
  prompt_cache: z
    .strictObject({
      block_tokens: positiveInteger.default(128),
      minimum_tokens: z.number().int().min(0).default(1024),
      ttl_ms: positiveInteger.default(5 * 60_000),
    })
    .default({ block_tokens: 128, minimum_tokens: 1024, ttl_ms: 5 * 60_000 }),
  /**
   * More simulated providers for every model, so routing (price weighting, sorting, failover) can
   * be seen working with no keys. Empty for one endpoint per model.
   */
  extra_endpoints: z.array(simulatorEndpointSchema).default([
    { suffix: 'turbo', name: 'Simulator Turbo', price_factor: 1.5, speed_factor: 2.5, error_rate: 0, quantization: 'fp8', zdr: true, data_collection: 'deny' },
    { suffix: 'budget', name: 'Simulator Budget', price_factor: 0.7, speed_factor: 0.5, error_rate: 0.02, quantization: 'fp4', zdr: false, data_collection: 'allow' },
  ]),
});

export const providerConfigSchema = z.discriminatedUnion('kind', [
  openAICompatibleProviderSchema,
  anthropicProviderSchema,
  geminiProviderSchema,
  openAIResponsesProviderSchema,
  simulatorProviderSchema,
]);

export const configSchema = z.strictObject({
  server: z
    .strictObject({
      host: z.string().default('127.0.0.1'),
      port: z.number().int().min(0).max(65535).default(8080),
      /** Bodies larger than this get 413. */
      max_body_bytes: positiveInteger.default(8 * 1024 * 1024),
      /** Time allowed to receive the whole request body. */
      body_timeout_ms: positiveInteger.default(30_000),
      /** Interval of ': OPENROUTER PROCESSING' comments on a stream that is waiting for its provider. */
      keep_alive_interval_ms: positiveInteger.default(10_000),
      /** How long a shutdown waits for requests in flight. */
      shutdown_grace_ms: positiveInteger.default(15_000),
      /** A connection that has not sent a whole request head (line and headers) in this time is closed (408). */
      headers_timeout_ms: positiveInteger.default(10_000),
      /** Open connections at most; more are refused at accept. */
      max_connections: positiveInteger.default(4_096),
      /** An idle keep-alive connection is closed after this time. */
      keep_alive_timeout_ms: positiveInteger.default(65_000),
      /** Requests one keep-alive connection may carry before it is closed (0: no limit). */
      max_requests_per_socket: z.number().int().min(0).default(10_000),
      /**
       * Host names this gateway serves (a leading dot admits subdomains); a request for another
       * Host gets 421 (DNS rebinding). Empty: any Host (local development still needs a loopback one).
       */
      allowed_hosts: z.array(z.string().min(1)).default([]),
    })
    .prefault({}),
  /** GET /metrics (Prometheus). Protected: a bearer token, a loopback listener of its own, or local development only. */
  metrics: z
    .strictObject({
      /** Bearer token a scrape of /metrics on the main port must send (best from the environment: SWITCHBOARD_METRICS_TOKEN). */
      token: z.string().min(16, 'at least 16 characters').optional(),
      /** Also serve /metrics on this port of 127.0.0.1, with no token (for a Prometheus on the same machine). */
      port: z.number().int().min(0).max(65535).optional(),
    })
    .prefault({}),
  /** Where the control-plane database, the generation queue and the embedded store live. */
  data_dir: z.string().default('.switchboard'),
  /**
   * This gateway node's name among the nodes that share a generation store (it begins the store's
   * deduplication tokens). Default: a random id made at the first start and kept in <data_dir>/node-id.
   */
  node_id: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, 'letters, digits, dots, dashes and underscores, at most 64')
    .optional(),
  /** Accounts, credits, keys and key usage. */
  control_plane: z
    .strictObject({
      /** sqlite: embedded, in <data_dir>/control-plane.sqlite; postgres: a server several gateway nodes share. */
      store: z.enum(['sqlite', 'postgres']).default('sqlite'),
      postgres: z
        .strictObject({
          /** postgres://user:password@host:5432/database (a secret: prefer url_env). */
          url: z.string().optional(),
          /** The environment variable holding the URL. */
          url_env: z.string().optional(),
          /** Connections in this process's pool. */
          max_connections: positiveInteger.default(10),
        })
        .prefault({}),
    })
    .prefault({}),
  /** The counters every request is checked against: rate limits, credit reservations, key limits. */
  shared_limits: z
    .strictObject({
      /** local: in this process (the primary's, with serve --workers); redis: shared by every gateway node. */
      store: z.enum(['local', 'redis']).default('local'),
      redis: z
        .strictObject({
          /** redis://user:password@host:6379/0 (a secret when it holds a password: prefer url_env). */
          url: z.string().optional(),
          /** The environment variable holding the URL. */
          url_env: z.string().optional(),
          /** A Redis command not answered within this time fails the request closed (503 limits_unavailable). */
          command_timeout_ms: positiveInteger.default(2_000),
          /** A reservation its node never settles (the node died) is given back after this long; default: routing.request_timeout_ms + 1 minute. */
          reservation_ttl_ms: positiveInteger.optional(),
        })
        .prefault({}),
    })
    .prefault({}),
  secrets_file: z.string().optional(),
  auth: z
    .strictObject({
      /**
       * Local development (off by default; `switchboard serve --anonymous`, `npm start`): requests
       * that carry no key run as the built-in local account — only while the server listens on a
       * loopback address, and only for requests from this machine that name it (loopback peer and
       * Host, no proxy headers, no foreign Origin). A key sent is always checked. See docs/security.md.
       */
      anonymous: z.boolean().default(false),
      /** Credits (USD) granted to the local account when it is first created. */
      local_account_credits: nonNegativeNumber.default(100),
      /** Billing country (ISO-3166 alpha-2) recorded for the local account. */
      local_account_country: z.string().length(2).optional(),
      /**
       * Accounts whose management keys see the whole platform: every account's logs and activity in
       * the dashboard, the accounts list, The Study's analyses. Unset, every management key does (one
       * team's deployment). A deployment that gives its tenants management keys for their own keys
       * names only the operator's accounts here: a tenant's management key then manages its own
       * account and sees its own traffic only.
       */
      platform_accounts: z.array(z.string().min(1)).min(1).optional(),
    })
    .prefault({}),
  limits: z
    .strictObject({
      /** Completion tokens reserved for a request that sets no max_tokens on an endpoint that states no completion limit. */
      default_max_tokens_for_credit_check: positiveInteger.default(4096),
      /** Requests per minute per key, for keys that set none (null: no limit). */
      requests_per_minute_per_key: positiveInteger.nullable().default(null),
      /** Prompt + completion tokens per minute per key, for keys that set none (null: no limit). */
      tokens_per_minute_per_key: positiveInteger.nullable().default(null),
      /** `:free` models, per account: OpenRouter's 20 per minute, 50 per day, 1,000 per day once $10 of credits were bought. */
      free_requests_per_minute: positiveInteger.default(20),
      free_requests_per_day: positiveInteger.default(50),
      free_requests_per_day_with_credits: positiveInteger.default(1000),
      free_credits_threshold_usd: nonNegativeNumber.default(10),
    })
    .prefault({}),
  routing: z
    .strictObject({
      /** A streamed attempt that sends no token within this time is abandoned for the next endpoint. */
      first_token_timeout_ms: positiveInteger.default(60_000),
      /** The whole request, every attempt included; past it the client gets 408. */
      request_timeout_ms: positiveInteger.default(600_000),
      /** A 429 from the last endpoint with a Retry-After up to this long is waited out and retried once. */
      max_retry_wait_ms: z.number().int().min(0).default(2_000),
      circuit_breaker: z
        .strictObject({
          /** Consecutive failures (429 excluded) that open an endpoint's circuit. */
          failure_threshold: positiveInteger.default(5),
          /** How long an open circuit keeps the endpoint out; doubled each time it opens again. */
          open_ms: positiveInteger.default(15_000),
          maximum_open_ms: positiveInteger.default(300_000),
        })
        .prefault({}),
    })
    .prefault({}),
  providers: z.array(providerConfigSchema).prefault([{ kind: 'simulator' }]),
  generation_log: z
    .strictObject({
      store: z.enum(['chdb', 'clickhouse']).default('chdb'),
      /**
       * Where the embedded engine (chdb) runs: 'own' — a process of its own, forked by the gateway,
       * so the process serving requests carries neither its memory nor its threads (the default);
       * 'gateway' — inside the gateway's process (tests that reach into the store).
       */
      engine_process: z.enum(['own', 'gateway']).default('own'),
      clickhouse: z
        .strictObject({
          url: z.url().default('http://localhost:8123'),
          database: z.string().default('switchboard'),
          username: z.string().default('default'),
          password_env: z.string().optional(),
          /**
           * A ClickHouse cluster (remote_servers): the schema made at start is ON CLUSTER with Replicated
           * engines (`switchboard migrate --cluster <name>` prints it). Omitted on one server.
           */
          cluster: z
            .string()
            .regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'letters, digits and underscores')
            .optional(),
        })
        .prefault({}),
      /** Most records per insert into the store. */
      batch_size: positiveInteger.default(2_000),
      /** How often the queue is drained into the store. */
      flush_interval_ms: positiveInteger.default(250),
      /** 'write' survives a crash of the process; 'fsync' also survives a crash of the machine, at some latency. */
      queue_sync: z.enum(['write', 'fsync']).default('write'),
      segment_bytes: positiveInteger.default(64 * 1024 * 1024),
    })
    .prefault({}),
  /**
   * Bring your own key: accounts store their own provider keys (/api/v1/byok), sealed with this
   * 32-byte key (base64 or hex, e.g. `openssl rand -base64 32`). Without it BYOK is off. Changing it
   * makes the stored keys unreadable (they are skipped, and said so, until they are stored again).
   */
  byok: z
    .strictObject({
      encryption_key_env: z.string().optional(),
      encryption_key_secret: z.string().optional(),
    })
    .prefault({}),
  /**
   * Observability destinations (/api/v1/observability/destinations): finished generations sent as
   * OTLP spans by the process that drains the generation log. A request that fails is tried again
   * after each delay, then given up (switchboard_broadcast_dead_letters_total). Destination headers
   * are sealed with byok's encryption key.
   */
  broadcast: z
    .strictObject({
      batch_size: positiveInteger.max(10_000).default(500),
      retry_delays_ms: z.array(z.number().int().min(0).max(600_000)).max(10).default([500, 2_000, 8_000]),
      timeout_ms: positiveInteger.default(10_000),
      /** After a destination's spans are given up, skip it for this long (its spans dead-lettered as `paused`): one receiver that is down does not slow every other account's. */
      pause_ms: z.number().int().min(0).max(86_400_000).default(60_000),
      /** Allow destinations on this machine or a private network (http://localhost…, 10.…); off, only public https URLs are accepted. */
      allow_private_addresses: z.boolean().default(false),
    })
    .prefault({}),
  /**
   * The text of generations whose workspace turned prompt logging on (is_observability_io_logging_enabled):
   * sealed with byok's encryption key, deleted after this many days. Off for every other workspace.
   */
  generation_content: z
    .strictObject({
      retention_days: z.number().positive().max(3_650).default(30),
    })
    .prefault({}),
  observatory: z
    .strictObject({
      /** Tell the language of every request's prompt (the user's text) into the record's prompt_language. */
      detect_language: z.boolean().default(true),
      /**
       * Share of requests whose prompt is classified into a content category (deterministic from the
       * generation id). The study sampled 0.25% of a very large platform; a small deployment needs
       * more to see anything, and the local classifier costs well under a millisecond a prompt.
       */
      sample_rate: z.number().min(0).max(1).default(0.1),
      /** `local` (the shipped model) or `model:<id>` (an LLM through Switchboard's own routing, billed to classifier_key's account). */
      classifier: z
        .string()
        .regex(/^(local|model:[^\s]+)$/, 'local or model:<model id>')
        .default('local'),
      /** The API key the model classifier's requests use (its account pays): the environment variable or secrets-file entry that holds it. */
      classifier_key_env: z.string().optional(),
      classifier_key_secret: z.string().optional(),
      /** Classifications less sure than this are dropped, as the study dropped Google's labels below 0.5. */
      min_confidence: z.number().min(0).max(1).default(0.5),
      /** Prompts waiting for the annotation worker at most; beyond, new ones are dropped and counted, never waited for. */
      queue_capacity: positiveInteger.default(1_024),
      /** How long a finished generation waits for its prompt's annotation before it is recorded without one. */
      max_wait_ms: z.number().int().min(0).max(10_000).default(50),
      /**
       * What the datasets (/api/v1/datasets/rankings-daily, app-rankings, session-cost) are computed
       * over: `platform`, every account's traffic (as OpenRouter's public rankings; apps and models,
       * never accounts), or `account`, the caller's own — for a deployment whose tenants must not see
       * which apps and models the others use.
       */
      datasets_scope: z.enum(['platform', 'account']).default('platform'),
    })
    .prefault({}),
  simulation: z
    .strictObject({
      /**
       * Take x-switchboard-simulated-{time,country,category,language} headers as the facts of a
       * generation's record (for sending a generated workload through the gateway). Never on in
       * production: any caller could then write history.
       */
      trust_headers: z.boolean().default(false),
    })
    .prefault({}),
  logging: z
    .strictObject({
      level: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
      /** One JSON line per request. */
      requests: z.boolean().default(true),
    })
    .prefault({}),
});

export type SwitchboardConfig = z.infer<typeof configSchema>;
export type ProviderConfig = z.infer<typeof providerConfigSchema>;
export type SimulatorProviderConfig = z.infer<typeof simulatorProviderSchema>;
export type OpenAICompatibleProviderConfig = z.infer<typeof openAICompatibleProviderSchema>;
export type HttpProviderConfig =
  | z.infer<typeof openAICompatibleProviderSchema>
  | z.infer<typeof anthropicProviderSchema>
  | z.infer<typeof geminiProviderSchema>
  | z.infer<typeof openAIResponsesProviderSchema>;
