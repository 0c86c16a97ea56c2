/**
 * Known services: `preset: deepseek` in a provider's configuration fills its display name, base URL
 * and the environment variable its key is read from (every field can still be set by hand), for the
 * wire format (`kind`) the service speaks.
 */
export interface ProviderPreset {
  kind: 'openai-compatible' | 'anthropic' | 'gemini' | 'openai-responses';
  name: string;
  baseUrl: string;
  apiKeyEnv: string | null;
  /**
   * How an OpenAI-compatible service takes back an assistant turn's reasoning: OpenRouter's
   * `reasoning_details`, the `reasoning_content` field of DeepSeek, Qwen and vLLM's reasoning
   * parsers, or not at all (the field is dropped).
   */
  reasoningEcho?: 'reasoning_details' | 'reasoning_content' | 'none';
}

export const providerPresets: Record<string, ProviderPreset> = {
  openai: { kind: 'openai-compatible', name: 'OpenAI', baseUrl: 'https://api.openai.com/v1', apiKeyEnv: 'OPENAI_API_KEY', reasoningEcho: 'none' },
  'openai-responses': { kind: 'openai-responses', name: 'OpenAI', baseUrl: 'https://api.openai.com/v1', apiKeyEnv: 'OPENAI_API_KEY' },
  anthropic: { kind: 'anthropic', name: 'Anthropic', baseUrl: 'https://api.anthropic.com/v1', apiKeyEnv: 'ANTHROPIC_API_KEY' },
  'google-ai-studio': { kind: 'gemini', name: 'Google AI Studio', baseUrl: 'https://generativelanguage.googleapis.com/v1beta', apiKeyEnv: 'GEMINI_API_KEY' },
  openrouter: { kind: 'openai-compatible', name: 'OpenRouter', baseUrl: 'https://openrouter.ai/api/v1', apiKeyEnv: 'OPENROUTER_API_KEY', reasoningEcho: 'reasoning_details' },
  deepseek: { kind: 'openai-compatible', name: 'DeepSeek', baseUrl: 'https://api.deepseek.com/v1', apiKeyEnv: 'DEEPSEEK_API_KEY', reasoningEcho: 'reasoning_content' },
  together: { kind: 'openai-compatible', name: 'Together', baseUrl: 'https://api.together.xyz/v1', apiKeyEnv: 'TOGETHER_API_KEY', reasoningEcho: 'none' },
  fireworks: { kind: 'openai-compatible', name: 'Fireworks', baseUrl: 'https://api.fireworks.ai/inference/v1', apiKeyEnv: 'FIREWORKS_API_KEY', reasoningEcho: 'none' },
  groq: { kind: 'openai-compatible', name: 'Groq', baseUrl: 'https://api.groq.com/openai/v1', apiKeyEnv: 'GROQ_API_KEY', reasoningEcho: 'none' },
  mistral: { kind: 'openai-compatible', name: 'Mistral', baseUrl: 'https://api.mistral.ai/v1', apiKeyEnv: 'MISTRAL_API_KEY', reasoningEcho: 'none' },
  xai: { kind: 'openai-compatible', name: 'xAI', baseUrl: 'https://api.x.ai/v1', apiKeyEnv: 'XAI_API_KEY', reasoningEcho: 'none' },
  deepinfra: { kind: 'openai-compatible', name: 'DeepInfra', baseUrl: 'https://api.deepinfra.com/v1/openai', apiKeyEnv: 'DEEPINFRA_API_KEY', reasoningEcho: 'none' },
  cerebras: { kind: 'openai-compatible', name: 'Cerebras', baseUrl: 'https://api.cerebras.ai/v1', apiKeyEnv: 'CEREBRAS_API_KEY', reasoningEcho: 'none' },
  // Rerank only (media_models: cohere/rerank-…): Cohere's v2 API answers POST /rerank in the shape the gateway reads.
  cohere: { kind: 'openai-compatible', name: 'Cohere', baseUrl: 'https://api.cohere.com/v2', apiKeyEnv: 'COHERE_API_KEY', reasoningEcho: 'none' },
  vllm: { kind: 'openai-compatible', name: 'vLLM', baseUrl: 'http://127.0.0.1:8000/v1', apiKeyEnv: null, reasoningEcho: 'reasoning_content' },
  ollama: { kind: 'openai-compatible', name: 'Ollama', baseUrl: 'http://127.0.0.1:11434/v1', apiKeyEnv: null, reasoningEcho: 'none' },
  'llama-cpp': { kind: 'openai-compatible', name: 'llama.cpp', baseUrl: 'http://127.0.0.1:8080/v1', apiKeyEnv: null, reasoningEcho: 'reasoning_content' },
};

/** The preset a configuration names, checked against its kind. */
export function presetFor(config: { id: string; kind: string; preset?: string | undefined }): ProviderPreset | undefined {
  if (!config.preset) return undefined;
  const preset = providerPresets[config.preset];
  const known = Object.entries(providerPresets)
    .filter(([, item]) => item.kind === config.kind)
    .map(([name]) => name);
  if (!preset || preset.kind !== config.kind) throw new Error(`provider ${config.id}: unknown ${config.kind} preset "${config.preset}" (known: ${known.join(', ')})`);
  return preset;
}
