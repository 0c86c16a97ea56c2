import { GatewayError } from '../../errors/gateway-error.js';
import { dataRegions, destinationTypes, type FilterRuleGroup, type FilterRules, filterFields, filterOperators, type ObservabilityDestination } from '../../spec/observability-destination.js';
import type { DestinationPatch } from '../../storage/control-plane/destination-store.js';
import { expectArray, expectBoolean, expectEnum, expectNumber, expectObject, expectString, expectStringArray } from '../../wire/request-validation.js';
import { checkDestinationUrl } from './destination-url.js';

const invalid = (param: string, message: string) => new GatewayError('invalid_request', `${param}: ${message}`, { metadata: { param } });

/** A destination's connection: where, how, and its headers in the clear (the route seals them). */
export interface DestinationConnection {
  url: string;
  method: 'POST' | 'PUT';
  headers: Record<string, string>;
}

/** `config` of a destination of this type, checked (otel-collector: endpoint, headers; webhook: url, method, headers). */
export function parseConnection(type: ObservabilityDestination['type'], value: unknown, allowPrivate: boolean): DestinationConnection {
  const config = expectObject(value, 'config');
  const urlField = type === 'otel-collector' ? 'endpoint' : 'url';
  const url = checkDestinationUrl(expectString(config[urlField], `config.${urlField}`, { nonEmpty: true, maxLength: 2_000 }), `config.${urlField}`, allowPrivate);
  const method = type === 'webhook' && config.method !== undefined ? expectEnum(config.method, 'config.method', ['POST', 'PUT'] as const) : 'POST';
  const headers: Record<string, string> = {};
  if (config.headers !== undefined && config.headers !== null) {
    const given = expectObject(config.headers, 'config.headers');
    const names = Object.keys(given);
    if (names.length > 20) throw invalid('config.headers', 'at most 20 headers');
    for (const name of names) {
      if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/.test(name)) throw invalid('config.headers', `${name.slice(0, 40)} is not a header name`);
      if (['content-type', 'content-length', 'host', 'transfer-encoding', 'connection'].includes(name.toLowerCase())) throw invalid('config.headers', `${name} is set by the gateway`);
      const text = expectString(given[name], `config.headers.${name}`, { maxLength: 4_000 });
      if (/[\r\n\0]/.test(text)) throw invalid(`config.headers.${name}`, 'no line breaks');
      headers[name] = text;
    }
  }
  return { url, method, headers };
}

function parseFilterRules(value: unknown): FilterRules | null {
  if (value === null) return null;
  const rules = expectObject(value, 'filter_rules');
  const groups = expectArray(rules.groups, 'filter_rules.groups', 20).map((item, index): FilterRuleGroup => {
    const path = `filter_rules.groups[${index}]`;
    const group = expectObject(item, path);
    return {
      logic: group.logic === undefined ? 'and' : expectEnum(group.logic, `${path}.logic`, ['and', 'or'] as const),
      rules: expectArray(group.rules, `${path}.rules`, 50).map((ruleItem, ruleIndex) => {
        const rulePath = `${path}.rules[${ruleIndex}]`;
        const rule = expectObject(ruleItem, rulePath);
        if (rule.operator === 'regex')
          throw invalid(
            `${rulePath}.operator`,
            "regex is not offered (a pattern runs where every account's log is written, and one that backtracks would stall it): use contains, starts_with or ends_with",
          );
        const operator = expectEnum(rule.operator, `${rulePath}.operator`, filterOperators);
        const field = expectEnum(rule.field, `${rulePath}.field`, filterFields);
        let ruleValue: string | number | undefined;
        if (rule.value !== undefined && rule.value !== null) {
          ruleValue = typeof rule.value === 'number' ? expectNumber(rule.value, `${rulePath}.value`) : expectString(rule.value, `${rulePath}.value`, { maxLength: 200 });
        }
        if (ruleValue === undefined && operator !== 'exists' && operator !== 'not_exists') throw invalid(`${rulePath}.value`, `required for ${operator}`);
        return { field, operator, ...(ruleValue === undefined ? {} : { value: ruleValue }) };
      }),
    };
  });
  return { enabled: rules.enabled === undefined ? true : expectBoolean(rules.enabled, 'filter_rules.enabled'), groups };
}

/** Every field a create or update may set besides the connection, checked (absent: unchanged, or the default). */
export function parseDestinationFields(body: Record<string, unknown>): DestinationPatch {
  const patch: DestinationPatch = {};
  if (body.name !== undefined) patch.name = expectString(body.name, 'name', { nonEmpty: true, maxLength: 200 });
  if (body.enabled !== undefined) patch.enabled = expectBoolean(body.enabled, 'enabled');
  if (body.api_key_hashes !== undefined) patch.apiKeyHashes = body.api_key_hashes === null ? null : expectStringArray(body.api_key_hashes, 'api_key_hashes', 1_000);
  if (body.sampling_rate !== undefined) patch.samplingRate = expectNumber(body.sampling_rate, 'sampling_rate', { min: 0.0001, max: 1 });
  if (body.privacy_mode !== undefined) patch.privacyMode = expectBoolean(body.privacy_mode, 'privacy_mode');
  if (body.broadcast_generation_cost !== undefined) patch.includeCost = expectBoolean(body.broadcast_generation_cost, 'broadcast_generation_cost');
  if (body.broadcast_generation_identity !== undefined) patch.includeIdentity = expectBoolean(body.broadcast_generation_identity, 'broadcast_generation_identity');
  if (body.broadcast_generation_request_context !== undefined) patch.includeRequestContext = expectBoolean(body.broadcast_generation_request_context, 'broadcast_generation_request_context');
  if (body.filter_rules !== undefined) patch.filterRules = parseFilterRules(body.filter_rules);
  if (body.regions !== undefined) {
    const regions = expectArray(body.regions, 'regions', 3).map((region, index) => expectEnum(region, `regions[${index}]`, dataRegions));
    if (regions.length === 0) throw invalid('regions', 'at least one region');
    patch.regions = [...new Set(regions)];
  }
  return patch;
}

/** The type of a new destination: the two Switchboard sends to (any OTLP backend takes the collector's). */
export function parseDestinationType(value: unknown): ObservabilityDestination['type'] {
  if (typeof value === 'string' && !(destinationTypes as readonly string[]).includes(value)) {
    throw invalid('type', `Switchboard sends to ${destinationTypes.join(' and ')} destinations; ${value.slice(0, 40)} takes OTLP through its collector endpoint (type otel-collector)`);
  }
  return expectEnum(value, 'type', destinationTypes);
}
