import { Worker } from 'node:worker_threads';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PromptClassification, PromptClassifier } from '../prompt-classification.js';
import { sampledForClassification } from '../sampling.js';
import type { AnnotationItem, AnnotationResult, FromWorker, ToWorker } from './annotation-messages.js';

/** What the observatory learned about one prompt: its language, and its category when sampled. */
export interface PromptAnnotation {
  language: string | null;
  classification: PromptClassification | null;
}

export type AnnotationOutcome = 'language' | 'classified' | 'below_confidence' | 'dropped' | 'late' | 'failed';

export interface PromptAnnotatorOptions {
  detectLanguage: boolean;
  sampleRate: number;
  minConfidence: number;
  queueCapacity: number;
  /** An LLM classifier for the sample; the local model (in the worker) when absent. */
  modelClassifier?: PromptClassifier;
  onOutcome?: (outcome: AnnotationOutcome) => void;
  onError?: (message: string) => void;
  /** The worker's module (default: annotation-worker-entry next to this file); tests pass a faulty one. */
  workerEntry?: URL;
}

/** The annotation of one generation, settled or on its way. */
export interface AnnotationTicket {
  /** The annotation if it comes within `waitMs`; null when it is late, was dropped or failed. */
  within(waitMs: number): Promise<PromptAnnotation | null>;
}

const none: AnnotationTicket = { within: async () => null };

interface Pending {
  classify: boolean;
  /** Its text is with the worker (or waiting to be sent there). */
  inWorker: boolean;
  language: string | null;
  classification: PromptClassification | null;
  waiting: number;
  settle: (annotation: PromptAnnotation | null) => void;
  settled: Promise<PromptAnnotation | null>;
}

/**
 * The observatory's hand-off, off the request path: `begin` gives a prompt's text to a worker
 * thread (language of every prompt; topic of the sampled ones with the local model, or an LLM
 * classifier on this thread) and returns at once. At most `queueCapacity` prompts wait; beyond
 * that a prompt is dropped and counted, never waited for. Texts stay in memory only until
 * they are annotated and are never logged; errors name no text.
 */
export class PromptAnnotator {
  private worker: Worker | null = null;
  private ready = false;
  private closed = false;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private batch: AnnotationItem[] = [];
  private flushScheduled = false;
  private restartAt = 0;
  private readyWaiters: (() => void)[] = [];

  constructor(private readonly options: PromptAnnotatorOptions) {}

  /**
   * Starts the worker now rather than at the first prompt, and settles once it is ready (or could
   * not start: then prompts go unannotated and it is tried again later). Never rejects.
   */
  start(): Promise<void> {
    const needsWorker = this.options.detectLanguage || (this.options.sampleRate > 0 && !this.options.modelClassifier);
    if (!needsWorker || this.ready) return Promise.resolve();
    const ready = new Promise<void>((resolve) => this.readyWaiters.push(resolve));
    if (!this.ensureWorker()) this.wakeWaiters();
    return ready;
  }

  private wakeWaiters(): void {
    const waiters = this.readyWaiters;
    this.readyWaiters = [];
    for (const wake of waiters) wake();
  }

  /** How many prompts are waiting for the worker or the classifier. */
  get waiting(): number {
    return this.pending.size;
  }

  /** Hands a generation's prompt over (never blocks, never throws). `classify` false keeps it out of the sample. */
  begin(generationId: string, text: string, options: { classify?: boolean } = {}): AnnotationTicket {
    const { detectLanguage, sampleRate, modelClassifier } = this.options;
    const sampled = options.classify !== false && text.length > 0 && sampledForClassification(generationId, sampleRate);
    if (this.closed || (!detectLanguage && !sampled) || text.length === 0) return none;
    if (this.pending.size >= this.options.queueCapacity) {
      this.count('dropped');
      return none;
    }
    const id = this.nextId++;
    let settle!: (annotation: PromptAnnotation | null) => void;
    const settled = new Promise<PromptAnnotation | null>((resolve) => {
      settle = resolve;
    });
    const entry: Pending = { classify: sampled, inWorker: false, language: null, classification: null, waiting: 0, settle, settled };
    this.pending.set(id, entry);
    const localClassify = sampled && !modelClassifier;
    if (detectLanguage || localClassify) {
      entry.waiting++;
      entry.inWorker = true;
      this.batch.push({ id, text, classify: localClassify });
      this.scheduleFlush();
    }
    if (sampled && modelClassifier) {
      entry.waiting++;
      modelClassifier.classify([text]).then(
        ([classification]) => this.receive(id, { classification: classification ?? null }),
        () => this.receive(id, { classification: null }),
      );
    }
    // Usually the annotation is in before the record is written: then no timer is set for it.
    let result: { value: PromptAnnotation | null } | null = null;
    void settled.then((value) => {
      result = { value };
    });
    return { within: (waitMs) => (result ? Promise.resolve((result as { value: PromptAnnotation | null }).value) : this.wait(settled, waitMs)) };
  }

