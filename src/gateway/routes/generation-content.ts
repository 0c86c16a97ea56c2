import { GatewayError } from '../../errors/gateway-error.js';
import type { GatewayServices } from '../gateway-services.js';
import type { Route } from '../http/route-table.js';

/**
 * GET /api/v1/generation/content?id=… (OpenRouter's listGenerationContent): a generation's prompt
 * and answer, for the account that made it, when its workspace logs prompts and the text's
 * retention has not ended; else 404 saying why there is none.
 */
export function generationContentRoutes(services: GatewayServices): Route[] {
  return [
    {
      method: 'GET',
      path: '/api/v1/generation/content',
      access: 'account',
      handler: async (exchange) => {
        const accountId = exchange.principal.account.id;
        const id = exchange.query.get('id');
        if (!id) throw new GatewayError('invalid_request', 'id: query parameter is required (GET /api/v1/generation/content?id=gen-…)', { metadata: { param: 'id' } });
        const content = await services.generationContent.read(accountId, id);
        if (!content) {
          throw new GatewayError(
            'not_found',
            `No text is kept for generation ${id.slice(0, 100)}: its workspace does not log prompts (is_observability_io_logging_enabled), it was not sampled, or its retention ended`,
          );
        }
        exchange.sendJson(200, { data: content });
      },
    },
  ];
}
