import { randomUUID } from 'node:crypto';
import { fromNanoDollars, toNanoDollars } from '../../accounting/pricing.js';
import { GatewayError } from '../../errors/gateway-error.js';
import { utcDay } from '../../spec/limit-period.js';
import { budgetIntervals, defaultWorkspaceId, workspaceDefaults, type Workspace, type WorkspaceBudget, type WorkspaceMembership, workspaceScope } from '../../spec/workspace.js';
import type { WorkspacePatch } from '../../storage/control-plane/organization-store.js';
import { expectBoolean, expectEnum, expectNumber, expectObject, expectString, expectStringArray } from '../../wire/request-validation.js';
import type { GatewayServices } from '../gateway-services.js';
import type { HttpExchange } from '../http/http-exchange.js';
import type { Route } from '../http/route-table.js';
import { namedMembers } from './account-members.js';
import { pageQuery } from './page-query.js';

const providerSorts = ['price', 'throughput', 'latency'] as const;

function workspaceJson(workspace: Workspace): Record<string, unknown> {
  return {
    id: workspace.id,
    name: workspace.name,
    slug: workspace.slug,
    description: workspace.description,
    default_text_model: workspace.defaultTextModel,
    default_image_model: workspace.defaultImageModel,
    default_provider_sort: workspace.defaultProviderSort,
    // No workspace guardrail is materialized here: the id is where one would be (OpenRouter derives it the same way).
    default_guardrail_id: `${workspace.id}-default-guardrail`,
    include_byok_in_budgets: workspace.includeByokInBudgets,
    is_observability_broadcast_enabled: workspace.isObservabilityBroadcastEnabled,
    is_observability_io_logging_enabled: workspace.ioLoggingEnabled,
    io_logging_api_key_ids: null,
    io_logging_sampling_rate: workspace.ioLoggingSamplingRate,
    is_data_discount_logging_enabled: false,
    disabled_server_tools: null,
    created_by: workspace.createdBy,
    created_at: workspace.createdAt,
    updated_at: workspace.updatedAt,
  };
}

function membershipJson(membership: WorkspaceMembership): Record<string, unknown> {
  return { id: membership.id, workspace_id: membership.workspaceId, user_id: membership.userId, role: membership.role, created_at: membership.createdAt };
}

/**
 * OpenRouter's workspaces (management key): CRUD, members (bulk add and remove, listing) and budgets
 * per interval (daily, weekly, monthly, lifetime). A budget counts every key of the workspace
 * together and is enforced by the same ledger as key limits (atomically, on every node): a request
 * that could take the workspace past a budget is refused with 402 before any provider is called.
 */
