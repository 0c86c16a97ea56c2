import type { CategoryProfileName } from './category-profiles.js';

/**
 * The models of the calibrated study workload. Facts and prices come from the shipped catalog; the
 * few models of the study's period that OpenRouter's 2026 listing no longer carries are described
 * here (`historical`), with their sources.
 *
 * Popularity within a source group: a model appears at `launch`, rises to `weight` over
 * `rampWeeks`, then decays with `halfLifeWeeks` towards `plateau` × weight; `retire` fades it out.
 */
export interface RosterModel {
  id: string;
  launch: string;
  weight: number;
  rampWeeks?: number;
  halfLifeWeeks?: number;
  plateau?: number;
  retire?: string;
  profile: CategoryProfileName;
  /** Share of prompt tokens read from the provider's cache (for endpoints with cache pricing). */
  cacheShare?: number;
  /** Multiplies the completion length (reasoning-heavy or terse models). */
  completionFactor?: number;
  /** Multiplies how often requests to this model carry tools. */
  toolAffinity?: number;
  provider: string;
  historical?: HistoricalFacts;
  /** Prices of the study's period where the 2026 catalog's differ (USD per token). */
  studyPricing?: { prompt: number; completion: number; cacheRead?: number; source: string };
}

export interface HistoricalFacts {
  name: string;
  author: string;
  openWeights: boolean;
  origin: 'china' | 'row';
  sizeBucket: 'small' | 'medium' | 'large' | null;
  parametersTotal: number | null;
  reasoningDefault: boolean;
  /** Reasons when asked (a hybrid reasoning model); implied by reasoningDefault. */
  reasoning?: boolean;
  /** USD per token. */
  prompt: number;
  completion: number;
  cacheRead?: number;
  source: string;
}

