import { randomUUID } from 'node:crypto';
import { GatewayError } from '../../errors/gateway-error.js';
import { destinationDefaults, type ObservabilityDestination } from '../../spec/observability-destination.js';
import { defaultWorkspaceId } from '../../spec/workspace.js';
import type { DestinationPatch } from '../../storage/control-plane/destination-store.js';
import { expectObject, expectString } from '../../wire/request-validation.js';
import type { GatewayServices } from '../gateway-services.js';
import type { Route } from '../http/route-table.js';
import { type DestinationConnection, parseConnection, parseDestinationFields, parseDestinationType } from '../observability/destination-fields.js';
import { pageQuery } from './page-query.js';

/** The binding of a destination's sealed headers (the same as the broadcaster opens them with: broadcast/broadcaster.ts). */
const headerProvider = 'observability-destination';

function destinationJson(destination: ObservabilityDestination): Record<string, unknown> {
  // Header values usually carry a token: only their names are shown.
  const headers = Object.fromEntries(destination.headerNames.map((name) => [name, '••••••']));
  return {
    id: destination.id,
    type: destination.type,
    name: destination.name,
    enabled: destination.enabled,
    config: destination.type === 'otel-collector' ? { endpoint: destination.url, headers } : { url: destination.url, method: destination.method, headers },
    api_key_hashes: destination.apiKeyHashes,
    sampling_rate: destination.samplingRate,
    privacy_mode: destination.privacyMode,
    broadcast_generation_cost: destination.includeCost,
    broadcast_generation_identity: destination.includeIdentity,
    broadcast_generation_request_context: destination.includeRequestContext,
    filter_rules: destination.filterRules,
    regions: destination.regions,
    workspace_id: destination.workspaceId,
    created_at: destination.createdAt,
    updated_at: destination.updatedAt,
  };
}

/**
 * OpenRouter's observability destinations (management key): CRUD on /observability/destinations.
 * Each finished generation of the account goes, as one OTLP span (metadata only, never text), to
 * every enabled destination that takes it — sent by the process that drains the generation log
 * (broadcast/broadcaster.ts), batched and retried. Header values are sealed with the operator's
 * encryption key (as BYOK keys are) and never shown again.
 */
export function observabilityDestinationRoutes(services: GatewayServices): Route[] {
  const destinations = services.controlPlane.destinations;
  const allowPrivate = services.config.broadcast.allow_private_addresses;
  const found = async (accountId: string, id: string) => {
    const destination = await destinations.get(accountId, id);
    if (!destination) throw new GatewayError('not_found', `Observability destination ${id.slice(0, 64)} not found`);
    return destination;
  };
  /** The connection's columns: the headers sealed for this row (a 503 when the gateway has no encryption key). */
  const connectionColumns = (accountId: string, id: string, connection: DestinationConnection): DestinationPatch => {
    const names = Object.keys(connection.headers);
    let sealedHeaders: string | null = null;
    if (names.length > 0) {
      if (!services.byok.enabled)
        throw new GatewayError('byok_unavailable', "A destination's headers are kept sealed with the gateway's encryption key, which its operator has not set (byok.encryption_key_env)");
      sealedHeaders = services.byok.seal(accountId, headerProvider, id, JSON.stringify(connection.headers));
    }
    return { url: connection.url, method: connection.method, headerNames: names, sealedHeaders };
  };
  /** The account's own keys only: another account's hash is refused by name. */
  const checkKeys = async (accountId: string, hashes: readonly string[] | null | undefined) => {
    for (const hash of hashes ?? []) {
      const key = await services.controlPlane.getKey(hash);
      if (!key || key.accountId !== accountId) throw new GatewayError('invalid_request', `api_key_hashes: no key ${hash.slice(0, 64)} in this account`, { metadata: { param: 'api_key_hashes' } });
    }
  };
  return [
    {
      method: 'GET',
      path: '/api/v1/observability/destinations',
      access: 'management',
      handler: async (exchange) => {
        const { offset, limit } = pageQuery(exchange.query);
        const all = await destinations.list(exchange.principal.account.id);
        exchange.sendJson(200, { data: all.slice(offset, offset + limit).map(destinationJson), total_count: all.length });
      },
    },
    {
      method: 'POST',
      path: '/api/v1/observability/destinations',
      access: 'management',
      body: 'json',
      handler: async (exchange) => {
        const accountId = exchange.principal.account.id;
        const body = expectObject(exchange.json, 'body');
        const type = parseDestinationType(body.type);
        const fields = parseDestinationFields(body);
        if (fields.name === undefined) throw new GatewayError('invalid_request', 'name: required', { metadata: { param: 'name' } });
        await checkKeys(accountId, fields.apiKeyHashes);
        let workspaceId = defaultWorkspaceId;
        if (body.workspace_id !== undefined && body.workspace_id !== null) {
          const reference = expectString(body.workspace_id, 'workspace_id', { nonEmpty: true, maxLength: 200 });
          const workspace = await services.controlPlane.organization.getWorkspace(accountId, reference);
          if (!workspace) throw new GatewayError('invalid_request', `workspace_id: no workspace ${reference.slice(0, 64)} in this account`, { metadata: { param: 'workspace_id' } });
          workspaceId = workspace.id;
        }
        const id = randomUUID();
        const destination = await destinations.create({
          id,
          accountId,
          workspaceId,
          type,
          name: fields.name,
          ...destinationDefaults,
          ...fields,
          ...(connectionColumns(accountId, id, parseConnection(type, body.config, allowPrivate)) as Required<Pick<DestinationPatch, 'url' | 'method' | 'headerNames' | 'sealedHeaders'>>),
        });
        exchange.sendJson(201, { data: destinationJson(destination) });
      },
    },
    {
      method: 'GET',
      path: '/api/v1/observability/destinations/:id',
      access: 'management',
      handler: async (exchange, { id }) => exchange.sendJson(200, { data: destinationJson(await found(exchange.principal.account.id, id!)) }),
    },
    {
      method: 'PATCH',
      path: '/api/v1/observability/destinations/:id',
      access: 'management',
      body: 'json',
      handler: async (exchange, { id }) => {
        const accountId = exchange.principal.account.id;
        const current = await found(accountId, id!);
        const body = expectObject(exchange.json, 'body');
        const fields = parseDestinationFields(body);
        await checkKeys(accountId, fields.apiKeyHashes);
        // A new config replaces the old one, headers and all.
        const connection = body.config === undefined ? {} : connectionColumns(accountId, current.id, parseConnection(current.type, body.config, allowPrivate));
        const updated = await destinations.update(accountId, current.id, { ...fields, ...connection });
        exchange.sendJson(200, { data: destinationJson(updated ?? current) });
      },
    },
    {
      method: 'DELETE',
      path: '/api/v1/observability/destinations/:id',
      access: 'management',
      handler: async (exchange, { id }) => {
        if (!(await destinations.delete(exchange.principal.account.id, id!))) throw new GatewayError('not_found', `Observability destination ${id!.slice(0, 64)} not found`);
        exchange.sendJson(200, { deleted: true });
      },
    },
  ];
}
