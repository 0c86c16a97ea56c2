import type { PresetVersion } from '../../spec/preset.js';
import { parseMessagesRequest } from '../../wire/anthropic-messages/parse-messages-request.js';
import { parseChatRequest } from '../../wire/openai-chat/parse-chat-request.js';
import { parseResponsesRequest } from '../../wire/openai-responses/parse-responses-request.js';
import { applyPreset, type PresetFormat } from './apply-preset.js';

/** Each format's parser over a preset's settings with a one-word conversation. */
const parsers: Record<Exclude<PresetFormat, 'completions'>, (config: Record<string, unknown>) => unknown> = {
  chat: (config) => parseChatRequest({ ...config, messages: [{ role: 'user', content: 'hello' }] }),
  messages: (config) => parseMessagesRequest({ max_tokens: 1, ...config, messages: [{ role: 'user', content: 'hello' }] }),
  responses: (config) => parseResponsesRequest({ ...config, input: 'hello' }),
};

/** Throws the format's 400 when a preset's settings could not make a valid request of that format: it is refused when saved, not when used. */
export function checkPresetConfig(config: Record<string, unknown>, format: Exclude<PresetFormat, 'completions'>): void {
  parsers[format](applyPreset({}, { config, systemPrompt: null } as PresetVersion, format));
}

export function isPresetFormat(value: string): value is Exclude<PresetFormat, 'completions'> {
  return value in parsers;
}
