import { parentPort } from 'node:worker_threads';

/** An annotation worker that starts, takes its first batch and dies: the annotator's fault test. */
parentPort!.postMessage({ type: 'ready' });
parentPort!.on('message', () => {
  process.exit(3);
});
