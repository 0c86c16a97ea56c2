import { readFileSync } from 'node:fs';
import { sharedDataFile } from '../../test/helpers/shared-data.js';
import { describe, expect, it } from 'vitest';
import { sourceGroup } from './catalog-model.js';
import { ModelCatalog } from './model-catalog.js';

const catalog = ModelCatalog.load();
const snapshotPath = sharedDataFile('openrouter-models-2026-05-15.json');

describe('the shipped model catalog', () => {
  it('loads every model with OpenRouter fields and Switchboard facts', () => {
    expect(catalog.models.length).toBeGreaterThan(350);
    for (const model of catalog.models) {
      expect(typeof model.id).toBe('string');
      expect(Number(model.pricing.prompt)).toBeGreaterThanOrEqual(0);
      const facts = model.switchboard;
      expect(facts.author).toBe(model.id.replace(/^~/, '').split('/')[0]);
      expect([true, false, null]).toContain(facts.open_weights);
      expect(['china', 'row', null]).toContain(facts.origin);
      expect(['small', 'medium', 'large', null]).toContain(facts.size_bucket);
      if (facts.size_bucket !== null) expect(facts.open_weights).toBe(true);
      // Every fact says where it came from, including "unknown".
      for (const field of ['open_weights', 'parameters_total', 'release_date', 'origin', 'reasoning', 'reasoning_default']) expect(facts.sources[field]).toBeTruthy();
      if (facts.release_date !== null) expect(facts.release_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it('knows the study-relevant facts of well-known models', () => {
    const r1 = catalog.get('deepseek/deepseek-r1')!.switchboard;
    expect(r1).toMatchObject({ author: 'deepseek', open_weights: true, origin: 'china', parameters_total: 671e9, size_bucket: 'large', reasoning: true, release_date: '2025-01-20' });
    expect(sourceGroup(r1)).toBe('oss-china');
    const llama = catalog.get('meta-llama/llama-3.3-70b-instruct')!.switchboard;
    expect(llama).toMatchObject({ open_weights: true, origin: 'row', parameters_total: 70e9, size_bucket: 'large' });
    expect(catalog.get('qwen/qwen-2.5-coder-32b-instruct')!.switchboard.size_bucket).toBe('medium');
    expect(catalog.get('mistralai/mistral-nemo')!.switchboard.size_bucket).toBe('small');
    const gpt4o = catalog.get('openai/gpt-4o')!.switchboard;
    expect(gpt4o).toMatchObject({ open_weights: false, origin: 'row', size_bucket: null, parameters_total: null, reasoning: false });
    expect(sourceGroup(gpt4o)).toBe('closed');
    expect(catalog.get('anthropic/claude-sonnet-4.5')!.switchboard.open_weights).toBe(false);
    // Reasoning by default (the study's reasoning models) versus reasoning on request.
    expect(catalog.get('anthropic/claude-sonnet-4')!.switchboard).toMatchObject({ reasoning: true, reasoning_default: false });
    expect(catalog.get('google/gemini-2.5-pro')!.switchboard.reasoning_default).toBe(true);
    expect(catalog.get('x-ai/grok-code-fast-1')!.switchboard.reasoning_default).toBe(true);
    expect(catalog.get('qwen/qwen-plus-2025-07-28:thinking')!.switchboard.reasoning_default).toBe(true);
    expect(catalog.get('openai/gpt-4o-mini')!.switchboard.reasoning_default).toBe(false);
  });

  it('says null where a fact is not known rather than guessing', () => {
    const unknown = catalog.models.filter((model) => model.switchboard.open_weights === null);
    expect(unknown.length).toBeGreaterThan(0);
    for (const model of unknown) expect(model.switchboard.sources.open_weights).toMatch(/^unknown/);
  });

  it('resolves :free rows, dynamic variants, aliases and canonical slugs', () => {
    expect(catalog.resolve('openai/gpt-oss-120b:free')?.model.id).toBe('openai/gpt-oss-120b:free');
    expect(catalog.resolve('openai/gpt-oss-120b:nitro')).toMatchObject({ model: { id: 'openai/gpt-oss-120b' }, variant: 'nitro' });
    expect(catalog.resolve('~anthropic/claude-sonnet-latest')?.model.id).toBe('anthropic/claude-sonnet-4.6');
    expect(catalog.resolve('anthropic/claude-4.7-opus-fast-20260512')?.model.id).toBe('anthropic/claude-opus-4.7-fast');
    expect(catalog.resolve('nobody/nothing')).toBeUndefined();
    expect(catalog.resolve('openai/gpt-4o:bogus')).toBeUndefined();
  });

  it('filters by author, openness, origin, size, reasoning and text', () => {
    const chineseOpen = catalog.filter({ open: true, origin: 'china' });
    expect(chineseOpen.length).toBeGreaterThan(50);
    expect(chineseOpen.every((model) => model.switchboard.open_weights === true && model.switchboard.origin === 'china')).toBe(true);
    expect(catalog.filter({ author: 'anthropic' }).every((model) => model.id.replace(/^~/, '').startsWith('anthropic/'))).toBe(true);
    expect(catalog.filter({ sizeBucket: 'small', reasoning: true }).every((model) => model.switchboard.reasoning)).toBe(true);
    expect(catalog.filter({ search: 'kimi' }).length).toBeGreaterThan(3);
  });

  it('carries every model of the OpenRouter snapshot but the router pseudo-models, with its prices', () => {
    const snapshot = JSON.parse(readFileSync(snapshotPath, 'utf8')) as { data: { id: string; pricing: Record<string, string> }[] };
    const routers = ['openrouter/auto', 'openrouter/free', 'openrouter/pareto-code', 'openrouter/bodybuilder'];
    for (const model of snapshot.data) {
      if (routers.includes(model.id)) {
        expect(catalog.get(model.id)).toBeUndefined();
        continue;
      }
      expect(catalog.get(model.id)?.pricing).toEqual(model.pricing);
    }
  });
});
