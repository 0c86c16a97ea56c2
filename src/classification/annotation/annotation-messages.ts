import type { PromptClassification } from '../prompt-classification.js';

/** One prompt handed to the annotation worker: its text lives only in this message and the worker's memory. */
export interface AnnotationItem {
  id: number;
  text: string;
  /** Classify the topic too (the prompt is in the sample and the local classifier is used). */
  classify: boolean;
}

export interface AnnotationResult {
  id: number;
  language: string;
  languageConfidence: number;
  classification: PromptClassification | null;
}

export type ToWorker = { type: 'annotate'; items: AnnotationItem[] };
export type FromWorker = { type: 'ready' } | { type: 'failed'; message: string } | { type: 'annotated'; results: AnnotationResult[] };
