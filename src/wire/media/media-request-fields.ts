import type { ProviderPreferences } from '../../spec/generation-request.js';
import { parseProviderPreferences } from '../openrouter-extras.js';
import { expectModelId, expectNumber, expectString, invalid, isObject } from '../request-validation.js';

/** What every media request shares: the model, OpenRouter's routing preferences, the end user and the session. */
export interface MediaRequestBase {
  model: string;
  provider?: ProviderPreferences;
  user?: string;
  sessionId?: string;
}

/** The body as an object, and the fields every media request shares, checked. */
export function parseMediaBase(value: unknown): { body: Record<string, unknown>; base: MediaRequestBase } {
  if (!isObject(value)) throw invalid('body', 'expected a JSON object');
  const base: MediaRequestBase = { model: expectModelId(value.model, 'model') };
  if (value.provider !== undefined && value.provider !== null) base.provider = parseProviderPreferences(value.provider);
  if (value.user !== undefined && value.user !== null) base.user = expectString(value.user, 'user', { maxLength: 256 });
  if (value.session_id !== undefined && value.session_id !== null) base.sessionId = expectString(value.session_id, 'session_id', { maxLength: 256 });
  return { body: value, base };
}

/** A present, non-null field. */
export const given = (body: Record<string, unknown>, field: string): boolean => body[field] !== undefined && body[field] !== null;

/** A number from JSON, or from a form field's text ("0.2"). */
export function numberField(value: unknown, path: string, options: { min?: number; max?: number; integer?: boolean }): number {
  const number = typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : value;
  return expectNumber(number, path, options);
}
