/**
 * Known OpenAI-compatible services: `preset: deepseek` in a provider's configuration fills its
 * display name, base URL and the environment variable its key is read from. Every field can still
 * be set by hand.
 */
export interface ProviderPreset {
  name: string;
  baseUrl: string;
  apiKeyEnv: string | null;
}

export const providerPresets: Record<string, ProviderPreset> = {
  openai: { name: 'OpenAI', baseUrl: 'https://api.openai.com/v1', apiKeyEnv: 'OPENAI_API_KEY' },
  openrouter: { name: 'OpenRouter', baseUrl: 'https://openrouter.ai/api/v1', apiKeyEnv: 'OPENROUTER_API_KEY' },
  deepseek: { name: 'DeepSeek', baseUrl: 'https://api.deepseek.com/v1', apiKeyEnv: 'DEEPSEEK_API_KEY' },
  together: { name: 'Together', baseUrl: 'https://api.together.xyz/v1', apiKeyEnv: 'TOGETHER_API_KEY' },
  fireworks: { name: 'Fireworks', baseUrl: 'https://api.fireworks.ai/inference/v1', apiKeyEnv: 'FIREWORKS_API_KEY' },
  groq: { name: 'Groq', baseUrl: 'https://api.groq.com/openai/v1', apiKeyEnv: 'GROQ_API_KEY' },
  mistral: { name: 'Mistral', baseUrl: 'https://api.mistral.ai/v1', apiKeyEnv: 'MISTRAL_API_KEY' },
  xai: { name: 'xAI', baseUrl: 'https://api.x.ai/v1', apiKeyEnv: 'XAI_API_KEY' },
  deepinfra: { name: 'DeepInfra', baseUrl: 'https://api.deepinfra.com/v1/openai', apiKeyEnv: 'DEEPINFRA_API_KEY' },
  cerebras: { name: 'Cerebras', baseUrl: 'https://api.cerebras.ai/v1', apiKeyEnv: 'CEREBRAS_API_KEY' },
  vllm: { name: 'vLLM', baseUrl: 'http://127.0.0.1:8000/v1', apiKeyEnv: null },
  ollama: { name: 'Ollama', baseUrl: 'http://127.0.0.1:11434/v1', apiKeyEnv: null },
  'llama-cpp': { name: 'llama.cpp', baseUrl: 'http://127.0.0.1:8080/v1', apiKeyEnv: null },
};
