import { randomUUID } from 'node:crypto';
import { fromNanoDollars, toNanoDollars } from '../../accounting/pricing.js';
import { GatewayError } from '../../errors/gateway-error.js';
import { type Guardrail, guardrailDefaults } from '../../spec/guardrail.js';
import { limitResets } from '../../spec/limit-period.js';
import type { GuardrailPatch } from '../../storage/control-plane/control-plane-store.js';
import { expectBoolean, expectEnum, expectNumber, expectObject, expectString, expectStringArray } from '../../wire/request-validation.js';
import type { GatewayServices } from '../gateway-services.js';
import type { Route } from '../http/route-table.js';
import type { HttpExchange } from '../http/http-exchange.js';
import type { GuardrailMemberAssignment } from '../../storage/control-plane/organization-store.js';
import { defaultWorkspaceId } from '../../spec/workspace.js';
import { namedMembers } from './account-members.js';
import { pageQuery } from './page-query.js';

function guardrailJson(guardrail: Guardrail): Record<string, unknown> {
  return {
    id: guardrail.id,
    name: guardrail.name,
    description: guardrail.description,
    limit_usd: guardrail.limitNano === null ? null : fromNanoDollars(guardrail.limitNano),
    reset_interval: guardrail.resetInterval,
    include_byok_in_budgets: guardrail.includeByokInBudgets,
    allowed_models: guardrail.allowedModels,
    ignored_models: guardrail.ignoredModels,
    allowed_providers: guardrail.allowedProviders,
    ignored_providers: guardrail.ignoredProviders,
    enforce_zdr: guardrail.enforceZdr,
    created_at: guardrail.createdAt,
    updated_at: guardrail.updatedAt,
    workspace_id: defaultWorkspaceId,
  };
}

const nullableList = (value: unknown, path: string) => (value === null ? null : expectStringArray(value, path, 1_000));

/** The fields a create or update sets, checked (absent: unchanged, or the default). */
function guardrailFields(body: Record<string, unknown>): GuardrailPatch {
  const patch: GuardrailPatch = {};
  if (body.name !== undefined) patch.name = expectString(body.name, 'name', { nonEmpty: true, maxLength: 200 });
  if (body.description !== undefined) patch.description = body.description === null ? null : expectString(body.description, 'description', { maxLength: 2_000 });
  if (body.limit_usd !== undefined) patch.limitNano = body.limit_usd === null ? null : toNanoDollars(expectNumber(body.limit_usd, 'limit_usd', { min: 0, max: 1e9 }));
  if (body.reset_interval !== undefined) patch.resetInterval = body.reset_interval === null ? null : expectEnum(body.reset_interval, 'reset_interval', limitResets);
  if (body.include_byok_in_budgets !== undefined) patch.includeByokInBudgets = expectBoolean(body.include_byok_in_budgets, 'include_byok_in_budgets');
  if (body.allowed_models !== undefined) patch.allowedModels = nullableList(body.allowed_models, 'allowed_models');
  if (body.ignored_models !== undefined) patch.ignoredModels = nullableList(body.ignored_models, 'ignored_models');
  if (body.allowed_providers !== undefined) patch.allowedProviders = nullableList(body.allowed_providers, 'allowed_providers');
  if (body.ignored_providers !== undefined) patch.ignoredProviders = nullableList(body.ignored_providers, 'ignored_providers');
  if (body.enforce_zdr !== undefined) patch.enforceZdr = body.enforce_zdr === null ? false : expectBoolean(body.enforce_zdr, 'enforce_zdr');
  return patch;
}

/**
 * OpenRouter's guardrails (management key): CRUD on /guardrails, bulk assignment of keys
 * (/guardrails/{id}/assignments/keys[/remove]) and the listings. Every change makes every node read
 * its keys again (the key cache is forgotten here and over the node bus): a guardrail holds from
 * the next request. A guardrail assigned to a member holds every key that member made (its budget
 * over those keys together).
 */
