import { parentPort } from 'node:worker_threads';
import { LanguageDetector } from '../language/language-detector.js';
import { LocalPromptClassifier } from '../local-prompt-classifier.js';
import type { AnnotationResult, FromWorker, ToWorker } from './annotation-messages.js';

/**
 * The annotation worker thread: tells each prompt's language and classifies the sampled ones with
 * the local model, off the gateway's event loop. Keeps nothing: each batch's texts are dropped
 * once answered. Never logs a text.
 */
const port = parentPort!;
const send = (message: FromWorker) => port.postMessage(message);

try {
  const detector = await LanguageDetector.create();
  const classifier = LocalPromptClassifier.load();
  port.on('message', (message: ToWorker) => {
    if (message.type !== 'annotate') return;
    const results: AnnotationResult[] = message.items.map((item) => {
      try {
        const language = detector.detect(item.text);
        return { id: item.id, language: language.language, languageConfidence: language.confidence, classification: item.classify ? classifier.predict(item.text) : null };
      } catch {
        return { id: item.id, language: 'und', languageConfidence: 0, classification: null };
      }
    });
    send({ type: 'annotated', results });
  });
  send({ type: 'ready' });
} catch (error) {
  send({ type: 'failed', message: String((error as Error)?.message ?? error) });
}
