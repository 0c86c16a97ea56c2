import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DurableQueue } from '../../src/storage/generation-log/durable-queue.js';
const q = await DurableQueue.open(mkdtempSync(join(tmpdir(), 'q-')));
const line = 'x'.repeat(600);
const times: number[] = [];
for (let i = 0; i < 3000; i++) { const t = performance.now(); await q.append(line); times.push(performance.now() - t); }
times.sort((a, b) => a - b);
console.log('append p50', times[1500]!.toFixed(3), 'p90', times[2700]!.toFixed(3), 'ms');