  private async wait(settled: Promise<PromptAnnotation | null>, waitMs: number): Promise<PromptAnnotation | null> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), waitMs);
    });
    const result = await Promise.race([settled, late]);
    clearTimeout(timer);
    if (result === 'late') {
      this.count('late');
      return null;
    }
    return result;
  }

  /**
   * One part of a prompt's annotation arrived: the worker's (language, and the local model's
   * classification when it classifies) or the model classifier's. `classification` undefined: this
   * part does not classify; null: it should have and could not.
   */
  private receive(id: number, part: { language?: string; classification?: PromptClassification | null; failed?: boolean }): void {
    const entry = this.pending.get(id);
    if (!entry) return;
    if (part.language !== undefined) {
      entry.language = part.language;
      this.count('language');
    }
    if (part.classification) {
      if (part.classification.confidence >= this.options.minConfidence) {
        entry.classification = part.classification;
        this.count('classified');
      } else {
        this.count('below_confidence');
      }
    } else if (part.failed || part.classification === null) {
      this.count('failed');
    }
    if (--entry.waiting > 0) return;
    this.pending.delete(id);
    entry.settle({ language: entry.language, classification: entry.classification });
  }

  private count(outcome: AnnotationOutcome): void {
    this.options.onOutcome?.(outcome);
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    if (this.batch.length === 0) return;
    const worker = this.ensureWorker();
    if (!worker || !this.ready) return; // sent once the worker says it is ready
    const items = this.batch;
    this.batch = [];
    worker.postMessage({ type: 'annotate', items } satisfies ToWorker);
  }

  private ensureWorker(): Worker | null {
    if (this.worker || this.closed) return this.worker;
    if (Date.now() < this.restartAt) {
      this.failBatch();
      return null;
    }
    const entry = this.options.workerEntry ?? new URL(`./annotation-worker-entry${extname(fileURLToPath(import.meta.url))}`, import.meta.url);
    const extension = extname(fileURLToPath(entry));
    // From TypeScript sources (tests, scripts) the worker loads tsx first; the built program runs the .js directly.
    const worker =
      extension === '.ts'
        ? new Worker(
            new URL(
              `data:text/javascript,${encodeURIComponent(`import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))}; register(); await import(${JSON.stringify(entry.href)});`)}`,
            ),
          )
        : new Worker(entry);
    worker.unref();
    this.worker = worker;
    this.ready = false;
    worker.on('message', (message: FromWorker) => {
      if (message.type === 'ready') {
        this.ready = true;
        this.wakeWaiters();
        this.flush();
      } else if (message.type === 'annotated') {
        for (const result of message.results) this.deliver(result, this.pending.get(result.id)?.classify === true && !this.options.modelClassifier);
      } else {
        this.options.onError?.(`the annotation worker could not start: ${message.message}`);
        void worker.terminate();
      }
    });
    worker.on('error', (error) => this.options.onError?.(`the annotation worker failed: ${error.message}`));
    worker.on('exit', (code) => {
      this.wakeWaiters();
      if (this.worker !== worker) return;
      if (!this.closed) this.options.onError?.(`the annotation worker stopped (exit code ${code}): the prompts it held go unannotated; a new one starts in a second`);
      this.worker = null;
      this.ready = false;
      // What the worker held is lost: those prompts go unannotated. Start again after a pause.
      const queued = new Set(this.batch.map((item) => item.id));
      for (const [id, entry] of this.pending) {
        if (!entry.inWorker || queued.has(id)) continue;
        entry.inWorker = false;
        this.receive(id, { failed: true });
      }
      this.restartAt = this.closed ? Number.POSITIVE_INFINITY : Date.now() + 1_000;
      if (!this.closed && this.batch.length > 0) setTimeout(() => this.flush(), 1_000).unref();
    });
    return worker;
  }

  private failBatch(): void {
    const items = this.batch;
    this.batch = [];
    for (const item of items) {
      const entry = this.pending.get(item.id);
      if (entry) entry.inWorker = false;
      this.receive(item.id, { failed: true });
    }
  }

  private deliver(result: AnnotationResult, classified: boolean): void {
    const entry = this.pending.get(result.id);
    if (!entry) return;
    entry.inWorker = false;
    this.receive(result.id, {
      ...(this.options.detectLanguage ? { language: result.language } : {}),
      ...(classified ? { classification: result.classification } : {}),
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const entry of this.pending.values()) entry.settle(null);
    this.pending.clear();
    this.batch = [];
    await this.worker?.terminate();
    this.worker = null;
    await this.options.modelClassifier?.close?.();
  }
}
