import { ByokCipher } from '../../accounts/byok-cipher.js';
import type { SwitchboardConfig } from '../../config/config-schema.js';
import { ConfigError } from '../../config/load-config.js';
import { Secrets } from '../../config/secrets.js';

/** The BYOK cipher under the operator's key (byok.encryption_key_env or _secret); null when none is configured: BYOK is off. */
export function byokCipherFromConfig(config: SwitchboardConfig, environment: NodeJS.ProcessEnv): ByokCipher | null {
  const secret = new Secrets(environment, config.secrets_file).resolve({ env: config.byok.encryption_key_env, secret: config.byok.encryption_key_secret });
  if ((config.byok.encryption_key_env || config.byok.encryption_key_secret) && !secret)
    throw new ConfigError('byok names an encryption key that is not set (the environment variable or secrets-file entry is empty)');
  try {
    return secret ? ByokCipher.fromSecret(secret) : null;
  } catch (error) {
    throw new ConfigError(`byok: ${(error as Error).message}`);
  }
}
