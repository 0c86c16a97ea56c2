import { randomUUID } from 'node:crypto';
import { maskProviderKey } from '../../accounts/byok-cipher.js';
import { GatewayError } from '../../errors/gateway-error.js';
import { type ByokKey, type ByokKeyPatch, byokKeyDefaults } from '../../spec/byok-key.js';
import { expectBoolean, expectNumber, expectObject, expectString, expectStringArray } from '../../wire/request-validation.js';
import type { GatewayServices } from '../gateway-services.js';
import type { Route } from '../http/route-table.js';
import { defaultWorkspaceId } from '../../spec/workspace.js';
import { pageQuery } from './page-query.js';

/** A BYOK key as the API returns it: never the key, only its masked label. */
function byokJson(key: ByokKey): Record<string, unknown> {
  return {
    id: key.id,
    provider: key.provider,
    name: key.name,
    label: key.label,
    disabled: key.disabled,
    is_byok_only: key.isByokOnly,
    is_fallback: key.isFallback,
    is_required: key.isRequired,
    allowed_models: key.allowedModels,
    allowed_api_key_hashes: key.allowedApiKeyHashes,
    allowed_user_ids: key.allowedUserIds,
    declared_zdr: key.declaredZdr,
    sort_order: key.sortOrder,
    created_at: key.createdAt,
    updated_at: key.updatedAt,
    workspace_id: defaultWorkspaceId,
  };
}

const nullableList = (value: unknown, path: string) => (value === null ? null : expectStringArray(value, path, 1_000));

/** The settings a create or update sets (absent fields: unchanged or default). */
function settings(body: Record<string, unknown>): Omit<ByokKeyPatch, 'encryptedKey' | 'label'> {
  const patch: Omit<ByokKeyPatch, 'encryptedKey' | 'label'> = {};
  if (body.name !== undefined) patch.name = body.name === null ? null : expectString(body.name, 'name', { maxLength: 200 });
  if (body.disabled !== undefined) patch.disabled = expectBoolean(body.disabled, 'disabled');
  if (body.is_byok_only !== undefined) patch.isByokOnly = expectBoolean(body.is_byok_only, 'is_byok_only');
  if (body.is_fallback !== undefined) patch.isFallback = expectBoolean(body.is_fallback, 'is_fallback');
  if (body.is_required !== undefined) patch.isRequired = expectBoolean(body.is_required, 'is_required');
  if (body.allowed_models !== undefined) patch.allowedModels = nullableList(body.allowed_models, 'allowed_models');
  if (body.allowed_api_key_hashes !== undefined) patch.allowedApiKeyHashes = nullableList(body.allowed_api_key_hashes, 'allowed_api_key_hashes');
  if (body.allowed_user_ids !== undefined) patch.allowedUserIds = nullableList(body.allowed_user_ids, 'allowed_user_ids');
  if (body.declared_zdr !== undefined) patch.declaredZdr = body.declared_zdr === null ? null : expectBoolean(body.declared_zdr, 'declared_zdr');
  if (body.sort_order !== undefined) patch.sortOrder = expectNumber(body.sort_order, 'sort_order', { integer: true, min: -1_000_000, max: 1_000_000 });
  if (patch.isByokOnly && patch.isFallback)
    throw new GatewayError('invalid_request', 'is_byok_only and is_fallback: a key cannot be both the only one and a fallback', { metadata: { param: 'is_fallback' } });
  return patch;
}

function providerKey(value: unknown): string {
  const key = expectString(value, 'key', { nonEmpty: true, maxLength: 8_192 });
  if (/\s/.test(key.trim()) || key.trim().length === 0) throw new GatewayError('invalid_request', 'key: a provider API key has no spaces', { metadata: { param: 'key' } });
  return key.trim();
}

/**
 * Bring your own key (management key): GET/POST /byok, GET/PATCH/DELETE /byok/{id}. A provider key
 * is sealed before it is stored (byok/byok-credentials.ts) and never returned, logged or kept in
 * plaintext; the answer names it by a masked label. The provider is one of this gateway's.
 */
export function byokRoutes(services: GatewayServices): Route[] {
  const found = async (accountId: string, id: string) => {
    const key = await services.controlPlane.getByokKey(accountId, id);
    if (!key) throw new GatewayError('not_found', `BYOK key ${id.slice(0, 64)} not found`);
    return key;
  };
  return [
    {
      method: 'GET',
      path: '/api/v1/byok',
      access: 'management',
      handler: async (exchange) => {
        const { offset, limit } = pageQuery(exchange.query);
        const provider = exchange.query.get('provider') ?? undefined;
        const keys = await services.controlPlane.listByokKeys(exchange.principal.account.id, provider);
        exchange.sendJson(200, { data: keys.slice(offset, offset + limit).map(byokJson), total_count: keys.length });
      },
    },
    {
      method: 'POST',
      path: '/api/v1/byok',
      access: 'management',
      body: 'json',
      handler: async (exchange) => {
        const accountId = exchange.principal.account.id;
        const body = expectObject(exchange.json, 'body');
        const provider = expectString(body.provider, 'provider', { nonEmpty: true, maxLength: 100 });
        if (!services.providers.provider(provider)) {
          const known = services.providers.providers.map((entry) => entry.id).join(', ');
          throw new GatewayError('invalid_request', `provider: ${provider.slice(0, 100)} is not a provider of this gateway (${known})`, { metadata: { param: 'provider' } });
        }
        const plaintext = providerKey(body.key);
        const id = randomUUID();
        const key = await services.controlPlane.createByokKey({
          id,
          accountId,
          provider,
          ...byokKeyDefaults,
          label: maskProviderKey(plaintext),
          encryptedKey: services.byok.seal(accountId, provider, id, plaintext),
          ...settings(body),
        });
        services.byok.changed(accountId);
        exchange.sendJson(201, { data: byokJson(key) });
      },
    },
    {
      method: 'GET',
      path: '/api/v1/byok/:id',
      access: 'management',
      handler: async (exchange, { id }) => exchange.sendJson(200, { data: byokJson(await found(exchange.principal.account.id, id!)) }),
    },
    {
      method: 'PATCH',
      path: '/api/v1/byok/:id',
      access: 'management',
      body: 'json',
      handler: async (exchange, { id }) => {
        const accountId = exchange.principal.account.id;
        const existing = await found(accountId, id!);
        const body = expectObject(exchange.json, 'body');
        const patch: ByokKeyPatch = settings(body);
        if (body.key !== undefined) {
          const plaintext = providerKey(body.key);
          patch.encryptedKey = services.byok.seal(accountId, existing.provider, existing.id, plaintext);
          patch.label = maskProviderKey(plaintext);
        }
        const updated = await services.controlPlane.updateByokKey(accountId, existing.id, patch);
        services.byok.changed(accountId);
        exchange.sendJson(200, { data: byokJson(updated ?? existing) });
      },
    },
    {
      method: 'DELETE',
      path: '/api/v1/byok/:id',
      access: 'management',
      handler: async (exchange, { id }) => {
        const accountId = exchange.principal.account.id;
        if (!(await services.controlPlane.deleteByokKey(accountId, id!))) throw new GatewayError('not_found', `BYOK key ${id!.slice(0, 64)} not found`);
        services.byok.changed(accountId);
        exchange.sendJson(200, { deleted: true });
      },
    },
  ];
}
