import { GatewayError } from '../../errors/gateway-error.js';
import { feedbackCategories } from '../../storage/control-plane/generation-feedback-store.js';
import { expectEnum, expectObject, expectString } from '../../wire/request-validation.js';
import type { GatewayServices } from '../gateway-services.js';
import type { Route } from '../http/route-table.js';

/**
 * POST /api/v1/generation/feedback {generation_id, category, comment} (OpenRouter's submitFeedback):
 * a rating of one of the account's generations, kept in the control plane and shown with the
 * generation in the dashboard's log.
 *
 * GET /api/v1/generation/content?id=… (OpenRouter's listGenerationContent): a generation's prompt
 * and answer, for the account that made it, when its workspace logs prompts and the text's
 * retention has not ended; else 404 saying why there is none.
 */
export function generationContentRoutes(services: GatewayServices): Route[] {
  return [
    {
      method: 'POST',
      path: '/api/v1/generation/feedback',
      access: 'account',
      body: 'json',
      handler: async (exchange) => {
        const auth = exchange.principal;
        const body = expectObject(exchange.json, 'body');
        const generationId = expectString(body.generation_id, 'generation_id', { nonEmpty: true, maxLength: 200 });
        const category = expectEnum(body.category, 'category', feedbackCategories);
        const comment = body.comment === undefined || body.comment === null ? null : expectString(body.comment, 'comment', { maxLength: 10_000 });
        if (!(await services.generationLog.get(generationId, auth.account.id))) throw new GatewayError('not_found', `Generation ${generationId.slice(0, 100)} not found`);
        await services.controlPlane.generationFeedback.add({ accountId: auth.account.id, generationId, category, comment, keyHash: auth.key?.hash ?? null });
        exchange.sendJson(200, { data: { success: true } });
      },
    },
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
