/**
 * Trains the local prompt-topic classifier that ships with Switchboard
 * (src/classification/data/prompt-classifier.json) from real labelled prompts:
 *  - ../shared/data/prompt-categories-train.jsonl (4,481 prompts labelled with the study's buckets),
 *  - ../shared/data/arena-hard-v2-questions.jsonl (750 real user prompts: coding → programming,
 *    math → science, creative writing → roleplay, the buckets Google's taxonomy puts them in),
 *  - ../shared/data/google-content-categories-v2.txt (each path's own words, labelled with its bucket).
 *
 * A held-out split is never trained on: a quarter of each bucket's prompts from the sources that
 * are not benchmark sets (MMLU, HumanEval and GSM8K rows are always trained on, never measured),
 * and half of arena-hard (by a hash of its uid). The model is multinomial logistic regression over
 * hashed features (src/classification/prompt-features.ts), weights stored as int8 per class.
 * Deterministic: the same data gives the same file.
 *
 * Run: npm run classifier:train [-- --data ../shared/data] [--output path] [--markdown]
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type CategoryBucket, categoryBucket, categoryBuckets } from '../src/catalog/category-buckets.js';
import { defaultModelPath, LocalPromptClassifier, type LocalModelFile } from '../src/classification/local-prompt-classifier.js';
import { featureBits, promptFeatures, type SparseVector } from '../src/classification/prompt-features.js';
import { LanguageDetector } from '../src/classification/language/language-detector.js';

const argument = (name: string) => {
  const index = process.argv.indexOf(name);
  return index > 0 ? process.argv[index + 1] : undefined;
};
const root = resolve(import.meta.dirname, '..');
const dataDirectory = resolve(root, argument('--data') ?? '../shared/data');
const output = resolve(root, argument('--output') ?? defaultModelPath);

interface Example {
  text: string;
  bucket: CategoryBucket;
  source: string;
}

/** Deterministic pseudo-random numbers (mulberry32). */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

