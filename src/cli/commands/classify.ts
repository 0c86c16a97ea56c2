import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { LanguageDetector } from '../../classification/language/language-detector.js';
import { LocalPromptClassifier, shippedTaxonomy } from '../../classification/local-prompt-classifier.js';
import { ModelPromptClassifier } from '../../classification/model-prompt-classifier.js';
import type { PromptClassifier } from '../../classification/prompt-classification.js';
import { promptLines } from '../../importing/prompt-file.js';
import type { Command } from '../command.js';
import { formatCount, ProgressLine } from '../progress-line.js';

function classifierFor(option: string, gateway: string, key: string | undefined): PromptClassifier {
  if (option === 'local') return LocalPromptClassifier.load();
  if (!option.startsWith('model:') || option.length <= 'model:'.length) throw new Error(`--classifier must be local or model:<model id>, got "${option}"`);
  if (!key) throw new Error('--classifier model:… sends the prompts through a running gateway: give --key or set SWITCHBOARD_API_KEY');
  const url = `${gateway.replace(/\/+$/, '')}/api/v1/chat/completions`;
  return new ModelPromptClassifier(
    option.slice('model:'.length),
    (body) => fetch(url, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    shippedTaxonomy(),
  );
}

export const classifyCommand: Command = {
  name: 'classify',
  summary: 'Classify prompts from a file: category, OpenRouter category, Google path, confidence and language, one JSON line each',
  arguments: '<file>',
  details:
    'The file holds JSON lines with a "text" field, or CSV with a text column (.csv). Writes one JSON line per input\n' +
    'line, in order, to standard output (or --output): {"category","openrouter_category","google_path","confidence","language"}\n' +
    '(or {"error"} for a line without text). Progress goes to standard error. Nothing leaves the machine with the\n' +
    'local classifier; model:<id> sends each prompt through a running gateway (--gateway, --key), which bills it.',
  options: {
    output: { type: 'string', short: 'o', description: 'write the JSON lines to this file instead of standard output', value: 'file' },
    classifier: { type: 'string', description: 'local (default) or model:<model id>', value: 'name' },
    format: { type: 'string', description: 'jsonl or csv (default: by the file name)', value: 'format' },
    column: { type: 'string', description: 'the field or column holding the prompt (default: text, or prompt)', value: 'name' },
    gateway: { type: 'string', description: 'the gateway a model classifier calls (default: http://127.0.0.1:8080)', value: 'url' },
    key: { type: 'string', description: 'API key for --gateway (default: $SWITCHBOARD_API_KEY)', value: 'key' },
  },
  run: async (parsed) => {
    const [path] = parsed.positionals;
    if (!path) throw new Error('name the file of prompts to classify');
    const formatOption = parsed.values.format as string | undefined;
    if (formatOption !== undefined && formatOption !== 'jsonl' && formatOption !== 'csv') throw new Error(`--format must be jsonl or csv, got "${formatOption}"`);
    const format = formatOption ?? (path.toLowerCase().endsWith('.csv') ? 'csv' : 'jsonl');
    const classifier = classifierFor(
      (parsed.values.classifier as string | undefined) ?? 'local',
      (parsed.values.gateway as string | undefined) ?? 'http://127.0.0.1:8080',
      (parsed.values.key as string | undefined) ?? process.env.SWITCHBOARD_API_KEY,
    );
    const detector = await LanguageDetector.create();
    const outputPath = parsed.values.output as string | undefined;
    const output = outputPath ? createWriteStream(outputPath) : process.stdout;
    const progress = new ProgressLine();
    let lines = 0;
    let failed = 0;
    const write = async (value: unknown) => {
      if (!output.write(`${JSON.stringify(value)}\n`)) await once(output, 'drain');
    };
    for await (const line of promptLines(path, format, parsed.values.column as string | undefined)) {
      lines++;
      if ('error' in line) {
        failed++;
        await write({ error: line.error });
      } else {
        const [classification] = await classifier.classify([line.text]);
        const language = detector.detect(line.text).language;
        if (classification) {
          await write({
            category: classification.category,
            openrouter_category: classification.openrouterCategory,
            google_path: classification.googlePath,
            confidence: classification.confidence,
            language,
          });
        } else {
          failed++;
          await write({ error: `line ${lines}: the classifier gave no answer`, language });
        }
      }
      if (lines % 500 === 0) progress.update(`  ${formatCount(lines)} prompts classified`);
    }
    if (outputPath) {
      output.end();
      await once(output, 'finish');
    }
    progress.done(`classified ${formatCount(lines - failed)} of ${formatCount(lines)} prompts with the ${classifier.name} classifier`);
    return failed > 0 && failed === lines ? 1 : 0;
  },
};