export function guardrailRoutes(services: GatewayServices): Route[] {
  const found = async (accountId: string, id: string) => {
    const guardrail = await services.controlPlane.getGuardrail(accountId, id);
    if (!guardrail) throw new GatewayError('not_found', `Guardrail ${id.slice(0, 64)} not found`);
    return guardrail;
  };
  const changed = () => services.authenticator.invalidate('*');
  const hashesOf = (body: Record<string, unknown>) => expectStringArray(body.key_hashes, 'key_hashes', 1_000);
  const assignmentJson = (assignment: { guardrailId: string; keyHash: string; keyName: string; keyLabel: string; assignedAt: string }) => ({
    id: `${assignment.guardrailId}:${assignment.keyHash}`,
    guardrail_id: assignment.guardrailId,
    key_hash: assignment.keyHash,
    key_name: assignment.keyName,
    key_label: assignment.keyLabel,
    assigned_by: null,
    created_at: assignment.assignedAt,
  });
  const memberAssignmentJson = (accountId: string) => (assignment: GuardrailMemberAssignment) => ({
    id: assignment.id,
    guardrail_id: assignment.guardrailId,
    user_id: assignment.userId,
    organization_id: accountId,
    assigned_by: assignment.assignedBy,
    created_at: assignment.assignedAt,
  });
  const listMembers = async (exchange: HttpExchange, guardrailId?: string) => {
    const accountId = exchange.principal.account.id;
    if (guardrailId !== undefined) await found(accountId, guardrailId);
    const { offset, limit } = pageQuery(exchange.query);
    const all = await services.controlPlane.organization.listGuardrailMemberAssignments(accountId, guardrailId);
    exchange.sendJson(200, { data: all.slice(offset, offset + limit).map(memberAssignmentJson(accountId)), total_count: all.length });
  };
  return [
    {
      method: 'GET',
      path: '/api/v1/guardrails/assignments/members',
      access: 'management',
      handler: async (exchange) => listMembers(exchange),
    },
    {
      method: 'GET',
      path: '/api/v1/guardrails/:id/assignments/members',
      access: 'management',
      handler: async (exchange, { id }) => listMembers(exchange, id!),
    },
    {
      method: 'POST',
      path: '/api/v1/guardrails/:id/assignments/members',
      access: 'management',
      body: 'json',
      handler: async (exchange, { id }) => {
        const accountId = exchange.principal.account.id;
        await found(accountId, id!);
        const members = await namedMembers(services, accountId, expectObject(exchange.json, 'body').member_user_ids, 'member_user_ids');
        const userIds = members.map((member) => member.id);
        const assigned = await services.controlPlane.organization.assignGuardrailMembers(id!, userIds, exchange.principal.key?.creatorUserId ?? null);
        changed();
        exchange.sendJson(200, { assigned_count: assigned });
      },
    },
    {
      method: 'POST',
      path: '/api/v1/guardrails/:id/assignments/members/remove',
      access: 'management',
      body: 'json',
      handler: async (exchange, { id }) => {
        const accountId = exchange.principal.account.id;
        await found(accountId, id!);
        const userIds = expectStringArray(expectObject(exchange.json, 'body').member_user_ids, 'member_user_ids', 1_000);
        const removed = await services.controlPlane.organization.unassignGuardrailMembers(id!, userIds);
        changed();
        exchange.sendJson(200, { unassigned_count: removed });
      },
    },
    {
      method: 'GET',
      path: '/api/v1/guardrails',
      access: 'management',
      handler: async (exchange) => {
        const { offset, limit } = pageQuery(exchange.query);
        const all = await services.controlPlane.listGuardrails(exchange.principal.account.id);
        exchange.sendJson(200, { data: all.slice(offset, offset + limit).map(guardrailJson), total_count: all.length });
      },
    },
    {
      method: 'POST',
      path: '/api/v1/guardrails',
      access: 'management',
      body: 'json',
      handler: async (exchange) => {
        const fields = guardrailFields(expectObject(exchange.json, 'body'));
        if (fields.name === undefined) throw new GatewayError('invalid_request', 'name: required', { metadata: { param: 'name' } });
        const guardrail = await services.controlPlane.createGuardrail({
          id: randomUUID(),
          accountId: exchange.principal.account.id,
          ...guardrailDefaults,
          ...fields,
          name: fields.name,
        });
        exchange.sendJson(201, { data: guardrailJson(guardrail) });
      },
    },
    {
      method: 'GET',
      path: '/api/v1/guardrails/assignments/keys',
      access: 'management',
      handler: async (exchange) => {
        const { offset, limit } = pageQuery(exchange.query);
        const all = await services.controlPlane.listGuardrailKeyAssignments(exchange.principal.account.id);
        exchange.sendJson(200, { data: all.slice(offset, offset + limit).map(assignmentJson), total_count: all.length });
      },
    },
    {
      method: 'GET',
      path: '/api/v1/guardrails/:id',
      access: 'management',
      handler: async (exchange, { id }) => exchange.sendJson(200, { data: guardrailJson(await found(exchange.principal.account.id, id!)) }),
    },
    {
      method: 'PATCH',
      path: '/api/v1/guardrails/:id',
      access: 'management',
      body: 'json',
      handler: async (exchange, { id }) => {
        const accountId = exchange.principal.account.id;
        await found(accountId, id!);
        const updated = await services.controlPlane.updateGuardrail(accountId, id!, guardrailFields(expectObject(exchange.json, 'body')));
        changed();
        exchange.sendJson(200, { data: guardrailJson(updated!) });
      },
    },
    {
      method: 'DELETE',
      path: '/api/v1/guardrails/:id',
      access: 'management',
      handler: async (exchange, { id }) => {
        if (!(await services.controlPlane.deleteGuardrail(exchange.principal.account.id, id!))) throw new GatewayError('not_found', `Guardrail ${id!.slice(0, 64)} not found`);
        changed();
        exchange.sendJson(200, { deleted: true });
      },
    },
    {
      method: 'GET',
      path: '/api/v1/guardrails/:id/assignments/keys',
      access: 'management',
      handler: async (exchange, { id }) => {
        const accountId = exchange.principal.account.id;
        await found(accountId, id!);
        const { offset, limit } = pageQuery(exchange.query);
        const all = await services.controlPlane.listGuardrailKeyAssignments(accountId, id!);
        exchange.sendJson(200, { data: all.slice(offset, offset + limit).map(assignmentJson), total_count: all.length });
      },
    },
    {
      method: 'POST',
      path: '/api/v1/guardrails/:id/assignments/keys',
      access: 'management',
      body: 'json',
      handler: async (exchange, { id }) => {
        const accountId = exchange.principal.account.id;
        await found(accountId, id!);
        const hashes = hashesOf(expectObject(exchange.json, 'body'));
        // Only the account's own keys can be assigned; another account's hash is refused by name.
        for (const hash of hashes) {
          const key = await services.controlPlane.getKey(hash);
          if (!key || key.accountId !== accountId) throw new GatewayError('invalid_request', `key_hashes: no key ${hash.slice(0, 64)} in this account`, { metadata: { param: 'key_hashes' } });
        }
        const assigned = await services.controlPlane.assignGuardrailKeys(accountId, id!, hashes);
        changed();
        exchange.sendJson(200, { assigned_count: assigned });
      },
    },
    {
      method: 'POST',
      path: '/api/v1/guardrails/:id/assignments/keys/remove',
      access: 'management',
      body: 'json',
      handler: async (exchange, { id }) => {
        const accountId = exchange.principal.account.id;
        await found(accountId, id!);
        const removed = await services.controlPlane.unassignGuardrailKeys(accountId, id!, hashesOf(expectObject(exchange.json, 'body')));
        changed();
        exchange.sendJson(200, { unassigned_count: removed });
      },
    },
  ];
}
