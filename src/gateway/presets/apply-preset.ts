import { GatewayError } from '../../errors/gateway-error.js';
import { type PresetVersion, presetSlugPattern } from '../../spec/preset.js';

/** The inbound formats a preset can be made from and applied to; legacy completions take its settings only. */
export type PresetFormat = 'chat' | 'messages' | 'responses' | 'completions';

const presetModelPrefix = '@preset/';

/** Fields that are the conversation or the request's own identity: never part of a preset. */
const conversationFields = new Set(['messages', 'input', 'prompt', 'system', 'instructions', 'stream', 'stream_options', 'user', 'session_id', 'preset', 'metadata', 'previous_response_id']);

function invalid(message: string, param: string): GatewayError {
  return new GatewayError('invalid_request', message, { metadata: { param } });
}

/**
 * The slug of the preset a request body asks for: `preset: "<slug>"`, or `model: "@preset/<slug>"`;
 * null when it asks for none. A malformed slug is a 400 naming the field.
 */
export function requestedPreset(body: unknown): string | null {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return null;
  const record = body as Record<string, unknown>;
  const fromModel = typeof record.model === 'string' && record.model.startsWith(presetModelPrefix) ? record.model.slice(presetModelPrefix.length) : null;
  if (record.preset !== undefined && record.preset !== null) {
    if (typeof record.preset !== 'string' || !presetSlugPattern.test(record.preset)) throw invalid('preset: expected a preset slug (lower-case letters, digits, - and _)', 'preset');
    if (fromModel !== null && fromModel !== record.preset) throw invalid(`preset: "${record.preset}" and model "@preset/${fromModel.slice(0, 64)}" name different presets`, 'preset');
    return record.preset;
  }
  if (fromModel === null) return null;
  if (!presetSlugPattern.test(fromModel)) throw invalid('model: "@preset/<slug>" needs a preset slug (lower-case letters, digits, - and _)', 'model');
  return fromModel;
}

function textOf(content: unknown): string | null {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    const texts = content.map((part) => (typeof part === 'object' && part !== null && typeof (part as { text?: unknown }).text === 'string' ? (part as { text: string }).text : null));
    if (texts.every((text) => text !== null)) return texts.join('\n');
  }
  return null;
}

/**
 * What a preset version keeps from a request body: every field but the conversation, and the
 * system prompt (chat: its leading system or developer messages; messages: `system`; responses:
 * `instructions`).
 */
export function presetFromBody(body: unknown, format: Exclude<PresetFormat, 'completions'>): { config: Record<string, unknown>; systemPrompt: string | null } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalid('The body must be a JSON object: the request whose settings the preset keeps', 'body');
  const record = body as Record<string, unknown>;
  const config = Object.fromEntries(Object.entries(record).filter(([name]) => !conversationFields.has(name)));
  if (typeof config.model === 'string' && config.model.startsWith(presetModelPrefix)) throw invalid('model: a preset cannot name another preset', 'model');
  if (config.model === undefined && !Array.isArray(config.models)) throw invalid('model: a preset needs a model (or a models list)', 'model');
  let systemPrompt: string | null = null;
  if (format === 'chat' && Array.isArray(record.messages)) {
    const leading: string[] = [];
    for (const message of record.messages as { role?: unknown; content?: unknown }[]) {
      if (message?.role !== 'system' && message?.role !== 'developer') break;
      const text = textOf(message.content);
      if (text === null) throw invalid('messages: a system message a preset keeps must be text', 'messages');
      leading.push(text);
    }
    systemPrompt = leading.length > 0 ? leading.join('\n\n') : null;
  } else if (format === 'messages' && record.system !== undefined) {
    systemPrompt = textOf(record.system);
    if (systemPrompt === null) throw invalid('system: a system prompt a preset keeps must be text', 'system');
  } else if (format === 'responses' && record.instructions !== undefined && record.instructions !== null) {
    if (typeof record.instructions !== 'string') throw invalid('instructions: expected a string', 'instructions');
    systemPrompt = record.instructions;
  }
  return { config, systemPrompt };
}

/**
 * A request body with a preset applied, as OpenRouter merges them: the preset's settings under the
 * request's own (a field the request sets wins; `provider` preferences merge field by field), the
 * preset's model when the request names the preset as its model, and the preset's system prompt
 * before the request's own.
 */
export function applyPreset(body: Record<string, unknown>, version: PresetVersion, format: PresetFormat): Record<string, unknown> {
  const { preset: _preset, ...own } = body;
  if (typeof own.model === 'string' && own.model.startsWith(presetModelPrefix)) delete own.model;
  // A request that names its own models list replaces the preset's model too.
  const config = { ...version.config };
  if (own.model !== undefined || Array.isArray(own.models)) {
    delete config.model;
    delete config.models;
  }
  const merged: Record<string, unknown> = { ...config, ...own };
  if (isObject(config.provider) && isObject(own.provider)) merged.provider = { ...config.provider, ...own.provider };
  if (merged.model === undefined && !Array.isArray(merged.models)) throw invalid(`model: the preset names no model and neither does the request`, 'model');
  if (Array.isArray(merged.models) && merged.model === undefined) merged.model = merged.models[0];
  const prompt = version.systemPrompt;
  if (prompt) {
    if (format === 'chat') merged.messages = [{ role: 'system', content: prompt }, ...(Array.isArray(own.messages) ? own.messages : [])];
    else if (format === 'messages') {
      const system = own.system;
      merged.system = system === undefined ? prompt : typeof system === 'string' ? `${prompt}\n\n${system}` : Array.isArray(system) ? [{ type: 'text', text: prompt }, ...system] : system;
    } else if (format === 'responses') merged.instructions = typeof own.instructions === 'string' ? `${prompt}\n\n${own.instructions}` : prompt;
  }
  return merged;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
