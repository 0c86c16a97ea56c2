import { describe, expect, it } from 'vitest';
import { LocalPromptClassifier, shippedTaxonomy } from './local-prompt-classifier.js';
import { type ChatSender, ModelPromptClassifier } from './model-prompt-classifier.js';
import { promptClassifierContract } from './prompt-classifier.contract.js';

const taxonomy = shippedTaxonomy();

/** A stand-in LLM that answers the classifier's schema from a few words of the prompt, as a model would. */
const keywordModel: ChatSender = async (body) => {
  const messages = body.messages as { role: string; content: string }[];
  const prompt = messages.at(-1)!.content.toLowerCase();
  const rules: [RegExp, string, string][] = [
    [/javascript|python|code|typeerror/, 'programming', '/Computers & Electronics/Programming/Scripting Languages'],
    [/in character|captain/, 'roleplay', '/Games/Roleplaying Games'],
    [/derivative|sin\(/, 'science', '/Science/Mathematics/Other'],
    [/translate/, 'translation', '/Reference/Language Resources/Foreign Language Resources'],
    [/world cup/, 'trivia', '/Not/A Real/Path'],
    [/email campaign/, 'marketing', '/Health/Other'],
    [/ibuprofen/, 'health', '/Health/Pharmacy/Drugs & Medications'],
    [/mortgage/, 'finance', '/Finance/Investing/Other'],
    [/landlord/, 'legal', '/Law & Government/Legal/Real Estate Law'],
  ];
  const [, category, path] = rules.find(([pattern]) => pattern.test(prompt)) ?? [null, 'other', '/People & Society/Other'];
  return { status: 200, json: async () => ({ choices: [{ message: { content: JSON.stringify({ category, google_path: path, confidence: 0.9 }) } }] }) };
};

promptClassifierContract('local', async () => LocalPromptClassifier.load(), taxonomy);
promptClassifierContract('model (a stand-in LLM)', async () => new ModelPromptClassifier('test/keyword-model', keywordModel, taxonomy), taxonomy);

describe('the model classifier', () => {
  const answer =
    (content: unknown, status = 200): ChatSender =>
    async () => ({ status, json: async () => content });

  it('replaces a path the model invented, or put in another bucket, by a real one in its bucket', async () => {
    const classifier = new ModelPromptClassifier('m', keywordModel, taxonomy);
    const [trivia, marketing] = await classifier.classify(['Who won the FIFA World Cup in 2014?', 'Write an email campaign for our sale']);
    expect(trivia).toMatchObject({ category: 'trivia', classifier: 'model:m' });
    expect(taxonomy).toContain(trivia!.googlePath);
    expect(marketing!.category).toBe('marketing');
    expect(marketing!.googlePath.startsWith('/Health')).toBe(false);
  });

  it('gives no answer (null) for an error status, a malformed response, text that is not JSON, or JSON outside the schema', async () => {
    for (const sender of [
      answer({ error: { message: 'rate limited' } }, 429),
      answer({ nonsense: true }),
      answer({ choices: [{ message: { content: 'I think it is programming.' } }] }),
      answer({ choices: [{ message: { content: JSON.stringify({ category: 'poetry', google_path: '/Arts', confidence: 0.9 }) } }] }),
      answer({ choices: [{ message: { content: JSON.stringify({ category: 'legal', google_path: '/Law & Government', confidence: 7 }) } }] }),
      async () => {
        throw new Error('connection refused');
      },
    ]) {
      expect(await new ModelPromptClassifier('m', sender as ChatSender, taxonomy).classify(['hello'])).toEqual([null]);
    }
  });

  it('accepts an answer in a JSON code fence', async () => {
    const fenced = answer({ choices: [{ message: { content: '```json\n{"category":"legal","google_path":"/Law & Government/Legal/Other","confidence":0.8}\n```' } }] });
    expect((await new ModelPromptClassifier('m', fenced, taxonomy).classify(['x']))[0]).toMatchObject({ category: 'legal', confidence: 0.8 });
  });
});
