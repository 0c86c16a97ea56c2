import { echo } from '../../wire/request-validation.js';
import { GatewayError } from '../../errors/gateway-error.js';
import type { GenerationRequest } from '../../spec/generation-request.js';
import { estimatePromptTokens } from '../../tokenization/count-tokens.js';
import type { ResponseFormatter } from '../../wire/wire-format.js';
import type { GatewayServices } from '../gateway-services.js';
import { runGeneration } from '../generation/run-generation.js';
import type { Route } from '../http/route-table.js';
import { attributeApp } from '../../accounts/attribute-app.js';
import { readSimulationHeaders } from '../inference/simulation-headers.js';
import { applyWorkspaceDefaults } from '../workspaces/apply-workspace-defaults.js';
import { applyPreset, type PresetFormat, requestedPreset } from '../presets/apply-preset.js';

/** The body with the preset it asks for applied (`preset`, `model: "@preset/<slug>"`), and how much the preset added. */
async function withPreset(services: GatewayServices, accountId: string, json: unknown, format: PresetFormat): Promise<{ json: unknown; presetBytes: number; presetId: string | null }> {
  const slug = requestedPreset(json);
  if (slug === null) return { json, presetBytes: 0, presetId: null };
  const found = await services.controlPlane.getPreset(accountId, slug);
  if (!found?.designated || found.preset.status !== 'active') {
    throw new GatewayError('not_found', `Preset ${slug} does not exist${found ? ' or is not active' : ''}; GET /api/v1/presets lists this account's presets`, { metadata: { param: 'preset' } });
  }
  const version = found.designated;
  return {
    json: applyPreset(json as Record<string, unknown>, version, format),
    presetBytes: JSON.stringify(version.config).length + (version.systemPrompt?.length ?? 0),
    presetId: found.preset.id,
  };
}

/**
 * A POST route that serves generations in one inbound wire format: authenticate, parse the body
 * into the internal request, resolve the model, attribute the app, run the generation and answer
 * with the format's formatter.
 */
export function generationEndpoint(services: GatewayServices, path: string, parse: (body: unknown) => GenerationRequest, formatter: ResponseFormatter, presetFormat: PresetFormat): Route {
  return {
    method: 'POST',
    path,
    access: 'inference',
    body: 'json',
    ...(formatter.errorBody ? { errorBody: formatter.errorBody } : {}),
    handler: async (exchange) => {
      const auth = exchange.principal;
      if (services.isShuttingDown()) throw new GatewayError('shutting_down', 'The gateway is shutting down; retry on another node');
      const body = exchange.body!.bytes;
      const { json, presetBytes, presetId } = await withPreset(services, auth.account.id, exchange.json, presetFormat);
      const request = parse(applyWorkspaceDefaults(json, auth.key?.workspace));
      const sessionHeader = exchange.header('x-session-id');
      if (request.sessionId === undefined && sessionHeader) {
        if (sessionHeader.length > 256) throw new GatewayError('invalid_request', 'x-session-id: at most 256 characters', { metadata: { param: 'x-session-id' } });
        request.sessionId = sessionHeader;
      }
      const resolved = services.catalog.resolve(request.model);
      if (!resolved) {
        throw new GatewayError('model_not_found', `Model ${echo(request.model)} does not exist in the catalog; GET /api/v1/models lists the models`, {
          metadata: { model: request.model.slice(0, 200) },
        });
      }
      const app = attributeApp({ referer: exchange.header('http-referer') ?? exchange.header('referer'), title: exchange.header('x-openrouter-title') ?? exchange.header('x-title') });
      const simulated = services.config.simulation.trust_headers ? readSimulationHeaders(exchange) : null;
      if (simulated) exchange.responseHeaders['x-switchboard-simulated'] = 'accepted';
      await runGeneration({
        exchange,
        services,
        auth,
        request,
        resolved,
        app,
        bodyBytes: body.length + presetBytes,
        apiType: 'completions',
        formatter,
        simulated,
        presetId,
        estimatedTokens: estimatePromptTokens(body.length + presetBytes, request.messages.length) + (request.maxTokens ?? 0),
      });
    },
  };
}
