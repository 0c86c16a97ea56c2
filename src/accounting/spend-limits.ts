import type { ApiKey } from '../spec/account.js';
import type { SpendLimit } from '../spec/guardrail.js';

/**
 * Every limit a key's spending is held to: its own (with its reset and include_byok_in_limit), and
 * each assigned guardrail's (OpenRouter checks a guardrail's budget per key: the lower wins).
 */
export function spendLimitsOf(key: ApiKey): SpendLimit[] {
  const limits: SpendLimit[] = [];
  if (key.limitNano !== null) limits.push({ limitNano: key.limitNano, reset: key.limitReset, includeByok: key.includeByokInLimit, source: 'key' });
  for (const guardrail of key.guardrails ?? []) {
    if (guardrail.limitNano !== null) limits.push({ limitNano: guardrail.limitNano, reset: guardrail.resetInterval, includeByok: guardrail.includeByokInBudgets, source: guardrail.id });
  }
  return limits;
}