export function workspaceRoutes(services: GatewayServices): Route[] {
  const organization = services.controlPlane.organization;
  const found = async (accountId: string, reference: string) => {
    const workspace = await organization.getWorkspace(accountId, reference);
    if (!workspace) throw new GatewayError('not_found', `Workspace ${reference.slice(0, 64)} not found`);
    return workspace;
  };
  /** The signed-in account and the workspace a path names (a 404 when it is not the account's). */
  const target = async (exchange: HttpExchange, reference: string) => {
    const accountId = exchange.principal.account.id;
    return { accountId, workspace: await found(accountId, reference) };
  };
  // Keys carry their workspace's defaults and budgets: every node reads its keys again.
  const changed = () => services.authenticator.invalidate('*');

  /** The fields a create or update sets, checked; what Switchboard cannot do is refused by name rather than ignored. */
  const fieldsOf = (body: Record<string, unknown>): WorkspacePatch => {
    const patch: WorkspacePatch = {};
    if (body.name !== undefined) patch.name = expectString(body.name, 'name', { nonEmpty: true, maxLength: 200 });
    if (body.slug !== undefined) {
      const slug = expectString(body.slug, 'slug', { nonEmpty: true, maxLength: 64 });
      if (!/^[a-z0-9][a-z0-9-]*$/.test(slug))
        throw new GatewayError('invalid_request', 'slug: lower-case letters, digits and dashes, starting with a letter or digit', { metadata: { param: 'slug' } });
      patch.slug = slug;
    }
    if (body.description !== undefined) patch.description = body.description === null ? null : expectString(body.description, 'description', { maxLength: 2_000 });
    for (const [field, property] of [
      ['default_text_model', 'defaultTextModel'],
      ['default_image_model', 'defaultImageModel'],
    ] as const) {
      const value = body[field];
      if (value === undefined) continue;
      if (value === null) {
        patch[property] = null;
        continue;
      }
      const model = expectString(value, field, { nonEmpty: true, maxLength: 200 });
      if (!services.catalog.resolve(model)) throw new GatewayError('invalid_request', `${field}: no model ${model.slice(0, 100)} in this gateway's catalog`, { metadata: { param: field } });
      patch[property] = model;
    }
    if (body.default_provider_sort !== undefined)
      patch.defaultProviderSort = body.default_provider_sort === null ? null : expectEnum(body.default_provider_sort, 'default_provider_sort', providerSorts);
    if (body.is_observability_broadcast_enabled !== undefined) patch.isObservabilityBroadcastEnabled = expectBoolean(body.is_observability_broadcast_enabled, 'is_observability_broadcast_enabled');
    if (body.is_observability_io_logging_enabled !== undefined) {
      const on = expectBoolean(body.is_observability_io_logging_enabled, 'is_observability_io_logging_enabled');
      if (on && !services.generationContent.available)
        throw new GatewayError('byok_unavailable', "Prompt logging keeps the text sealed with the gateway's encryption key, which its operator has not set (byok.encryption_key_env)");
      patch.ioLoggingEnabled = on;
    }
    if (body.io_logging_sampling_rate !== undefined) patch.ioLoggingSamplingRate = expectNumber(body.io_logging_sampling_rate, 'io_logging_sampling_rate', { min: 0.0001, max: 1 });
    if (Array.isArray(body.io_logging_api_key_ids) && body.io_logging_api_key_ids.length > 0)
      throw new GatewayError('invalid_request', 'io_logging_api_key_ids: Switchboard logs a whole workspace (or a sample of it); put the keys to log in a workspace of their own', {
        metadata: { param: 'io_logging_api_key_ids' },
      });
    if (body.is_data_discount_logging_enabled === true)
      throw new GatewayError('invalid_request', 'is_data_discount_logging_enabled: Switchboard sells no data; only false is accepted', { metadata: { param: 'is_data_discount_logging_enabled' } });
    if (Array.isArray(body.disabled_server_tools) && body.disabled_server_tools.length > 0)
      throw new GatewayError('invalid_request', 'disabled_server_tools: Switchboard runs no server tools; only null or [] is accepted', { metadata: { param: 'disabled_server_tools' } });
    return patch;
  };

  const budgetJson = async (accountId: string, budget: WorkspaceBudget, includeByok: boolean) => {
    // What the workspace's keys have spent in the budget's period, as settled in the control plane.
    const spent = await services.controlPlane.scopeUsage(accountId, workspaceScope(budget.workspaceId), utcDay(services.now()));
    const period =
      budget.interval === 'daily'
        ? spent.dailyNano + (includeByok ? spent.byokDailyNano : 0)
        : budget.interval === 'weekly'
          ? spent.weeklyNano + (includeByok ? spent.byokWeeklyNano : 0)
          : budget.interval === 'monthly'
            ? spent.monthlyNano + (includeByok ? spent.byokMonthlyNano : 0)
            : spent.totalNano + (includeByok ? spent.byokTotalNano : 0);
    return {
      id: budget.id,
      workspace_id: budget.workspaceId,
      limit_usd: fromNanoDollars(budget.limitNano),
      reset_interval: budget.interval === 'lifetime' ? null : budget.interval,
      usage_usd: fromNanoDollars(period),
      remaining_usd: fromNanoDollars(Math.max(0, budget.limitNano - period)),
      created_at: budget.createdAt,
      updated_at: budget.updatedAt,
    };
  };
  const intervalOf = (value: string) => expectEnum(value, 'interval', budgetIntervals);

  return [
    {
      method: 'GET',
      path: '/api/v1/workspaces',
      access: 'management',
      handler: async (exchange) => {
        const { offset, limit } = pageQuery(exchange.query);
        const { workspaces, total } = await organization.listWorkspaces(exchange.principal.account.id, { offset, limit });
        exchange.sendJson(200, { data: workspaces.map(workspaceJson), total_count: total });
      },
    },
    {
      method: 'POST',
      path: '/api/v1/workspaces',
      access: 'management',
      body: 'json',
      handler: async (exchange) => {
        const fields = fieldsOf(expectObject(exchange.json, 'body'));
        if (fields.name === undefined) throw new GatewayError('invalid_request', 'name: required', { metadata: { param: 'name' } });
        if (fields.slug === undefined) throw new GatewayError('invalid_request', 'slug: required', { metadata: { param: 'slug' } });
        const workspace = await organization.createWorkspace({
          id: randomUUID(),
          accountId: exchange.principal.account.id,
          ...workspaceDefaults,
          createdBy: exchange.principal.key?.creatorUserId ?? null,
          ...fields,
          name: fields.name,
          slug: fields.slug,
        });
        if (!workspace) throw new GatewayError('conflict', `slug: this account already has a workspace ${fields.slug}`, { metadata: { param: 'slug' } });
        exchange.sendJson(201, { data: workspaceJson(workspace) });
      },
    },
    {
      method: 'GET',
      path: '/api/v1/workspaces/:id',
      access: 'management',
      handler: async (exchange, { id }) => exchange.sendJson(200, { data: workspaceJson(await found(exchange.principal.account.id, id!)) }),
    },
    {
      method: 'PATCH',
      path: '/api/v1/workspaces/:id',
      access: 'management',
      body: 'json',
      handler: async (exchange, { id }) => {
        const { accountId, workspace } = await target(exchange, id!);
        const fields = fieldsOf(expectObject(exchange.json, 'body'));
        if (workspace.id === defaultWorkspaceId && fields.slug !== undefined && fields.slug !== defaultWorkspaceId)
          throw new GatewayError('invalid_request', 'slug: the default workspace keeps its slug', { metadata: { param: 'slug' } });
        const updated = await organization.updateWorkspace(accountId, workspace.id, fields);
        if (updated === 'slug_taken') throw new GatewayError('conflict', `slug: this account already has a workspace ${fields.slug}`, { metadata: { param: 'slug' } });
        changed();
        exchange.sendJson(200, { data: workspaceJson(updated ?? workspace) });
      },
    },
    {
      method: 'DELETE',
      path: '/api/v1/workspaces/:id',
      access: 'management',
      handler: async (exchange, { id }) => {
        const { accountId, workspace } = await target(exchange, id!);
        if (workspace.id === defaultWorkspaceId) throw new GatewayError('invalid_request', 'The default workspace cannot be deleted');
        const keys = await organization.countWorkspaceKeys(accountId, workspace.id);
        if (keys > 0) throw new GatewayError('conflict', `Workspace ${workspace.slug} still has ${keys} key(s): delete them first`);
        await organization.deleteWorkspace(accountId, workspace.id);
        changed();
        exchange.sendJson(200, { deleted: true });
      },
    },
    {
      method: 'GET',
      path: '/api/v1/workspaces/:id/members',
      access: 'management',
      handler: async (exchange, { id }) => {
        const { accountId, workspace } = await target(exchange, id!);
        const { offset, limit } = pageQuery(exchange.query);
        const { memberships, total } = await organization.listWorkspaceMembers(accountId, workspace.id, { offset, limit });
        exchange.sendJson(200, { data: memberships.map(membershipJson), total_count: total });
      },
    },
    {
      method: 'POST',
      path: '/api/v1/workspaces/:id/members/add',
      access: 'management',
      body: 'json',
      handler: async (exchange, { id }) => {
        const { accountId, workspace } = await target(exchange, id!);
        const members = await namedMembers(services, accountId, expectObject(exchange.json, 'body').user_ids, 'user_ids');
        const memberships = await organization.addWorkspaceMembers(accountId, workspace.id, members);
        exchange.sendJson(200, { added_count: memberships.length, data: memberships.map(membershipJson) });
      },
    },
    {
      method: 'POST',
      path: '/api/v1/workspaces/:id/members/remove',
      access: 'management',
      body: 'json',
      handler: async (exchange, { id }) => {
        const { accountId, workspace } = await target(exchange, id!);
        const userIds = expectStringArray(expectObject(exchange.json, 'body').user_ids, 'user_ids', 1_000);
        exchange.sendJson(200, { removed_count: await organization.removeWorkspaceMembers(accountId, workspace.id, userIds) });
      },
    },
    {
      method: 'GET',
      path: '/api/v1/workspaces/:id/budgets',
      access: 'management',
      handler: async (exchange, { id }) => {
        const { accountId, workspace } = await target(exchange, id!);
        const budgets = await organization.listWorkspaceBudgets(accountId, workspace.id);
        exchange.sendJson(200, {
          data: await Promise.all(budgets.map((budget) => budgetJson(accountId, budget, workspace.includeByokInBudgets))),
          include_byok_in_budgets: workspace.includeByokInBudgets,
        });
      },
    },
    {
      method: 'GET',
      path: '/api/v1/workspaces/:id/budgets/:interval',
      access: 'management',
      handler: async (exchange, { id, interval }) => {
        const { accountId, workspace } = await target(exchange, id!);
        const wanted = intervalOf(interval!);
        const budget = (await organization.listWorkspaceBudgets(accountId, workspace.id)).find((candidate) => candidate.interval === wanted);
        if (!budget) throw new GatewayError('not_found', `Workspace ${workspace.slug} has no ${wanted} budget`);
        exchange.sendJson(200, { data: await budgetJson(accountId, budget, workspace.includeByokInBudgets), include_byok_in_budgets: workspace.includeByokInBudgets });
      },
    },
    {
      method: 'PUT',
      path: '/api/v1/workspaces/:id/budgets/:interval',
      access: 'management',
      body: 'json',
      handler: async (exchange, { id, interval }) => {
        const { accountId, workspace } = await target(exchange, id!);
        const wanted = intervalOf(interval!);
        const body = expectObject(exchange.json, 'body');
        const limitNano = toNanoDollars(expectNumber(body.limit_usd, 'limit_usd', { min: 0, max: 1e9 }));
        if (limitNano <= 0) throw new GatewayError('invalid_request', 'limit_usd: must be greater than 0', { metadata: { param: 'limit_usd' } });
        const includeByok = body.include_byok_in_budgets === undefined ? undefined : expectBoolean(body.include_byok_in_budgets, 'include_byok_in_budgets');
        const budget = await organization.upsertWorkspaceBudget(accountId, workspace.id, wanted, limitNano, includeByok);
        changed();
        const counted = includeByok ?? workspace.includeByokInBudgets;
        exchange.sendJson(200, { data: await budgetJson(accountId, budget, counted), include_byok_in_budgets: counted });
      },
    },
    {
      method: 'DELETE',
      path: '/api/v1/workspaces/:id/budgets/:interval',
      access: 'management',
      handler: async (exchange, { id, interval }) => {
        const { accountId, workspace } = await target(exchange, id!);
        await organization.deleteWorkspaceBudget(accountId, workspace.id, intervalOf(interval!));
        changed();
        exchange.sendJson(200, { deleted: true });
      },
    },
  ];
}
