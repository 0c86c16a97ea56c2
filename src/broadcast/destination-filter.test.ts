import { describe, expect, it } from 'vitest';
import { destinationDefaults, type ObservabilityDestination } from '../spec/observability-destination.js';
import { sampleGenerationRecord } from '../../test/helpers/sample-generation-record.js';
import { destinationTakes, inSample } from './destination-filter.js';

const destination: ObservabilityDestination = {
  ...destinationDefaults,
  regions: ['global'],
  id: 'd',
  accountId: 'acme',
  workspaceId: 'default',
  type: 'webhook',
  name: null,
  url: 'https://example.com',
  method: 'POST',
  headerNames: [],
  sealedHeaders: null,
  createdAt: '',
  updatedAt: '',
};

describe('which generations a destination takes', () => {
  const record = sampleGenerationRecord({ model: 'deepseek/deepseek-r1', tokens_prompt: 100, tokens_completion: 50, total_cost_nano: 2_000_000, session_id: null, key_name: 'prod' });

  it('its account, workspace, keys and regions', () => {
    expect(destinationTakes(destination, record, 'default')).toBe(true);
    expect(destinationTakes({ ...destination, accountId: 'other' }, record, 'default')).toBe(false);
    expect(destinationTakes(destination, record, 'research')).toBe(false);
    expect(destinationTakes({ ...destination, enabled: false }, record, 'default')).toBe(false);
    expect(destinationTakes({ ...destination, apiKeyHashes: ['someone-else'] }, record, 'default')).toBe(false);
    expect(destinationTakes({ ...destination, apiKeyHashes: [record.key_hash] }, record, 'default')).toBe(true);
    expect(destinationTakes({ ...destination, regions: ['europe'] }, record, 'default')).toBe(false);
  });

  it('every group of its rules, each joined by its logic; fields the log has no text for do not exist', () => {
    const rules = (groups: NonNullable<ObservabilityDestination['filterRules']>['groups']) => ({ ...destination, filterRules: { enabled: true, groups } });
    expect(
      destinationTakes(
        rules([
          {
            logic: 'and',
            rules: [
              { field: 'model', operator: 'starts_with', value: 'deepseek/' },
              { field: 'total_tokens', operator: 'gte', value: 150 },
            ],
          },
        ]),
        record,
        'default',
      ),
    ).toBe(true);
    expect(
      destinationTakes(
        rules([
          {
            logic: 'and',
            rules: [
              { field: 'model', operator: 'starts_with', value: 'deepseek/' },
              { field: 'total_cost', operator: 'gt', value: 0.01 },
            ],
          },
        ]),
        record,
        'default',
      ),
    ).toBe(false);
    expect(
      destinationTakes(
        rules([
          {
            logic: 'or',
            rules: [
              { field: 'model', operator: 'equals', value: 'x' },
              { field: 'api_key_name', operator: 'starts_with', value: 'pr' },
            ],
          },
        ]),
        record,
        'default',
      ),
    ).toBe(true);
    expect(destinationTakes(rules([{ logic: 'and', rules: [{ field: 'session_id', operator: 'exists' }] }]), record, 'default')).toBe(false);
    expect(
      destinationTakes(
        rules([
          {
            logic: 'and',
            rules: [
              { field: 'input', operator: 'not_exists' },
              { field: 'output', operator: 'not_contains', value: 'x' },
            ],
          },
        ]),
        record,
        'default',
      ),
    ).toBe(true);
    // Two groups: both must hold.
    expect(
      destinationTakes(
        rules([
          { logic: 'and', rules: [{ field: 'prompt_tokens', operator: 'equals', value: 100 }] },
          { logic: 'and', rules: [{ field: 'completion_tokens', operator: 'lt', value: 50 }] },
        ]),
        record,
        'default',
      ),
    ).toBe(false);
    // Rules switched off: everything goes.
    expect(destinationTakes({ ...destination, filterRules: { enabled: false, groups: [{ logic: 'and', rules: [{ field: 'model', operator: 'equals', value: 'x' }] }] } }, record, 'default')).toBe(
      true,
    );
  });

  it('a sample chosen by generation id: the same answer every time, about the rate asked for', () => {
    const ids = Array.from({ length: 20_000 }, (_, index) => `gen-${index}`);
    const taken = ids.filter((id) => inSample(0.1, id)).length;
    expect(taken / ids.length).toBeGreaterThan(0.09);
    expect(taken / ids.length).toBeLessThan(0.11);
    expect(ids.filter((id) => inSample(0.1, id)).length).toBe(taken);
    expect(inSample(1, 'anything')).toBe(true);
  });
});
