import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defaultModelPath, type LocalModelFile } from '../../src/classification/local-prompt-classifier.js';
import { sharedDataFile } from '../helpers/shared-data.js';

/** The classifier that ships is exactly what `npm run classifier:train` builds from the shared data. */
const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));

describe('the shipped prompt classifier', () => {
  it('is rebuilt byte for byte by the training script, and says how it was measured', async () => {
    const output = join(mkdtempSync(join(tmpdir(), 'switchboard-classifier-')), 'model.json');
    const data = resolve(sharedDataFile('prompt-categories-train.jsonl'), '..');
    const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>((done) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/train-prompt-classifier.ts', '--data', data, '--output', output], { cwd: root });
      let text = '';
      child.stdout.on('data', (chunk) => (text += chunk));
      child.on('close', (exit) => done({ code: exit, stdout: text }));
    });
    expect(code).toBe(0);
    expect(readFileSync(output).equals(readFileSync(defaultModelPath))).toBe(true);
    const model = JSON.parse(readFileSync(defaultModelPath, 'utf8')) as LocalModelFile & { evaluation: { held_out: number; trained_on: number; macro_f1: number } };
    expect(model.taxonomy).toHaveLength(1091);
    expect(model.evaluation.held_out).toBeGreaterThan(1000);
    expect(stdout).toContain(`macro-F1 ${model.evaluation.macro_f1.toFixed(3)}`);
  }, 120_000);
});
