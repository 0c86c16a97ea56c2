import { GatewayError } from '../../errors/gateway-error.js';
import { type Preset, type PresetVersion, presetSlugPattern } from '../../spec/preset.js';
import type { GatewayServices } from '../gateway-services.js';
import type { Route } from '../http/route-table.js';
import { type PresetFormat, presetFromBody } from '../presets/apply-preset.js';
import { checkPresetConfig } from '../presets/check-preset.js';
import { defaultWorkspaceId } from '../../spec/workspace.js';

function presetJson(preset: Preset): Record<string, unknown> {
  return {
    id: preset.id,
    slug: preset.slug,
    name: preset.name,
    description: preset.description,
    status: preset.status,
    designated_version_id: preset.designatedVersionId,
    created_at: preset.createdAt,
    updated_at: preset.updatedAt,
    status_updated_at: preset.statusUpdatedAt,
    creator_user_id: null,
    workspace_id: defaultWorkspaceId,
  };
}

function versionJson(version: PresetVersion): Record<string, unknown> {
  return {
    id: version.id,
    preset_id: version.presetId,
    version: version.version,
    config: version.config,
    system_prompt: version.systemPrompt,
    creator_id: version.creatorId,
    created_at: version.createdAt,
    updated_at: version.updatedAt,
  };
}

function checkedSlug(slug: string): string {
  if (!presetSlugPattern.test(slug)) throw new GatewayError('invalid_request', 'slug: lower-case letters, digits, - and _, at most 64', { metadata: { param: 'slug' } });
  return slug;
}

const notFound = (slug: string) => new GatewayError('not_found', `Preset ${slug} not found`);

/**
 * OpenRouter's presets: GET /presets, /presets/{slug}, /presets/{slug}/versions[/{version}], and
 * POST /presets/{slug}/chat/completions|responses|messages, which keep a request body's settings
 * and system prompt as the preset's next version (made with the first). Requests use a preset by
 * `model: "@preset/<slug>"` or `preset: "<slug>"` (routes/generation-endpoint.ts).
 */
export function presetRoutes(services: GatewayServices): Route[] {
  const save = (format: Exclude<PresetFormat, 'completions'>, suffix: string): Route => ({
    method: 'POST',
    path: `/api/v1/presets/:slug/${suffix}`,
    access: 'account',
    body: 'json',
    handler: async (exchange, { slug }) => {
      const auth = exchange.principal;
      const { config, systemPrompt } = presetFromBody(exchange.json, format);
      // The saved settings must make a valid request of this format once merged.
      checkPresetConfig(config, format);
      const saved = await services.controlPlane.savePresetVersion({
        accountId: auth.account.id,
        slug: checkedSlug(slug!),
        config,
        systemPrompt,
        creatorId: auth.key?.hash ?? 'local',
      });
      exchange.sendJson(200, { data: { ...presetJson(saved.preset), designated_version: versionJson(saved.version) } });
    },
  });
  return [
    {
      method: 'GET',
      path: '/api/v1/presets',
      access: 'account',
      handler: async (exchange) => {
        const presets = await services.controlPlane.listPresets(exchange.principal.account.id);
        exchange.sendJson(200, { data: presets.map(presetJson), total_count: presets.length });
      },
    },
    {
      method: 'GET',
      path: '/api/v1/presets/:slug',
      access: 'account',
      handler: async (exchange, { slug }) => {
        const found = await services.controlPlane.getPreset(exchange.principal.account.id, checkedSlug(slug!));
        if (!found) throw notFound(slug!);
        exchange.sendJson(200, { data: { ...presetJson(found.preset), designated_version: found.designated ? versionJson(found.designated) : null } });
      },
    },
    {
      method: 'GET',
      path: '/api/v1/presets/:slug/versions',
      access: 'account',
      handler: async (exchange, { slug }) => {
        const versions = await services.controlPlane.listPresetVersions(exchange.principal.account.id, checkedSlug(slug!));
        if (!versions) throw notFound(slug!);
        exchange.sendJson(200, { data: versions.map(versionJson), total_count: versions.length });
      },
    },
    {
      method: 'GET',
      path: '/api/v1/presets/:slug/versions/:version',
      access: 'account',
      handler: async (exchange, { slug, version }) => {
        const number = Number(version);
        if (!Number.isSafeInteger(number) || number < 1) throw new GatewayError('invalid_request', 'version: expected a positive integer', { metadata: { param: 'version' } });
        const found = await services.controlPlane.getPresetVersion(exchange.principal.account.id, checkedSlug(slug!), number);
        if (!found) throw new GatewayError('not_found', `Preset ${slug} has no version ${number}`);
        exchange.sendJson(200, { data: versionJson(found) });
      },
    },
    save('chat', 'chat/completions'),
    save('responses', 'responses'),
    save('messages', 'messages'),
  ];
}
