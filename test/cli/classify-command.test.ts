import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { categoryBucket } from '../../src/catalog/category-buckets.js';

/** `switchboard classify <file>` on JSON lines and on CSV, as a user runs it. */
const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));

function classify(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'classify', ...args], { cwd: root });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

const directory = mkdtempSync(join(tmpdir(), 'switchboard-classify-'));

describe('switchboard classify', () => {
  it('writes one JSON line per line of a JSON-lines file, in order, errors in place', async () => {
    const input = join(directory, 'prompts.jsonl');
    writeFileSync(
      input,
      [
        JSON.stringify({ text: 'Write a Python function that merges two sorted lists and add unit tests with pytest.' }),
        'this line is not JSON',
        JSON.stringify({ text: 'Какие документы нужны для регистрации ООО и сколько стоит госпошлина?' }),
        JSON.stringify({ id: 4 }),
        JSON.stringify({ text: '請把這段話翻譯成英文：我們明天早上九點在車站見面。' }),
      ].join('\n'),
    );
    const { code, stdout, stderr } = await classify([input]);
    expect(code).toBe(0);
    const lines = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatchObject({ category: 'programming', openrouter_category: 'programming', language: 'en' });
    expect(lines[1]).toEqual({ error: 'line 2: not JSON' });
    expect(lines[2].language).toBe('ru');
    expect(lines[3]).toEqual({ error: 'line 4: no string "text" field' });
    expect(lines[4].language).toBe('zh-Hant');
    for (const line of [lines[0], lines[2], lines[4]]) {
      expect(categoryBucket(line.google_path)).toBe(line.category);
      expect(line.confidence).toBeGreaterThan(0);
      expect(line.confidence).toBeLessThanOrEqual(1);
    }
    expect(stderr).toContain('classified 3 of 5 prompts with the local classifier');
  }, 60_000);

  it('reads a CSV text column and writes to --output', async () => {
    const input = join(directory, 'prompts.csv');
    const output = join(directory, 'out.jsonl');
    writeFileSync(
      input,
      'id,prompt\n1,"What are the early symptoms of type 2 diabetes, and how is it diagnosed?"\n2,"Draft a clause defining ""confidential information""\nfor a non-disclosure agreement under Delaware law."\n',
    );
    const { code, stdout } = await classify([input, '--output', output]);
    expect(code).toBe(0);
    expect(stdout).toBe('');
    const lines = readFileSync(output, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.map((line) => line.category)).toEqual(['health', 'legal']);
    expect(lines.every((line) => line.language === 'en')).toBe(true);
  }, 60_000);

  it('names what is wrong with its arguments', async () => {
    expect((await classify([join(directory, 'prompts.jsonl'), '--classifier', 'gpt'])).stderr).toContain('--classifier must be local or model:<model id>');
    expect((await classify([join(directory, 'prompts.jsonl'), '--classifier', 'model:openai/gpt-4o-mini'])).stderr).toContain('give --key or set SWITCHBOARD_API_KEY');
  }, 60_000);
});
