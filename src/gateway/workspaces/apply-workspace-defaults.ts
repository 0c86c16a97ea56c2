import type { Workspace } from '../../spec/workspace.js';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A request body with its workspace's defaults where it sets none: the workspace's default text
 * model when it names no model (nor `models`), the workspace's provider sort when its `provider`
 * has no `sort`. What the request sets always wins. Anything that is not an object is left for the
 * format's parser to refuse.
 */
export function applyWorkspaceDefaults(json: unknown, workspace: Workspace | undefined): unknown {
  if (!workspace || !isObject(json)) return json;
  let body = json;
  if (workspace.defaultTextModel !== null && (body.model === undefined || body.model === null) && (body.models === undefined || body.models === null)) {
    body = { ...body, model: workspace.defaultTextModel };
  }
  if (workspace.defaultProviderSort !== null && (body.provider === undefined || body.provider === null || (isObject(body.provider) && body.provider.sort === undefined))) {
    body = { ...body, provider: { ...(isObject(body.provider) ? body.provider : {}), sort: workspace.defaultProviderSort } };
  }
  return body;
}
