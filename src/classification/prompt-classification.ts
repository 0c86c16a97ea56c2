import { type CategoryBucket, categoryBucket } from '../catalog/category-buckets.js';

/** OpenRouter's public rankings categories (its categories API), and `other` for the rest. */
export const openRouterCategories = [
  'programming',
  'roleplay',
  'marketing',
  'marketing/seo',
  'technology',
  'science',
  'translation',
  'legal',
  'finance',
  'health',
  'trivia',
  'academia',
  'other',
] as const;

export type OpenRouterCategory = (typeof openRouterCategories)[number];

/** What a classifier says about one prompt. */
export interface PromptClassification {
  /** The study's bucket (src/catalog/category-buckets.ts), always the bucket of googlePath. */
  category: CategoryBucket;
  /** OpenRouter's rankings category: the bucket, with search-engine marketing as marketing/seo. */
  openrouterCategory: OpenRouterCategory;
  /** A Google Cloud Natural Language content category path (taxonomy v2). */
  googlePath: string;
  /** 0–1: how sure the classifier is of the category. */
  confidence: number;
  /** Which classifier said so: `local` or `model:<id>`. */
  classifier: string;
}

const seoPrefix = '/Internet & Telecom/Web Services/Search Engine Optimization & Marketing';

/** OpenRouter's category of a Google path. */
export function openRouterCategoryOf(googlePath: string): OpenRouterCategory {
  if (googlePath === seoPrefix || googlePath.startsWith(`${seoPrefix}/`)) return 'marketing/seo';
  return categoryBucket(googlePath);
}

/** The classification of a Google path at a confidence. */
export function classificationOf(googlePath: string, confidence: number, classifier: string): PromptClassification {
  return {
    category: categoryBucket(googlePath),
    openrouterCategory: openRouterCategoryOf(googlePath),
    googlePath,
    confidence: Math.min(1, Math.max(0, Math.round(confidence * 1000) / 1000)),
    classifier,
  };
}

/**
 * A prompt classifier: the local model or a configured LLM, one interface and one contract suite
 * (prompt-classifier.contract.ts). Texts are the user's prompts; nothing here keeps them.
 * An entry is null when that prompt could not be classified (the model failed or answered nonsense).
 */
export interface PromptClassifier {
  readonly name: string;
  classify(texts: readonly string[]): Promise<(PromptClassification | null)[]>;
  close?(): Promise<void>;
}