export const studyRoster: RosterModel[] = [
  // Closed: Anthropic.
  {
    id: 'anthropic/claude-3.5-sonnet',
    launch: '2024-06-20',
    weight: 62,
    halfLifeWeeks: 60,
    plateau: 0.6,
    retire: '2025-07-15',
    profile: 'anthropic',
    cacheShare: 0.55,
    toolAffinity: 1.3,
    provider: 'Anthropic',
    historical: {
      name: 'Anthropic: Claude 3.5 Sonnet',
      author: 'anthropic',
      openWeights: false,
      origin: 'row',
      sizeBucket: null,
      parametersTotal: null,
      reasoningDefault: false,
      prompt: 3e-6,
      completion: 15e-6,
      cacheRead: 0.3e-6,
      source: 'OpenRouter listing of anthropic/claude-3.5-sonnet ($3 / $15 per 1M tokens); retired from the 2026 catalog',
    },
  },
  {
    id: 'anthropic/claude-3.7-sonnet',
    launch: '2025-02-24',
    weight: 77,
    rampWeeks: 2,
    halfLifeWeeks: 10,
    plateau: 0.25,
    profile: 'anthropic',
    cacheShare: 0.62,
    toolAffinity: 1.3,
    provider: 'Anthropic',
    historical: {
      name: 'Anthropic: Claude 3.7 Sonnet',
      author: 'anthropic',
      openWeights: false,
      origin: 'row',
      sizeBucket: null,
      parametersTotal: null,
      reasoningDefault: false,
      // Extended thinking, on request: the first hybrid reasoning model.
      reasoning: true,
      prompt: 3e-6,
      completion: 15e-6,
      cacheRead: 0.3e-6,
      source: 'OpenRouter listing of anthropic/claude-3.7-sonnet ($3 / $15 per 1M tokens); retired from the 2026 catalog',
    },
  },
  {
    id: 'anthropic/claude-sonnet-4',
    launch: '2025-05-22',
    weight: 128,
    rampWeeks: 2,
    halfLifeWeeks: 14,
    plateau: 0.45,
    profile: 'anthropic',
    cacheShare: 0.62,
    toolAffinity: 1.3,
    provider: 'Anthropic',
  },
  { id: 'anthropic/claude-sonnet-4.5', launch: '2025-09-29', weight: 165, rampWeeks: 2, profile: 'anthropic', cacheShare: 0.62, toolAffinity: 1.5, provider: 'Anthropic' },
  { id: 'anthropic/claude-opus-4', launch: '2025-05-22', weight: 2, halfLifeWeeks: 10, plateau: 0.2, profile: 'anthropic', cacheShare: 0.5, provider: 'Anthropic' },
  { id: 'anthropic/claude-opus-4.1', launch: '2025-08-05', weight: 2, profile: 'anthropic', cacheShare: 0.5, provider: 'Anthropic' },
  { id: 'anthropic/claude-3.5-haiku', launch: '2024-11-04', weight: 3, halfLifeWeeks: 30, plateau: 0.3, profile: 'anthropic', cacheShare: 0.3, provider: 'Anthropic' },
  { id: 'anthropic/claude-haiku-4.5', launch: '2025-10-15', weight: 5, profile: 'anthropic', cacheShare: 0.4, provider: 'Anthropic' },
  // Closed: OpenAI.
  { id: 'openai/gpt-4o-mini', launch: '2024-07-18', weight: 20, halfLifeWeeks: 40, plateau: 0.3, profile: 'openai', cacheShare: 0.2, toolAffinity: 1.5, provider: 'OpenAI' },
  { id: 'openai/gpt-4o', launch: '2024-07-01', weight: 7, halfLifeWeeks: 30, plateau: 0.3, profile: 'openai', provider: 'OpenAI' },
  { id: 'openai/gpt-4', launch: '2024-07-01', weight: 0.16, halfLifeWeeks: 40, plateau: 0.5, profile: 'openai', completionFactor: 1.3, provider: 'OpenAI' },
  { id: 'openai/o3-mini', launch: '2025-01-31', weight: 3, halfLifeWeeks: 16, plateau: 0.3, profile: 'openai', completionFactor: 2, provider: 'OpenAI' },
  { id: 'openai/gpt-4.1', launch: '2025-04-14', weight: 6, halfLifeWeeks: 20, plateau: 0.5, profile: 'openai', cacheShare: 0.3, toolAffinity: 1.3, provider: 'OpenAI' },
  { id: 'openai/gpt-4.1-mini', launch: '2025-04-14', weight: 6, halfLifeWeeks: 20, plateau: 0.5, profile: 'openai', cacheShare: 0.3, toolAffinity: 1.3, provider: 'OpenAI' },
  { id: 'openai/o4-mini', launch: '2025-04-16', weight: 3, halfLifeWeeks: 16, plateau: 0.4, profile: 'openai', completionFactor: 2, provider: 'OpenAI' },
  { id: 'openai/gpt-5', launch: '2025-08-07', weight: 10, rampWeeks: 2, profile: 'openai', cacheShare: 0.3, completionFactor: 2.2, toolAffinity: 1.3, provider: 'OpenAI' },
  { id: 'openai/gpt-5-mini', launch: '2025-08-07', weight: 4, profile: 'openai', cacheShare: 0.3, completionFactor: 2, provider: 'OpenAI' },
  { id: 'openai/gpt-5-pro', launch: '2025-10-06', weight: 0.4, profile: 'openai', completionFactor: 2.5, provider: 'OpenAI' },
  // Closed: Google.
  {
    id: 'google/gemini-flash-1.5',
    launch: '2024-07-01',
    weight: 12,
    halfLifeWeeks: 12,
    plateau: 0.2,
    retire: '2025-06-01',
    profile: 'google',
    provider: 'Google AI Studio',
    historical: {
      name: 'Google: Gemini Flash 1.5',
      author: 'google',
      openWeights: false,
      origin: 'row',
      sizeBucket: null,
      parametersTotal: null,
      reasoningDefault: false,
      prompt: 0.075e-6,
      completion: 0.3e-6,
      source: 'OpenRouter listing of google/gemini-flash-1.5 ($0.075 / $0.30 per 1M tokens); retired from the 2026 catalog',
    },
  },
  { id: 'google/gemini-2.0-flash-001', launch: '2025-02-05', weight: 24, rampWeeks: 2, halfLifeWeeks: 24, plateau: 0.3, profile: 'google', provider: 'Google AI Studio' },
  {
    id: 'google/gemini-2.5-pro',
    launch: '2025-03-25',
    weight: 22,
    rampWeeks: 3,
    halfLifeWeeks: 40,
    plateau: 0.6,
    profile: 'google',
    cacheShare: 0.2,
    completionFactor: 2.5,
    toolAffinity: 1.2,
    provider: 'Google Vertex',
  },
  {
    id: 'google/gemini-2.5-flash',
    launch: '2025-04-17',
    weight: 40,
    rampWeeks: 3,
    halfLifeWeeks: 60,
    plateau: 0.7,
    profile: 'google',
    cacheShare: 0.15,
    completionFactor: 1.8,
    provider: 'Google Vertex',
  },
  { id: 'google/gemini-2.5-flash-lite', launch: '2025-07-22', weight: 4, profile: 'google', provider: 'Google Vertex' },
  // Closed: xAI.
  { id: 'x-ai/grok-3', launch: '2025-04-09', weight: 2, halfLifeWeeks: 12, plateau: 0.3, profile: 'xai', provider: 'xAI' },
  { id: 'x-ai/grok-3-mini', launch: '2025-04-09', weight: 2, halfLifeWeeks: 12, plateau: 0.3, profile: 'xai', completionFactor: 1.8, provider: 'xAI' },
  { id: 'x-ai/grok-4', launch: '2025-07-09', weight: 4, halfLifeWeeks: 12, plateau: 0.4, profile: 'xai', completionFactor: 2, provider: 'xAI' },
  { id: 'x-ai/grok-code-fast-1', launch: '2025-08-26', weight: 35, rampWeeks: 3, profile: 'xai', cacheShare: 0.5, completionFactor: 2.8, toolAffinity: 1.6, provider: 'xAI' },
  { id: 'x-ai/grok-4-fast', launch: '2025-09-19', weight: 18, rampWeeks: 2, profile: 'xai', cacheShare: 0.3, completionFactor: 2.2, provider: 'xAI' },
  // Closed: other authors.
  { id: 'amazon/nova-lite-v1', launch: '2024-12-05', weight: 1, profile: 'general-knowledge', provider: 'Amazon Bedrock' },
  { id: 'perplexity/sonar', launch: '2025-01-27', weight: 1, profile: 'general-knowledge', provider: 'Perplexity' },
  { id: 'qwen/qwen-plus', launch: '2025-02-01', weight: 1, profile: 'qwen', provider: 'Alibaba' },
  { id: 'mistralai/mistral-medium-3', launch: '2025-05-07', weight: 1, profile: 'mistral', provider: 'Mistral' },

  // Open weights, China.
  { id: 'deepseek/deepseek-chat', launch: '2024-12-26', weight: 60, rampWeeks: 1, halfLifeWeeks: 8, plateau: 0.25, profile: 'deepseek', provider: 'DeepSeek' },
  { id: 'deepseek/deepseek-r1', launch: '2025-01-20', weight: 65, rampWeeks: 1, halfLifeWeeks: 7, plateau: 0.22, profile: 'deepseek', completionFactor: 3, provider: 'DeepSeek' },
  {
    id: 'deepseek/deepseek-chat-v3-0324',
    launch: '2025-03-24',
    weight: 62,
    rampWeeks: 1,
    halfLifeWeeks: 20,
    plateau: 0.45,
    profile: 'deepseek',
    completionFactor: 2,
    provider: 'DeepSeek',
    studyPricing: { prompt: 0.27e-6, completion: 1.1e-6, source: "DeepSeek's API list price for deepseek-chat in 2025: $0.27 input (cache miss) and $1.10 output per 1M tokens" },
  },
  { id: 'deepseek/deepseek-r1-0528', launch: '2025-05-28', weight: 30, halfLifeWeeks: 14, plateau: 0.35, profile: 'deepseek', completionFactor: 3, provider: 'DeepSeek' },
  { id: 'deepseek/deepseek-chat-v3.1', launch: '2025-08-21', weight: 35, profile: 'deepseek', cacheShare: 0.3, provider: 'DeepSeek' },
  { id: 'qwen/qwen-2.5-72b-instruct', launch: '2024-09-19', weight: 4, halfLifeWeeks: 30, plateau: 0.3, profile: 'qwen', provider: 'DeepInfra' },
  { id: 'qwen/qwen-2.5-coder-32b-instruct', launch: '2024-11-11', weight: 5, halfLifeWeeks: 40, plateau: 0.4, profile: 'qwen-coder', provider: 'DeepInfra' },
  {
    id: 'qwen/qwen-2-7b-instruct',
    launch: '2024-07-16',
    weight: 0.05,
    profile: 'qwen',
    provider: 'Novita',
    historical: {
      name: 'Qwen 2 7B Instruct',
      author: 'qwen',
      openWeights: true,
      origin: 'china',
      sizeBucket: 'small',
      parametersTotal: 7.6e9,
      reasoningDefault: false,
      prompt: 0.054e-6,
      completion: 0.054e-6,
      source: 'OpenRouter listing of qwen/qwen-2-7b-instruct ($0.054 per 1M tokens); Qwen2-7B model card (7.6B); retired from the 2026 catalog',
    },
  },
  { id: 'qwen/qwen3-235b-a22b', launch: '2025-04-28', weight: 9, halfLifeWeeks: 14, plateau: 0.4, profile: 'qwen', completionFactor: 2, provider: 'Together' },
  { id: 'qwen/qwen3-30b-a3b', launch: '2025-04-28', weight: 3, halfLifeWeeks: 20, plateau: 0.4, profile: 'qwen', completionFactor: 2, provider: 'DeepInfra' },
  { id: 'qwen/qwen3-32b', launch: '2025-04-28', weight: 3, halfLifeWeeks: 20, plateau: 0.4, profile: 'qwen', completionFactor: 2, provider: 'Groq' },
  { id: 'qwen/qwen3-coder', launch: '2025-07-23', weight: 34, rampWeeks: 2, halfLifeWeeks: 30, plateau: 0.5, profile: 'qwen-coder', toolAffinity: 1.4, provider: 'Alibaba' },
  { id: 'qwen/qwen3-235b-a22b-2507', launch: '2025-07-21', weight: 10, profile: 'qwen', provider: 'Chutes' },
  { id: 'moonshotai/kimi-k2', launch: '2025-07-11', weight: 12, rampWeeks: 1, halfLifeWeeks: 8, plateau: 0.2, profile: 'china-agentic', toolAffinity: 1.3, provider: 'Moonshot AI' },
  { id: 'moonshotai/kimi-k2-0905', launch: '2025-09-04', weight: 7, halfLifeWeeks: 20, plateau: 0.5, profile: 'china-agentic', toolAffinity: 1.3, provider: 'Moonshot AI' },
  { id: 'minimax/minimax-m1', launch: '2025-06-17', weight: 3, halfLifeWeeks: 10, plateau: 0.3, profile: 'china-agentic', completionFactor: 2, provider: 'MiniMax' },
  { id: 'minimax/minimax-m2', launch: '2025-10-27', weight: 26, rampWeeks: 2, profile: 'china-agentic', completionFactor: 1.8, toolAffinity: 1.4, provider: 'MiniMax' },
  { id: 'z-ai/glm-4.5', launch: '2025-07-28', weight: 7, halfLifeWeeks: 14, plateau: 0.5, profile: 'china-agentic', completionFactor: 1.6, toolAffinity: 1.5, provider: 'Z.AI' },
  { id: 'z-ai/glm-4.5-air', launch: '2025-07-28', weight: 5, halfLifeWeeks: 20, plateau: 0.5, profile: 'china-agentic', completionFactor: 1.6, provider: 'Z.AI' },
  { id: 'z-ai/glm-4.6', launch: '2025-09-30', weight: 8, profile: 'china-agentic', completionFactor: 1.6, toolAffinity: 1.5, provider: 'Z.AI' },

  // Open weights, rest of world.
  { id: 'meta-llama/llama-3.1-8b-instruct', launch: '2024-07-23', weight: 9, halfLifeWeeks: 50, plateau: 0.4, profile: 'llama', provider: 'DeepInfra' },
  { id: 'meta-llama/llama-3.1-70b-instruct', launch: '2024-07-23', weight: 10, halfLifeWeeks: 20, plateau: 0.3, profile: 'llama', provider: 'DeepInfra' },
  { id: 'meta-llama/llama-3.3-70b-instruct', launch: '2024-12-06', weight: 24, rampWeeks: 2, halfLifeWeeks: 40, plateau: 0.5, profile: 'llama', provider: 'Together' },
  { id: 'meta-llama/llama-4-maverick', launch: '2025-04-05', weight: 10, halfLifeWeeks: 10, plateau: 0.35, profile: 'llama', provider: 'Groq' },
  { id: 'meta-llama/llama-4-scout', launch: '2025-04-05', weight: 3, halfLifeWeeks: 10, plateau: 0.35, profile: 'llama', provider: 'Groq' },
  { id: 'mistralai/mistral-nemo', launch: '2024-07-19', weight: 18, halfLifeWeeks: 60, plateau: 0.5, profile: 'roleplay', provider: 'Mistral' },
  { id: 'mistralai/mistral-small-24b-instruct-2501', launch: '2025-01-30', weight: 9, halfLifeWeeks: 30, plateau: 0.5, profile: 'mistral', provider: 'Mistral' },
  { id: 'mistralai/mistral-small-3.2-24b-instruct', launch: '2025-06-20', weight: 7, profile: 'mistral', provider: 'Mistral' },
  { id: 'mistralai/devstral-small', launch: '2025-07-10', weight: 3, profile: 'mistral-coder', provider: 'Mistral' },
  { id: 'google/gemma-3-27b-it', launch: '2025-03-12', weight: 6, profile: 'gemma', provider: 'DeepInfra' },
  { id: 'google/gemma-3-12b-it', launch: '2025-08-01', weight: 3, profile: 'gemma', provider: 'DeepInfra' },
  { id: 'openai/gpt-oss-120b', launch: '2025-08-05', weight: 40, rampWeeks: 2, profile: 'gpt-oss', completionFactor: 1.8, toolAffinity: 1.2, provider: 'Chutes' },
  { id: 'openai/gpt-oss-20b', launch: '2025-08-05', weight: 9, profile: 'gpt-oss', completionFactor: 1.8, provider: 'Groq' },
  {
    id: 'tngtech/deepseek-r1t-chimera',
    launch: '2025-04-27',
    weight: 12,
    halfLifeWeeks: 40,
    plateau: 0.6,
    profile: 'roleplay',
    completionFactor: 2,
    provider: 'Chutes',
    historical: {
      name: 'TNG: DeepSeek R1T Chimera',
      author: 'tngtech',
      openWeights: true,
      origin: 'row',
      sizeBucket: 'large',
      parametersTotal: 671e9,
      reasoningDefault: true,
      prompt: 0.3e-6,
      completion: 1.2e-6,
      source: 'tngtech/DeepSeek-R1T-Chimera model card (merge of DeepSeek V3-0324 and R1, 671B; TNG Technology Consulting, Germany); OpenRouter listing; not in the 2026 catalog',
    },
  },
  { id: 'thedrummer/rocinante-12b', launch: '2024-09-30', weight: 3, profile: 'roleplay', provider: 'Infermatic' },
  { id: 'thedrummer/unslopnemo-12b', launch: '2024-11-08', weight: 2, profile: 'roleplay', provider: 'Infermatic' },
  { id: 'sao10k/l3.3-euryale-70b', launch: '2024-12-18', weight: 4, profile: 'roleplay', provider: 'Infermatic' },
  { id: 'sao10k/l3-lunaris-8b', launch: '2024-08-13', weight: 2, profile: 'roleplay', provider: 'DeepInfra' },
  { id: 'gryphe/mythomax-l2-13b', launch: '2024-07-01', weight: 4, halfLifeWeeks: 40, plateau: 0.4, profile: 'roleplay', provider: 'DeepInfra' },
  { id: 'nousresearch/hermes-3-llama-3.1-70b', launch: '2024-08-18', weight: 2, profile: 'roleplay', provider: 'Hyperbolic' },
  { id: 'microsoft/wizardlm-2-8x22b', launch: '2024-07-01', weight: 3, halfLifeWeeks: 30, plateau: 0.4, profile: 'roleplay', provider: 'DeepInfra' },
  { id: 'ibm-granite/granite-4.0-h-micro', launch: '2025-10-02', weight: 0.15, profile: 'general-knowledge', completionFactor: 1.5, provider: 'Cloudflare' },
];
