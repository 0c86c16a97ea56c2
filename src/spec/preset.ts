/**
 * A preset: a named, versioned set of request settings (model or models, provider preferences,
 * parameters, a system prompt) that requests use by name (`model: "@preset/<slug>"` or
 * `preset: "<slug>"`), as OpenRouter's presets. Each change makes a new version; the designated
 * version is the one requests get.
 */
export interface Preset {
  id: string;
  accountId: string;
  slug: string;
  name: string;
  description: string | null;
  status: 'active' | 'disabled' | 'archived';
  designatedVersionId: string | null;
  createdAt: string;
  updatedAt: string;
  statusUpdatedAt: string | null;
}

export interface PresetVersion {
  id: string;
  presetId: string;
  /** 1, 2, 3 … per preset. */
  version: number;
  /** Request fields (everything but the conversation): model, models, provider, temperature … */
  config: Record<string, unknown>;
  systemPrompt: string | null;
  /** The key (hash) that made the version. */
  creatorId: string;
  createdAt: string;
  updatedAt: string;
}

/** Letters, digits, dashes and underscores: a preset's slug as URLs and model names carry it. */
export const presetSlugPattern = /^[a-z0-9][a-z0-9_-]{0,63}$/;
