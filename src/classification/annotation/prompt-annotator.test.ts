import { afterEach, describe, expect, it } from 'vitest';
import { sampledForClassification } from '../sampling.js';
import type { PromptClassification, PromptClassifier } from '../prompt-classification.js';
import { type AnnotationOutcome, PromptAnnotator } from './prompt-annotator.js';

const annotators: PromptAnnotator[] = [];
afterEach(async () => {
  await Promise.all(annotators.splice(0).map((annotator) => annotator.close()));
});

function annotator(options: Partial<ConstructorParameters<typeof PromptAnnotator>[0]> = {}) {
  const outcomes: AnnotationOutcome[] = [];
  const created = new PromptAnnotator({ detectLanguage: true, sampleRate: 1, minConfidence: 0.5, queueCapacity: 100, onOutcome: (outcome) => outcomes.push(outcome), ...options });
  annotators.push(created);
  return { annotator: created, outcomes };
}

describe('sampling', () => {
  it('is the same for the same generation id, and close to the rate over many', () => {
    const ids = Array.from({ length: 20_000 }, (_, index) => `gen-${index}`);
    expect(ids.map((id) => sampledForClassification(id, 0.1))).toEqual(ids.map((id) => sampledForClassification(id, 0.1)));
    const share = ids.filter((id) => sampledForClassification(id, 0.1)).length / ids.length;
    expect(share).toBeGreaterThan(0.09);
    expect(share).toBeLessThan(0.11);
    expect(ids.some((id) => sampledForClassification(id, 0))).toBe(false);
    expect(ids.every((id) => sampledForClassification(id, 1))).toBe(true);
  });
});

describe('the prompt annotator', () => {
  it('tells languages and classifies the sample in its worker thread', async () => {
    const { annotator: subject, outcomes } = annotator();
    await subject.start();
    const [english, russian] = await Promise.all([
      subject.begin('gen-1', 'Write a Python function that parses ISO dates and returns a datetime.').within(5_000),
      subject.begin('gen-2', 'Напиши стихотворение о зиме и о первом снеге в городе.').within(5_000),
    ]);
    expect(english).toMatchObject({ language: 'en', classification: { category: 'programming', classifier: 'local' } });
    expect(russian!.language).toBe('ru');
    expect(outcomes.filter((outcome) => outcome === 'language')).toHaveLength(2);
    expect(subject.waiting).toBe(0);
  });

  it('drops prompts beyond its capacity at once, counted, and never waits for them', async () => {
    const never: PromptClassifier = { name: 'model:slow', classify: () => new Promise<(PromptClassification | null)[]>(() => undefined) };
    const { annotator: subject, outcomes } = annotator({ detectLanguage: false, queueCapacity: 3, modelClassifier: never });
    const tickets = Array.from({ length: 5 }, (_, index) => subject.begin(`gen-${index}`, 'some prompt'));
    expect(subject.waiting).toBe(3);
    expect(outcomes.filter((outcome) => outcome === 'dropped')).toHaveLength(2);
    const started = performance.now();
    expect(await tickets[4]!.within(10_000)).toBeNull();
    expect(performance.now() - started).toBeLessThan(100);
    expect(await tickets[0]!.within(20)).toBeNull();
    expect(outcomes).toContain('late');
  });

  it('leaves out what is not sampled, empty prompts and the classifier’s own requests', async () => {
    const calls: string[] = [];
    const recording: PromptClassifier = {
      name: 'model:recording',
      classify: async (texts) => {
        calls.push(...texts);
        return texts.map(() => null);
      },
    };
    const { annotator: subject } = annotator({ detectLanguage: false, sampleRate: 1, modelClassifier: recording });
    expect(await subject.begin('gen-a', '').within(50)).toBeNull();
    expect(await subject.begin('gen-b', 'classified prompt', { classify: false }).within(50)).toBeNull();
    expect(await subject.begin('gen-c', 'sampled prompt').within(1_000)).toEqual({ language: null, classification: null });
    expect(calls).toEqual(['sampled prompt']);
  });

  it('drops a classification below the minimum confidence, keeping the language', async () => {
    const unsure: PromptClassifier = {
      name: 'model:unsure',
      classify: async (texts) => texts.map(() => ({ category: 'other', openrouterCategory: 'other', googlePath: '/People & Society/Other', confidence: 0.2, classifier: 'model:unsure' }) as const),
    };
    const { annotator: subject, outcomes } = annotator({ modelClassifier: unsure });
    await subject.start();
    expect(await subject.begin('gen-x', 'Bonjour, pouvez-vous m’aider à écrire une lettre de motivation ?').within(5_000)).toEqual({ language: 'fr', classification: null });
    expect(outcomes).toContain('below_confidence');
  });

  it('answers at once when its worker dies with prompts in hand, counts them failed, and starts a new worker', async () => {
    const { annotator: subject, outcomes } = annotator({ sampleRate: 0, workerEntry: new URL('../../../test/helpers/crashing-annotation-worker.ts', import.meta.url) });
    await subject.start();
    const started = performance.now();
    const answers = await Promise.all(['one', 'two', 'three'].map((text, index) => subject.begin(`gen-${index}`, text).within(5_000)));
    expect(answers).toEqual(answers.map(() => ({ language: null, classification: null })));
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(outcomes.filter((outcome) => outcome === 'failed')).toHaveLength(3);
    expect(subject.waiting).toBe(0);
    // A second later a new worker takes the next prompts (and, this one being faulty, dies again).
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(await subject.begin('gen-4', 'four').within(5_000)).toEqual({ language: null, classification: null });
    expect(outcomes.filter((outcome) => outcome === 'failed')).toHaveLength(4);
  });
});
