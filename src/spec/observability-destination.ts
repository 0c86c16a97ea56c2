/**
 * Where finished generations are broadcast (OpenRouter's observability destinations): an
 * OpenTelemetry collector (OTLP/HTTP JSON traces) or a webhook (the same OTLP JSON, POST or PUT).
 * Metadata only: Switchboard's log holds no prompt or completion text, so none is ever sent.
 */
export type DestinationType = 'otel-collector' | 'webhook';

export const destinationTypes: readonly DestinationType[] = ['otel-collector', 'webhook'];

export type FilterField =
  | 'model'
  | 'provider'
  | 'session_id'
  | 'user_id'
  | 'api_key_name'
  | 'finish_reason'
  | 'input'
  | 'output'
  | 'total_cost'
  | 'total_tokens'
  | 'prompt_tokens'
  | 'completion_tokens';

export const filterFields: readonly FilterField[] = [
  'model',
  'provider',
  'session_id',
  'user_id',
  'api_key_name',
  'finish_reason',
  'input',
  'output',
  'total_cost',
  'total_tokens',
  'prompt_tokens',
  'completion_tokens',
];

/**
 * OpenRouter's operators but `regex`: a rule runs in the process that writes every account's log, and
 * one account's backtracking pattern must not stall it (refused by name when a destination is saved).
 */
export type FilterOperator = 'equals' | 'not_equals' | 'contains' | 'not_contains' | 'starts_with' | 'ends_with' | 'gt' | 'lt' | 'gte' | 'lte' | 'exists' | 'not_exists';

export const filterOperators: readonly FilterOperator[] = ['equals', 'not_equals', 'contains', 'not_contains', 'starts_with', 'ends_with', 'gt', 'lt', 'gte', 'lte', 'exists', 'not_exists'];

export interface FilterRule {
  field: FilterField;
  operator: FilterOperator;
  value?: string | number;
}

/** Rules joined by `and` or `or`; a generation is sent when every group holds. */
export interface FilterRuleGroup {
  logic: 'and' | 'or';
  rules: FilterRule[];
}

export interface FilterRules {
  enabled: boolean;
  groups: FilterRuleGroup[];
}

export type DataRegion = 'global' | 'europe' | 'us';

export const dataRegions: readonly DataRegion[] = ['global', 'europe', 'us'];

export interface ObservabilityDestination {
  id: string;
  accountId: string;
  /** Only generations of this workspace's keys. */
  workspaceId: string;
  type: DestinationType;
  name: string | null;
  enabled: boolean;
  /** The OTLP traces URL (otel-collector) or the webhook's URL. */
  url: string;
  /** The webhook's method (POST unless PUT); collectors get POST. */
  method: 'POST' | 'PUT';
  /** Header names; their values are kept sealed (they usually carry a token) and never shown. */
  headerNames: string[];
  /** The headers sealed with the operator's key (byok-cipher), or null when there are none. */
  sealedHeaders: string | null;
  /** Only these keys' generations (null: every key). */
  apiKeyHashes: string[] | null;
  /** The share of generations sent, 0.0001 to 1 (chosen by generation id: the same on every node). */
  samplingRate: number;
  /** Kept as asked; bodies are never sent either way (the log holds none). */
  privacyMode: boolean;
  /** Attribute groups sent beside the generation's model, tokens and timing. */
  includeCost: boolean;
  includeIdentity: boolean;
  includeRequestContext: boolean;
  filterRules: FilterRules | null;
  /** Switchboard serves every request as `global`: a destination without it receives nothing. */
  regions: DataRegion[];
  createdAt: string;
  updatedAt: string;
}

/** A new destination's settings where its creator gives none: every key, every generation, metadata groups off. */
export const destinationDefaults = {
  enabled: true,
  apiKeyHashes: null,
  samplingRate: 1,
  privacyMode: false,
  includeCost: false,
  includeIdentity: false,
  includeRequestContext: false,
  filterRules: null,
  regions: ['global'],
} as const satisfies Partial<ObservabilityDestination>;
