import type { ApiKey } from '../spec/account.js';
import type { SpendLimit } from '../spec/guardrail.js';
import { memberScope, type SpendScope, workspaceScope } from '../spec/workspace.js';

/**
 * Every limit a key's spending is held to: its own (with its reset and include_byok_in_limit);
 * each guardrail assigned to the key (OpenRouter checks a guardrail's budget per key: the lower
 * wins); each guardrail assigned to the member who made the key (counting that member's keys
 * together); and each budget of the key's workspace (counting the workspace's keys together).
 */
export function spendLimitsOf(key: ApiKey): SpendLimit[] {
  const limits: SpendLimit[] = [];
  if (key.limitNano !== null) limits.push({ limitNano: key.limitNano, reset: key.limitReset, includeByok: key.includeByokInLimit, source: 'key', scope: null });
  for (const guardrail of key.guardrails ?? []) {
    if (guardrail.limitNano !== null) limits.push({ limitNano: guardrail.limitNano, reset: guardrail.resetInterval, includeByok: guardrail.includeByokInBudgets, source: guardrail.id, scope: null });
  }
  if (key.creatorUserId !== null) {
    for (const guardrail of key.memberGuardrails ?? []) {
      if (guardrail.limitNano !== null)
        limits.push({ limitNano: guardrail.limitNano, reset: guardrail.resetInterval, includeByok: guardrail.includeByokInBudgets, source: guardrail.id, scope: memberScope(key.creatorUserId) });
    }
  }
  for (const budget of key.workspaceBudgets ?? []) {
    limits.push({
      limitNano: budget.limitNano,
      reset: budget.interval === 'lifetime' ? null : budget.interval,
      includeByok: key.workspace?.includeByokInBudgets ?? false,
      source: workspaceScope(key.workspaceId),
      scope: workspaceScope(key.workspaceId),
    });
  }
  return limits;
}

/** The groups of keys a key's spending counts toward: its workspace, and its creator's keys. */
export function spendScopesOf(key: Pick<ApiKey, 'workspaceId' | 'creatorUserId'>): SpendScope[] {
  return key.creatorUserId === null ? [workspaceScope(key.workspaceId)] : [workspaceScope(key.workspaceId), memberScope(key.creatorUserId)];
}