const random = seeded(20251130);
const benchmarkSources = /^(Matt-Harvill\/assignment5-alignment|openai\/human-eval|openai\/grade-school-math):/;
const labelled = readFileSync(join(dataDirectory, 'prompt-categories-train.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line) as { text: string; category: CategoryBucket; source: string });
const train: Example[] = [];
const heldOut: Example[] = [];
for (const bucket of categoryBuckets) {
  const rows = labelled.filter((row) => row.category === bucket);
  const measurable = shuffle(
    rows.filter((row) => !benchmarkSources.test(row.source)),
    random,
  );
  const held = Math.round(measurable.length * 0.25);
  for (const [index, row] of measurable.entries()) (index < held ? heldOut : train).push({ text: row.text, bucket, source: row.source.split(':')[0]! });
  for (const row of rows.filter((row) => benchmarkSources.test(row.source))) train.push({ text: row.text, bucket, source: row.source.split(':')[0]! });
}
const arenaBuckets: Record<string, CategoryBucket> = { coding: 'programming', math: 'science', creative_writing: 'roleplay' };
for (const line of readFileSync(join(dataDirectory, 'arena-hard-v2-questions.jsonl'), 'utf8').trim().split('\n')) {
  const question = JSON.parse(line) as { uid: string; subcategory: string; prompt: string };
  const example = { text: question.prompt, bucket: arenaBuckets[question.subcategory]!, source: 'lmarena/arena-hard-auto' };
  (createHash('sha256').update(question.uid).digest()[0]! < 128 ? heldOut : train).push(example);
}
const taxonomy = readFileSync(join(dataDirectory, 'google-content-categories-v2.txt'), 'utf8').trim().split('\n');
for (const path of taxonomy) train.push({ text: path.split('/').join(' ').replaceAll('&', ' '), bucket: categoryBucket(path), source: 'taxonomy' });

// Multinomial logistic regression, SGD with class-balanced weights and a little L2.
const classes = [...categoryBuckets];
const count = classes.length;
const weights = new Float32Array((1 << featureBits) * count);
const features = train.map((example) => ({ x: promptFeatures(example.text), y: classes.indexOf(example.bucket) }));
const perClass = classes.map((_, c) => features.filter((example) => example.y === c).length);
const classWeight = perClass.map((n) => (n > 0 ? features.length / (count * n) : 0));
const scores = new Float64Array(count);
function probabilities(x: SparseVector): Float64Array {
  scores.fill(0);
  for (let k = 0; k < x.indices.length; k++) {
    const base = x.indices[k]! * count;
    for (let c = 0; c < count; c++) scores[c]! += weights[base + c]! * x.values[k]!;
  }
  const max = Math.max(...scores);
  let sum = 0;
  for (let c = 0; c < count; c++) sum += scores[c] = Math.exp(scores[c]! - max);
  for (let c = 0; c < count; c++) scores[c]! /= sum;
  return scores;
}
const epochs = 20;
const l2 = 1e-5;
let step = 0;
for (let epoch = 0; epoch < epochs; epoch++) {
  for (const { x, y } of shuffle(features, random)) {
    const rate = 0.5 / (1 + step++ * 1e-4);
    const p = probabilities(x);
    for (let k = 0; k < x.indices.length; k++) {
      const base = x.indices[k]! * count;
      for (let c = 0; c < count; c++) {
        const gradient = (p[c]! - (c === y ? 1 : 0)) * x.values[k]! * classWeight[y]!;
        weights[base + c]! -= rate * (gradient + l2 * weights[base + c]!);
      }
    }
  }
}

// int8 per class.
const scales = classes.map((_, c) => {
  let max = 0;
  for (let b = c; b < weights.length; b += count) max = Math.max(max, Math.abs(weights[b]!));
  return max / 127 || 1;
});
const quantized = new Int8Array(weights.length);
for (let i = 0; i < weights.length; i++) quantized[i] = Math.round(weights[i]! / scales[i % count]!);

const model: LocalModelFile = {
  format: 1,
  built_by: 'npm run classifier:train (scripts/train-prompt-classifier.ts)',
  feature_bits: featureBits,
  classes,
  scales,
  weights: Buffer.from(quantized.buffer).toString('base64'),
  taxonomy,
  evaluation: {},
};

// Evaluate the shipped (quantized) model on the held-out split.
const classifier = new LocalPromptClassifier(model);
const confusion = classes.map(() => classes.map(() => 0));
const bySource = new Map<string, { right: number; all: number }>();
const detector = await LanguageDetector.create();
const byLanguage = { english: { right: 0, all: 0 }, other: { right: 0, all: 0 } };
for (const example of heldOut) {
  const predicted = classifier.predict(example.text).category;
  const language = detector.detect(example.text).language === 'en' ? byLanguage.english : byLanguage.other;
  language.all++;
  if (predicted === example.bucket) language.right++;
  confusion[classes.indexOf(example.bucket)]![classes.indexOf(predicted)]!++;
  const tally = bySource.get(example.source) ?? { right: 0, all: 0 };
  tally.all++;
  if (predicted === example.bucket) tally.right++;
  bySource.set(example.source, tally);
}
const perCategory = classes.map((bucket, i) => {
  const truePositives = confusion[i]![i]!;
  const support = confusion[i]!.reduce((a, b) => a + b, 0);
  const predicted = confusion.reduce((sum, row) => sum + row[i]!, 0);
  const precision = predicted ? truePositives / predicted : 0;
  const recall = support ? truePositives / support : 0;
  return { category: bucket, support, precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0 };
});
const scored = perCategory.filter((row) => row.support > 0 && row.category !== 'other');
const macroF1 = scored.reduce((sum, row) => sum + row.f1, 0) / scored.length;
const accuracy = classes.reduce((sum, _, i) => sum + confusion[i]![i]!, 0) / heldOut.length;
model.evaluation = {
  held_out: heldOut.length,
  trained_on: train.length,
  accuracy: Number(accuracy.toFixed(4)),
  macro_f1: Number(macroF1.toFixed(4)),
  macro_f1_over: scored.map((row) => row.category),
  per_category: perCategory.map((row) => ({ ...row, precision: Number(row.precision.toFixed(3)), recall: Number(row.recall.toFixed(3)), f1: Number(row.f1.toFixed(3)) })),
  by_language: Object.fromEntries(Object.entries(byLanguage).map(([name, tally]) => [name, { accuracy: Number((tally.right / tally.all).toFixed(3)), prompts: tally.all }])),
  by_source: Object.fromEntries([...bySource].map(([source, tally]) => [source, { accuracy: Number((tally.right / tally.all).toFixed(3)), prompts: tally.all }])),
  confusion: { rows_are: 'labelled', columns_are: 'predicted', classes, matrix: confusion },
};
writeFileSync(output, `${JSON.stringify(model)}\n`);

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;
console.log(`trained on ${train.length} examples, held out ${heldOut.length}; wrote ${output}`);
console.log(`held-out accuracy ${percent(accuracy)}, macro-F1 ${macroF1.toFixed(3)} over ${scored.length} categories (other and marketing/seo excluded: see docs/observatory.md)`);
if (process.argv.includes('--markdown')) {
  console.log('\n| category | held-out prompts | precision | recall | F1 |\n|---|---|---|---|---|');
  for (const row of perCategory) console.log(`| ${row.category} | ${row.support} | ${percent(row.precision)} | ${percent(row.recall)} | ${row.f1.toFixed(3)} |`);
  console.log(`\n| labelled \\ predicted | ${classes.join(' | ')} |\n|---|${classes.map(() => '---').join('|')}|`);
  for (const [i, bucket] of classes.entries()) console.log(`| ${bucket} | ${confusion[i]!.join(' | ')} |`);
  console.log('\n| prompt language | held-out prompts | accuracy |\n|---|---|---|');
  for (const [name, tally] of Object.entries(byLanguage)) console.log(`| ${name} | ${tally.all} | ${percent(tally.right / tally.all)} |`);
  console.log('\n| source | held-out prompts | accuracy |\n|---|---|---|');
  for (const [source, tally] of bySource) console.log(`| ${source} | ${tally.all} | ${percent(tally.right / tally.all)} |`);
}
