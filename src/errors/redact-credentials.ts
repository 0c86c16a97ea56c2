/**
 * Text from outside (a provider's error body, a transport error) with anything that looks like a
 * credential replaced by "[redacted]", before it is relayed to a client or written to a log: a
 * provider that echoes the key it was sent must not hand it to every caller.
 */
const patterns: readonly RegExp[] = [
  // OpenAI, Anthropic, OpenRouter and Switchboard keys: sk-…, sk-ant-…, sk-or-v1-…, sk-sb-v1-…
  /\bsk-[A-Za-z0-9_-]{8,}/g,
  // Google API keys
  /\bAIza[0-9A-Za-z_-]{20,}/g,
  // AWS access key ids
  /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g,
  // GitHub, Slack and Hugging Face tokens
  /\b(?:gh[pousr]_[A-Za-z0-9]{20,}|xox[abprs]-[A-Za-z0-9-]{10,}|hf_[A-Za-z0-9]{20,})/g,
  // JSON Web Tokens
  /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g,
];

const bearer = /\b(Bearer|Basic|Token)(\s+)[A-Za-z0-9._~+/=-]{6,}/gi;
const named =
  /(["']?(?:api[_-]?key|x-api-key|access[_-]?token|auth[_-]?token|token|secret|password|authorization|key)["']?\s*[:=]\s*["']?)(?!Bearer\b|Basic\b|Token\b|\[redacted\])([^"'\s&,;}]{6,})/gi;
const urlCredentials = /(\b[a-z][a-z0-9+.-]*:\/\/)[^/\s:@]+:[^/\s@]+@/gi;

export function redactCredentials(text: string): string {
  let result = text.replace(urlCredentials, '$1[redacted]@');
  result = result.replace(bearer, '$1$2[redacted]');
  result = result.replace(named, '$1[redacted]');
  for (const pattern of patterns) result = result.replace(pattern, '[redacted]');
  return result;
}

/** At most `maxCharacters` of a text, marked when cut. */
export function truncateText(text: string, maxCharacters: number): string {
  return text.length <= maxCharacters ? text : `${text.slice(0, maxCharacters)}… (${text.length - maxCharacters} more characters)`;
}
