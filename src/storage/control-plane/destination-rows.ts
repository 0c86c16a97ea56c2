import type { ObservabilityDestination } from '../../spec/observability-destination.js';

/** Observability destinations: one text for SQLite and PostgreSQL (lists and rules as JSON text, flags as 0/1). */
export const destinationTableSql = `CREATE TABLE observability_destinations (
     id TEXT PRIMARY KEY,
     account_id TEXT NOT NULL REFERENCES accounts(id),
     workspace_id TEXT NOT NULL,
     type TEXT NOT NULL CHECK (type IN ('otel-collector', 'webhook')),
     name TEXT,
     enabled INTEGER NOT NULL DEFAULT 1,
     url TEXT NOT NULL,
     method TEXT NOT NULL CHECK (method IN ('POST', 'PUT')),
     header_names TEXT NOT NULL,
     sealed_headers TEXT,
     api_key_hashes TEXT,
     sampling_rate DOUBLE PRECISION NOT NULL,
     privacy_mode INTEGER NOT NULL DEFAULT 0,
     include_cost INTEGER NOT NULL DEFAULT 0,
     include_identity INTEGER NOT NULL DEFAULT 0,
     include_request_context INTEGER NOT NULL DEFAULT 0,
     filter_rules TEXT,
     regions TEXT NOT NULL,
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL
   );
   CREATE INDEX observability_destinations_account ON observability_destinations(account_id);`;

export interface DestinationRow {
  id: string;
  account_id: string;
  workspace_id: string;
  type: ObservabilityDestination['type'];
  name: string | null;
  enabled: number | boolean;
  url: string;
  method: 'POST' | 'PUT';
  header_names: string;
  sealed_headers: string | null;
  api_key_hashes: string | null;
  sampling_rate: number | string;
  privacy_mode: number | boolean;
  include_cost: number | boolean;
  include_identity: number | boolean;
  include_request_context: number | boolean;
  filter_rules: string | null;
  regions: string;
  created_at: string;
  updated_at: string;
}

const flag = (value: boolean | number) => value === true || value === 1;
const json = <T>(text: string | null): T | null => (text === null ? null : (JSON.parse(text) as T));

export function toDestination(row: DestinationRow): ObservabilityDestination {
  return {
    id: row.id,
    accountId: row.account_id,
    workspaceId: row.workspace_id,
    type: row.type,
    name: row.name,
    enabled: flag(row.enabled),
    url: row.url,
    method: row.method,
    headerNames: json<string[]>(row.header_names) ?? [],
    sealedHeaders: row.sealed_headers,
    apiKeyHashes: json<string[]>(row.api_key_hashes),
    samplingRate: Number(row.sampling_rate),
    privacyMode: flag(row.privacy_mode),
    includeCost: flag(row.include_cost),
    includeIdentity: flag(row.include_identity),
    includeRequestContext: flag(row.include_request_context),
    filterRules: json(row.filter_rules),
    regions: json(row.regions) ?? ['global'],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The columns a destination's fields set (only those given). */
export function destinationColumns(destination: Partial<ObservabilityDestination>): Record<string, unknown> {
  const columns: Record<string, unknown> = {};
  const set = (column: string, value: unknown) => {
    if (value !== undefined) columns[column] = value;
  };
  const text = (value: unknown) => (value === undefined ? undefined : value === null ? null : JSON.stringify(value));
  const bit = (value: boolean | undefined) => (value === undefined ? undefined : value ? 1 : 0);
  set('workspace_id', destination.workspaceId);
  set('type', destination.type);
  set('name', destination.name);
  set('enabled', bit(destination.enabled));
  set('url', destination.url);
  set('method', destination.method);
  set('header_names', text(destination.headerNames));
  set('sealed_headers', destination.sealedHeaders);
  set('api_key_hashes', text(destination.apiKeyHashes));
  set('sampling_rate', destination.samplingRate);
  set('privacy_mode', bit(destination.privacyMode));
  set('include_cost', bit(destination.includeCost));
  set('include_identity', bit(destination.includeIdentity));
  set('include_request_context', bit(destination.includeRequestContext));
  set('filter_rules', text(destination.filterRules));
  set('regions', text(destination.regions));
  return columns;
}
