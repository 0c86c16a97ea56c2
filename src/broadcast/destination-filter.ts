import { createHash } from 'node:crypto';
import type { FilterRule, ObservabilityDestination } from '../spec/observability-destination.js';
import type { GenerationRecord } from '../spec/generation-record.js';

/** A generation's value of a filter field (undefined: the generation has none — `input`/`output`: the log keeps no text). */
function fieldValue(record: GenerationRecord, field: FilterRule['field']): string | number | undefined {
  switch (field) {
    case 'model':
      return record.model;
    case 'provider':
      return record.provider_slug ?? record.provider_name ?? undefined;
    case 'session_id':
      return record.session_id ?? undefined;
    case 'user_id':
      return record.external_user ?? undefined;
    case 'api_key_name':
      return record.key_name || undefined;
    case 'finish_reason':
      return record.finish_reason ?? undefined;
    case 'total_cost':
      return record.total_cost_nano / 1e9;
    case 'total_tokens':
      return record.tokens_prompt + record.tokens_completion;
    case 'prompt_tokens':
      return record.tokens_prompt;
    case 'completion_tokens':
      return record.tokens_completion;
    default:
      return undefined;
  }
}

/** Whether one rule holds for a generation. */
export function ruleHolds(rule: FilterRule, record: GenerationRecord): boolean {
  const value = fieldValue(record, rule.field);
  if (rule.operator === 'exists') return value !== undefined;
  if (rule.operator === 'not_exists') return value === undefined;
  if (value === undefined) return rule.operator === 'not_equals' || rule.operator === 'not_contains';
  const wanted = rule.value ?? '';
  switch (rule.operator) {
    case 'equals':
      return String(value) === String(wanted);
    case 'not_equals':
      return String(value) !== String(wanted);
    case 'contains':
      return String(value).includes(String(wanted));
    case 'not_contains':
      return !String(value).includes(String(wanted));
    case 'starts_with':
      return String(value).startsWith(String(wanted));
    case 'ends_with':
      return String(value).endsWith(String(wanted));
    case 'gt':
      return Number(value) > Number(wanted);
    case 'lt':
      return Number(value) < Number(wanted);
    case 'gte':
      return Number(value) >= Number(wanted);
    case 'lte':
      return Number(value) <= Number(wanted);
  }
}

/** Whether a generation falls in a destination's sample: by its id, so every node and every retry decides alike. */
export function inSample(samplingRate: number, generationId: string): boolean {
  if (samplingRate >= 1) return true;
  const draw = createHash('sha256').update(generationId).digest().readUInt32BE(0) / 0x1_0000_0000;
  return draw < samplingRate;
}

/**
 * Whether a destination takes a generation: enabled, of its account and workspace, of a key it
 * lists (or any), served in a region it covers (Switchboard serves `global`), in its sample, and
 * every group of its filter rules holding (a group's rules joined by its `and`/`or`).
 */
export function destinationTakes(destination: ObservabilityDestination, record: GenerationRecord, workspaceId: string): boolean {
  if (!destination.enabled || destination.accountId !== record.account_id || destination.workspaceId !== workspaceId) return false;
  if (destination.apiKeyHashes !== null && !destination.apiKeyHashes.includes(record.key_hash)) return false;
  if (!destination.regions.includes('global')) return false;
  if (!inSample(destination.samplingRate, record.id)) return false;
  const rules = destination.filterRules;
  if (!rules?.enabled) return true;
  return rules.groups.every((group) => (group.logic === 'or' ? group.rules.some((rule) => ruleHolds(rule, record)) : group.rules.every((rule) => ruleHolds(rule, record))));
}
