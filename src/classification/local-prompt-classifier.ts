import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CategoryBucket } from '../catalog/category-buckets.js';
import { GooglePathMatcher } from './google-path-matcher.js';
import { classificationOf, type PromptClassification, type PromptClassifier } from './prompt-classification.js';
import { featureBits, promptFeatures, promptTokens } from './prompt-features.js';

/** The trained model as scripts/train-prompt-classifier.ts writes it (src/classification/data/). */
export interface LocalModelFile {
  format: 1;
  built_by: string;
  feature_bits: number;
  classes: CategoryBucket[];
  /** Per class: the weight one step of the int8 weights stands for. */
  scales: number[];
  /** Base64 of an Int8Array, bucket-major: weights[bucket * classes + class]. */
  weights: string;
  /** Google content categories, taxonomy v2 (the paths a prompt can be given). */
  taxonomy: string[];
  evaluation: Record<string, unknown>;
}

export const defaultModelPath = fileURLToPath(new URL('../../src/classification/data/prompt-classifier.json', import.meta.url));

/** The Google content categories (taxonomy v2) the shipped model was built with. */
export function shippedTaxonomy(path: string = defaultModelPath): string[] {
  return (JSON.parse(readFileSync(path, 'utf8')) as LocalModelFile).taxonomy;
}

/**
 * The local topic classifier: a linear model over hashed prompt features (prompt-features.ts),
 * trained by `npm run classifier:train` on labelled real prompts and shipped as weights in the
 * repository. No network, no download; about a millisecond a prompt on one core.
 */
export class LocalPromptClassifier implements PromptClassifier {
  readonly name = 'local';
  private readonly weights: Int8Array;
  private readonly classes: CategoryBucket[];
  private readonly scales: Float64Array;
  private readonly paths: GooglePathMatcher;

  constructor(model: LocalModelFile) {
    if (model.format !== 1 || model.feature_bits !== featureBits)
      throw new Error(`the classifier model was built for other features (format ${model.format}, ${model.feature_bits} bits); rebuild it with npm run classifier:train`);
    const bytes = Buffer.from(model.weights, 'base64');
    this.weights = new Int8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.classes = model.classes;
    this.scales = Float64Array.from(model.scales);
    if (this.weights.length !== (1 << featureBits) * this.classes.length) throw new Error('the classifier model has the wrong number of weights');
    this.paths = new GooglePathMatcher(model.taxonomy);
  }

  static load(path: string = defaultModelPath): LocalPromptClassifier {
    return new LocalPromptClassifier(JSON.parse(readFileSync(path, 'utf8')) as LocalModelFile);
  }

  /** Probabilities of each bucket for a prompt, in the model's class order. */
  probabilities(text: string): { classes: readonly CategoryBucket[]; probabilities: Float64Array } {
    const { indices, values } = promptFeatures(text);
    const count = this.classes.length;
    const scores = new Float64Array(count);
    for (let k = 0; k < indices.length; k++) {
      const base = indices[k]! * count;
      const value = values[k]!;
      for (let c = 0; c < count; c++) scores[c]! += this.weights[base + c]! * value;
    }
    let max = -Infinity;
    for (let c = 0; c < count; c++) {
      scores[c]! *= this.scales[c]!;
      max = Math.max(max, scores[c]!);
    }
    let sum = 0;
    for (let c = 0; c < count; c++) {
      scores[c] = Math.exp(scores[c]! - max);
      sum += scores[c]!;
    }
    for (let c = 0; c < count; c++) scores[c]! /= sum;
    return { classes: this.classes, probabilities: scores };
  }

  predict(text: string): PromptClassification {
    const { probabilities } = this.probabilities(text);
    let best = 0;
    for (let c = 1; c < probabilities.length; c++) if (probabilities[c]! > probabilities[best]!) best = c;
    const bucket = this.classes[best]!;
    return classificationOf(this.paths.pathFor(bucket, promptTokens(text)), probabilities[best]!, this.name);
  }

  async classify(texts: readonly string[]): Promise<(PromptClassification | null)[]> {
    return texts.map((text) => this.predict(text));
  }
}
