import { describeType, expectArray, expectString, invalid, isObject } from '../request-validation.js';
import { given, type MediaRequestBase, numberField, parseMediaBase } from './media-request-fields.js';

export interface RerankRequest extends MediaRequestBase {
  query: string;
  documents: string[];
  topN?: number;
}

/** Most documents one rerank request may carry (Cohere's recommendation is 1,000; its limit 10,000). */
const maximumDocuments = 10_000;

/**
 * OpenRouter's rerank request: `query`, `documents` (strings, or `{text}` objects — image documents
 * are refused: no reranker here reads images), `top_n` (1 … the number of documents).
 */
export function parseRerankRequest(value: unknown): RerankRequest {
  const { body, base } = parseMediaBase(value);
  const query = expectString(body.query, 'query', { nonEmpty: true, maxLength: 100_000 });
  const documents = expectArray(body.documents, 'documents', maximumDocuments).map((item, index) => {
    if (typeof item === 'string') return item;
    if (isObject(item) && typeof item.text === 'string') return item.text;
    if (isObject(item) && item.image !== undefined) throw invalid(`documents[${index}]`, 'image documents are not supported; give text');
    throw invalid(`documents[${index}]`, `expected a string or {text}, got ${describeType(item)}`);
  });
  if (documents.length === 0) throw invalid('documents', 'must not be empty');
  const request: RerankRequest = { ...base, query, documents };
  if (given(body, 'top_n')) request.topN = numberField(body.top_n, 'top_n', { integer: true, min: 1, max: documents.length });
  return request;
}
