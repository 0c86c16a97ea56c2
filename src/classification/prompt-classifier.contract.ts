import { describe, expect, it } from 'vitest';
import { categoryBucket, categoryBuckets } from '../catalog/category-buckets.js';
import { openRouterCategories, openRouterCategoryOf, type PromptClassifier } from './prompt-classification.js';

/**
 * What every prompt classifier (the local model, an LLM) must do, whatever it thinks of a prompt:
 * one answer per text in order, each a bucket with a real taxonomy path inside that bucket,
 * OpenRouter's category of that path, and a confidence in [0, 1]; nothing for nothing.
 */
export function promptClassifierContract(name: string, create: () => Promise<PromptClassifier>, taxonomy: readonly string[]): void {
  const paths = new Set(taxonomy);
  const prompts = [
    'Fix the TypeError in this JavaScript: const x = undefined; x.map(y => y * 2);',
    'You are Captain Mara of the starship Vela. Stay in character and describe the bridge as alarms sound.',
    'What is the derivative of x^3 * sin(x)?',
    'Translate into German: "Where is the nearest train station?"',
    'Who won the FIFA World Cup in 2014?',
    'Write three subject lines for an email campaign announcing our spring sale.',
    'What are the side effects of ibuprofen?',
    'Is it better to pay off my mortgage early or invest in index funds?',
    'Can my landlord keep my security deposit for normal wear and tear?',
    '',
  ];

  describe(`${name}: the prompt classifier contract`, () => {
    it('answers each text in order with a bucket, a real path in it, its OpenRouter category and a confidence', async () => {
      const classifier = await create();
      const answers = await classifier.classify(prompts);
      expect(answers).toHaveLength(prompts.length);
      for (const answer of answers) {
        if (answer === null) continue;
        expect(categoryBuckets).toContain(answer.category);
        expect(paths.has(answer.googlePath), answer.googlePath).toBe(true);
        expect(categoryBucket(answer.googlePath)).toBe(answer.category);
        expect(openRouterCategories).toContain(answer.openrouterCategory);
        expect(answer.openrouterCategory).toBe(openRouterCategoryOf(answer.googlePath));
        expect(answer.confidence).toBeGreaterThanOrEqual(0);
        expect(answer.confidence).toBeLessThanOrEqual(1);
        expect(answer.classifier).toBe(classifier.name);
      }
      expect(answers.slice(0, -1).filter((answer) => answer !== null).length).toBeGreaterThanOrEqual(8);
      await classifier.close?.();
    });

    it('answers nothing for nothing', async () => {
      const classifier = await create();
      expect(await classifier.classify([])).toEqual([]);
      await classifier.close?.();
    });
  });
}
