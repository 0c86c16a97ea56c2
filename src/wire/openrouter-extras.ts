import type { ReasoningOptions } from '../spec/chat-message.js';
import type { ProviderPreferences } from '../spec/generation-request.js';
import { expectBoolean, expectEnum, expectNumber, expectObject, expectStringArray } from './request-validation.js';

/** OpenRouter's request fields that every inbound format accepts: `reasoning`, `provider`, `models`. */
export const efforts = ['max', 'xhigh', 'high', 'medium', 'low', 'minimal', 'none'] as const;

/** Function names as providers accept them. */
export const toolNamePattern = /^[a-zA-Z0-9_.-]{1,64}$/;

export function parseReasoning(body: Record<string, unknown>): ReasoningOptions | undefined {
  let reasoning: ReasoningOptions | undefined;
  if (body.reasoning !== undefined && body.reasoning !== null) {
    const value = expectObject(body.reasoning, 'reasoning');
    reasoning = {};
    if (value.effort !== undefined) reasoning.effort = expectEnum(value.effort, 'reasoning.effort', efforts);
    if (value.max_tokens !== undefined) reasoning.max_tokens = expectNumber(value.max_tokens, 'reasoning.max_tokens', { min: 0, integer: true });
    if (value.exclude !== undefined) reasoning.exclude = expectBoolean(value.exclude, 'reasoning.exclude');
    if (value.enabled !== undefined) reasoning.enabled = expectBoolean(value.enabled, 'reasoning.enabled');
  }
  if (body.reasoning_effort !== undefined && body.reasoning_effort !== null) {
    reasoning = { ...reasoning, effort: reasoning?.effort ?? expectEnum(body.reasoning_effort, 'reasoning_effort', efforts) };
  }
  // Legacy include_reasoning: true is reasoning: {}, false is reasoning: {exclude: true}.
  if (body.include_reasoning !== undefined && body.include_reasoning !== null && reasoning === undefined) {
    reasoning = expectBoolean(body.include_reasoning, 'include_reasoning') ? {} : { exclude: true };
  }
  return reasoning;
}

export function parseProviderPreferences(value: unknown): ProviderPreferences {
  const preferences = expectObject(value, 'provider');
  for (const field of ['order', 'only', 'ignore', 'quantizations'] as const) {
    if (preferences[field] !== undefined && preferences[field] !== null) expectStringArray(preferences[field], `provider.${field}`);
  }
  for (const field of ['allow_fallbacks', 'require_parameters', 'zdr'] as const) {
    if (preferences[field] !== undefined && preferences[field] !== null) expectBoolean(preferences[field], `provider.${field}`);
  }
  if (preferences.data_collection !== undefined && preferences.data_collection !== null) expectEnum(preferences.data_collection, 'provider.data_collection', ['allow', 'deny']);
  if (preferences.sort !== undefined && preferences.sort !== null) {
    if (typeof preferences.sort === 'string') expectEnum(preferences.sort, 'provider.sort', ['price', 'throughput', 'latency', 'exacto']);
    else expectEnum(expectObject(preferences.sort, 'provider.sort').by, 'provider.sort.by', ['price', 'throughput', 'latency', 'exacto']);
  }
  for (const field of ['preferred_min_throughput', 'preferred_max_latency'] as const) {
    const target = preferences[field];
    if (target === undefined || target === null) continue;
    if (typeof target === 'number') expectNumber(target, `provider.${field}`, { min: 0 });
    else {
      const percentiles = expectObject(target, `provider.${field}`);
      for (const [name, value] of Object.entries(percentiles)) {
        expectEnum(name, `provider.${field}`, ['p50', 'p75', 'p90', 'p99']);
        expectNumber(value, `provider.${field}.${name}`, { min: 0 });
      }
    }
  }
  if (preferences.max_price !== undefined && preferences.max_price !== null) {
    const maxPrice = expectObject(preferences.max_price, 'provider.max_price');
    for (const [field, price] of Object.entries(maxPrice)) expectNumber(price, `provider.max_price.${field}`, { min: 0 });
  }
  return preferences as ProviderPreferences;
}
