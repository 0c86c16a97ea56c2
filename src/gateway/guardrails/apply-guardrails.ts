import type { ApiKey } from '../../spec/account.js';
import { GatewayError } from '../../errors/gateway-error.js';
import type { ProviderEndpoint } from '../../providers/provider.js';
import type { Guardrail } from '../../spec/guardrail.js';

function blocked(message: string, guardrail: Guardrail): GatewayError {
  return new GatewayError('guardrail_blocked', message, { metadata: { guardrail_id: guardrail.id, guardrail_name: guardrail.name } });
}

/** Every guardrail a key is held to: those assigned to it, and those assigned to the member who made it. */
export function guardrailsOf(key: ApiKey | null): readonly Guardrail[] {
  if (!key) return [];
  return [...(key.guardrails ?? []), ...(key.memberGuardrails ?? [])];
}

/**
 * The route narrowed by the key's guardrails, before any provider is called: a model outside an
 * allow-list or on an ignore-list is refused (403 guardrail_blocked, naming the guardrail); so is a
 * route left with no endpoint once providers outside the allow-lists, on the ignore-lists or (ZDR
 * asked) keeping data are taken out. Several guardrails: every one of them must let it through.
 */
export function applyGuardrails(endpoints: readonly ProviderEndpoint[], guardrails: readonly Guardrail[] | undefined, modelId: string): ProviderEndpoint[] {
  if (!guardrails || guardrails.length === 0) return [...endpoints];
  let allowed = [...endpoints];
  for (const guardrail of guardrails) {
    if (guardrail.allowedModels !== null && !guardrail.allowedModels.includes(modelId)) throw blocked(`The model ${modelId} is not among the models guardrail "${guardrail.name}" allows`, guardrail);
    if (guardrail.ignoredModels?.includes(modelId)) throw blocked(`The model ${modelId} is blocked by guardrail "${guardrail.name}"`, guardrail);
    const before = allowed.length;
    allowed = allowed.filter(
      (endpoint) =>
        (guardrail.allowedProviders === null || guardrail.allowedProviders.includes(endpoint.providerId)) &&
        !guardrail.ignoredProviders?.includes(endpoint.providerId) &&
        (!guardrail.enforceZdr || endpoint.zdr),
    );
    if (allowed.length === 0) {
      const why = guardrail.enforceZdr ? 'zero-data-retention providers only' : 'the providers it allows';
      throw blocked(`Guardrail "${guardrail.name}" leaves no provider for ${modelId} (${why}; ${before} endpoint${before === 1 ? '' : 's'} before it)`, guardrail);
    }
  }
  return allowed;
}
