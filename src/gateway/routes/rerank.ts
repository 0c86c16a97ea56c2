import { countTextTokens } from '../../tokenization/count-tokens.js';
import { parseRerankRequest } from '../../wire/media/parse-rerank-request.js';
import { renderRerankResponse } from '../../wire/media/render-media-responses.js';
import type { GatewayServices } from '../gateway-services.js';
import { lacksMedia, runMedia } from '../generation/run-media.js';
import type { Route } from '../http/route-table.js';
import { mediaModelOf } from './media-model.js';

/** POST /api/v1/rerank: documents ordered by their relevance to a query, billed by search units. */
export function rerankRoutes(services: GatewayServices): Route[] {
  return [
    {
      method: 'POST',
      path: '/api/v1/rerank',
      access: 'inference',
      body: 'json',
      handler: async (exchange) => {
        const request = parseRerankRequest(exchange.json);
        const { model, app } = mediaModelOf(exchange, services, 'rerank', request.model);
        // A search unit is one query with up to `documents_per_unit` documents (Cohere: 100). Cohere
        // splits a long document into chunks of about 500 tokens, each billed as a document: the
        // reservation counts a chunk per 500 characters (a token is never less than one), the
        // gateway's own count one per document.
        const perUnit = model.switchboard.media?.documents_per_unit ?? 100;
        const units = Math.max(1, Math.ceil(request.documents.length / perUnit));
        const chunks = request.documents.reduce((sum, document) => sum + Math.max(1, Math.ceil(document.length / 500)), 0);
        const ownPromptTokens = () => countTextTokens(request.query) * request.documents.length + request.documents.reduce((sum, document) => sum + countTextTokens(document), 0);
        await runMedia(
          { exchange, services, auth: exchange.principal, app },
          {
            apiType: 'rerank',
            model,
            request,
            text: request.query,
            parameters: request.topN !== undefined ? { top_n: request.topN } : {},
            maxUnits: Math.max(units, Math.ceil(chunks / perUnit)),
            invoke: (provider, endpoint, signal) => {
              if (!provider.rerank) throw lacksMedia(provider, 'rerank');
              return provider.rerank({ endpoint, query: request.query, documents: request.documents, ...(request.topN !== undefined ? { topN: request.topN } : {}), signal });
            },
            // A count the provider did not give is the gateway's (not an anomaly); one it gave is checked.
            reported: (value) => ({ promptTokens: value.totalTokens ?? ownPromptTokens(), mediaUnits: value.searchUnits ?? units }),
            ownUnits: () => units,
            ownPromptTokens,
            render: (value, charge, facts) => ({
              json: renderRerankResponse({
                id: facts.generationId,
                model: model.id,
                provider: facts.endpoint.providerName,
                documents: request.documents,
                results: value.results,
                searchUnits: charge.usage.mediaUnits ?? units,
                totalTokens: charge.usage.promptTokens,
                cost: charge.cost.total,
                isByok: facts.isByok,
              }),
            }),
          },
        );
      },
    },
  ];
}
