import { existsSync, readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { ConfigError } from './load-config.js';

/**
 * Secrets come only from environment variables or a secrets file (a YAML mapping of names to
 * values, kept out of version control). They are read per use and never logged.
 */
export class Secrets {
  private readonly fileValues: Record<string, string>;

  constructor(
    private readonly environment: NodeJS.ProcessEnv = process.env,
    secretsFile?: string,
  ) {
    this.fileValues = {};
    if (secretsFile) {
      if (!existsSync(secretsFile)) throw new ConfigError(`secrets_file not found: ${secretsFile}`);
      const parsed = parseYaml(readFileSync(secretsFile, 'utf8')) as unknown;
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
        for (const [name, value] of Object.entries(parsed)) this.fileValues[name] = String(value);
      } else if (parsed != null) {
        throw new ConfigError(`secrets_file ${secretsFile} must hold a mapping of names to values`);
      }
    }
  }

  /** Resolves a secret named by an environment variable and/or a secrets-file entry; undefined when neither is set. */
  resolve(reference: { env?: string | undefined; secret?: string | undefined }): string | undefined {
    if (reference.env) {
      const value = this.environment[reference.env];
      if (value) return value;
    }
    if (reference.secret) return this.fileValues[reference.secret];
    return undefined;
  }
}
