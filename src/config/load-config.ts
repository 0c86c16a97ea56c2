import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { configSchema, type SwitchboardConfig } from './config-schema.js';

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export interface LoadConfigOptions {
  /** Path of the YAML file; defaults to $SWITCHBOARD_CONFIG, then ./switchboard.yaml when it exists. */
  path?: string;
  environment?: NodeJS.ProcessEnv;
  /** Values that win over the file and the environment (command-line flags, tests). */
  overrides?: Record<string, unknown>;
}

/** Short environment variables for the settings people change most. */
const environmentAliases: Record<string, string[]> = {
  SWITCHBOARD_HOST: ['server', 'host'],
  SWITCHBOARD_PORT: ['server', 'port'],
  SWITCHBOARD_DATA_DIR: ['data_dir'],
  SWITCHBOARD_LOG_LEVEL: ['logging', 'level'],
  SWITCHBOARD_SECRETS_FILE: ['secrets_file'],
  SWITCHBOARD_METRICS_TOKEN: ['metrics', 'token'],
};

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path.at(-1)!] = value;
}

function mergeDeep(base: Record<string, unknown>, extra: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    const existing = result[key];
    if (value && typeof value === 'object' && !Array.isArray(value) && existing && typeof existing === 'object' && !Array.isArray(existing)) {
      result[key] = mergeDeep(existing as Record<string, unknown>, value as Record<string, unknown>);
    } else {
      result[key] = value;
    }
  }
  return result;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/** Environment overrides: SWITCHBOARD__SERVER__PORT=9000 sets server.port; values are read as YAML scalars. */
function environmentOverrides(environment: NodeJS.ProcessEnv): { values: Record<string, unknown>; sources: Map<string, string> } {
  const values: Record<string, unknown> = {};
  const sources = new Map<string, string>();
  const apply = (name: string, path: string[], raw: string) => {
    let value: unknown = raw;
    try {
      value = parseYaml(raw);
    } catch {
      value = raw;
    }
    setPath(values, path, value);
    sources.set(path.join('.'), name);
  };
  for (const [name, path] of Object.entries(environmentAliases)) {
    const raw = environment[name];
    if (raw !== undefined && raw !== '') apply(name, path, raw);
  }
  for (const [name, raw] of Object.entries(environment)) {
    if (!name.startsWith('SWITCHBOARD__') || raw === undefined) continue;
    const path = name.slice('SWITCHBOARD__'.length).toLowerCase().split('__').filter(Boolean);
    if (path.length > 0) apply(name, path, raw);
  }
  return { values, sources };
}

function describeIssues(issues: z.core.$ZodIssue[], sources: Map<string, string>, file: string | null): string {
  return issues
    .map((issue) => {
      const key = issue.path.map(String).join('.') || '(root)';
      const origin = sources.get(key) ?? (file ? file : 'defaults');
      const unknownKeys = issue.code === 'unrecognized_keys' ? ` (${issue.keys.map((name) => (key === '(root)' ? name : `${key}.${name}`)).join(', ')})` : '';
      return `  - ${key}: ${issue.message}${unknownKeys} [from ${origin}]`;
    })
    .join('\n');
}

/** Reads, merges (file < environment < overrides), validates and freezes the configuration. */
export function loadConfig(options: LoadConfigOptions = {}): SwitchboardConfig & { readonly configPath: string | null } {
  const environment = options.environment ?? process.env;
  const explicitPath = options.path ?? environment.SWITCHBOARD_CONFIG;
  const path = explicitPath ? resolve(explicitPath) : existsSync('switchboard.yaml') ? resolve('switchboard.yaml') : null;

  let fromFile: Record<string, unknown> = {};
  if (path) {
    if (!existsSync(path)) throw new ConfigError(`config file not found: ${path}`);
    let parsed: unknown;
    try {
      parsed = parseYaml(readFileSync(path, 'utf8'));
    } catch (error) {
      throw new ConfigError(`config file ${path} is not valid YAML: ${(error as Error).message}`);
    }
    if (parsed !== null && parsed !== undefined && (typeof parsed !== 'object' || Array.isArray(parsed))) {
      throw new ConfigError(`config file ${path} must hold a mapping of settings`);
    }
    fromFile = (parsed ?? {}) as Record<string, unknown>;
    rejectInlineSecrets(fromFile, path);
  }

  const fromEnvironment = environmentOverrides(environment);
  const merged = mergeDeep(mergeDeep(fromFile, fromEnvironment.values), options.overrides ?? {});
  const result = configSchema.safeParse(merged);
  if (!result.success) {
    throw new ConfigError(`invalid configuration:\n${describeIssues(result.error.issues, fromEnvironment.sources, path)}`);
  }
  return deepFreeze({ ...result.data, configPath: path });
}

/** Keys that would hold a secret in the file itself; secrets come from the environment or the secrets file only. */
function rejectInlineSecrets(value: unknown, path: string, trail: string[] = []): void {
  if (!value || typeof value !== 'object') return;
  for (const [key, child] of Object.entries(value)) {
    const here = [...trail, key];
    if (/^(api_key|password|secret|token)$/i.test(key)) {
      throw new ConfigError(`${path}: ${here.join('.')} holds a secret in the config file; name an environment variable (${key}_env) or a secrets-file entry (${key}_secret) instead`);
    }
    rejectInlineSecrets(child, path, here);
  }
}
