import type { ProviderPreferences } from '../../spec/generation-request.js';
import { parseProviderPreferences } from '../openrouter-extras.js';
import { describeType, expectEnum, expectModelId, expectNumber, expectString, invalid, isObject } from '../request-validation.js';

export interface EmbeddingsRequest {
  model: string;
  inputs: string[];
  dimensions?: number;
  encodingFormat: 'float' | 'base64';
  user?: string;
  provider?: ProviderPreferences;
}

/** Most inputs in one request (OpenAI's limit). */
const maximumInputs = 2048;

/**
 * Validates an OpenAI embeddings request: `input` a string or an array of non-empty strings (token
 * arrays are refused: tokenizers differ between providers), `dimensions`, `encoding_format`
 * (float, or base64 as the official clients ask by default), `user`, and OpenRouter's `provider`.
 */
export function parseEmbeddingsRequest(value: unknown): EmbeddingsRequest {
  if (!isObject(value)) throw invalid('body', 'expected a JSON object');
  const model = expectModelId(value.model, 'model');
  let inputs: string[];
  if (typeof value.input === 'string') inputs = [value.input];
  else if (Array.isArray(value.input)) {
    if (value.input.length === 0) throw invalid('input', 'must not be empty');
    if (value.input.length > maximumInputs) throw invalid('input', `at most ${maximumInputs} inputs per request`);
    inputs = value.input.map((item, index) => {
      if (typeof item !== 'string') throw invalid(`input[${index}]`, `expected a string, got ${describeType(item)} (token arrays are not supported)`);
      return item;
    });
  } else throw invalid('input', `expected a string or an array of strings, got ${describeType(value.input)}`);
  for (const [index, input] of inputs.entries()) if (input.length === 0) throw invalid(inputs.length === 1 ? 'input' : `input[${index}]`, 'must not be empty');
  const request: EmbeddingsRequest = { model, inputs, encodingFormat: 'float' };
  if (value.dimensions !== undefined && value.dimensions !== null) request.dimensions = expectNumber(value.dimensions, 'dimensions', { integer: true, min: 1 });
  if (value.encoding_format !== undefined && value.encoding_format !== null) request.encodingFormat = expectEnum(value.encoding_format, 'encoding_format', ['float', 'base64'] as const);
  if (value.user !== undefined && value.user !== null) request.user = expectString(value.user, 'user', { maxLength: 256 });
  if (value.provider !== undefined && value.provider !== null) request.provider = parseProviderPreferences(value.provider);
  return request;
}
