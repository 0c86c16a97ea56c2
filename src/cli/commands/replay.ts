import { readAzureTrace } from '../../simulation/replay/azure-trace.js';
import { readMooncakeTrace } from '../../simulation/replay/mooncake-trace.js';
import { replayTrace, traceTotals } from '../../simulation/replay/replay-trace.js';
import type { Command } from '../command.js';
import { formatCount, formatDuration, ProgressLine } from '../progress-line.js';

export const replayCommand: Command = {
  name: 'replay',
  summary: 'Replay a production trace (Azure CSV or Mooncake JSON lines) through a running gateway',
  arguments: '<trace.csv|trace.jsonl>',
  details:
    'Each request becomes a legacy completion with exactly its prompt and completion tokens\n' +
    '(max_tokens = min_tokens, reasoning off; the simulator honours them), its prompt built one\n' +
    'block per Mooncake hash id so shared prefixes are cache hits, sent at its time divided by\n' +
    '--speed and stamped with the trace’s time (the gateway needs simulation.trust_headers: true;\n' +
    '--timestamps wall-clock otherwise). Example:\n' +
    '  switchboard replay ../shared/data/azure-llm-trace-2023-code.csv --gateway http://127.0.0.1:8080 --speed 60',
  options: {
    gateway: { type: 'string', description: 'gateway base URL (default http://127.0.0.1:8080)', value: 'url' },
    key: { type: 'string', description: 'API key (default: $SWITCHBOARD_API_KEY or anonymous local)', value: 'key' },
    model: { type: 'string', short: 'm', description: 'model to send to (default openai/gpt-4o-mini)', value: 'id' },
    speed: { type: 'string', description: 'time compression, or "max" for as fast as concurrency allows (default 60)', value: 'factor' },
    concurrency: { type: 'string', description: 'most requests in flight (default 32)', value: 'count' },
    stream: { type: 'boolean', description: 'stream every response' },
    limit: { type: 'string', description: 'replay only the first N rows', value: 'count' },
    timestamps: { type: 'string', description: '"trace" (default: the records carry the trace’s times) or "wall-clock"', value: 'whose' },
    'trace-start': { type: 'string', description: 'when a Mooncake trace (relative times) begins (default 2024-06-01T00:00:00Z)', value: 'iso-time' },
  },
  run: async (parsed) => {
    const [path] = parsed.positionals;
    if (!path) throw new Error('name the trace CSV to replay');
    const { values } = parsed;
    const speedText = typeof values.speed === 'string' ? values.speed : '60';
    const speed = speedText === 'max' ? Number.POSITIVE_INFINITY : Number(speedText);
    if (!(speed > 0)) throw new Error(`--speed must be a positive number or "max", got "${speedText}"`);
    const concurrency = typeof values.concurrency === 'string' ? Number(values.concurrency) : 32;
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error(`--concurrency must be a positive integer, got "${values.concurrency}"`);
    const timestamps = typeof values.timestamps === 'string' ? values.timestamps : 'trace';
    if (timestamps !== 'trace' && timestamps !== 'wall-clock') throw new Error(`--timestamps must be "trace" or "wall-clock", got "${timestamps}"`);
    const startText = typeof values['trace-start'] === 'string' ? values['trace-start'] : '2024-06-01T00:00:00Z';
    const startMs = Date.parse(startText);
    if (Number.isNaN(startMs)) throw new Error(`--trace-start must be an ISO-8601 time, got "${startText}"`);
    let trace = /\.jsonl?$/i.test(path) ? await readMooncakeTrace(path, startMs) : await readAzureTrace(path);
    if (typeof values.limit === 'string') trace = trace.slice(0, Number(values.limit));
    const totals = traceTotals(trace);
    const key = typeof values.key === 'string' ? values.key : process.env.SWITCHBOARD_API_KEY;
    const progress = new ProgressLine();
    const summary = await replayTrace(trace, {
      gateway: typeof values.gateway === 'string' ? values.gateway : 'http://127.0.0.1:8080',
      model: typeof values.model === 'string' ? values.model : 'openai/gpt-4o-mini',
      speed,
      concurrency,
      stream: values.stream === true,
      timestamps,
      ...(key ? { key } : {}),
      onProgress: (done, total) => progress.update(`  ${formatCount(done)} / ${formatCount(total)} requests`),
    });
    progress.done(
      `replayed ${formatCount(summary.requests)} requests in ${formatDuration(summary.milliseconds)}: ${formatCount(summary.succeeded)} answered, ${formatCount(summary.failed.length)} failed`,
    );
    process.stdout.write(
      `trace:   ${formatCount(totals.requests)} requests, ${formatCount(totals.contextTokens)} prompt tokens, ${formatCount(totals.generatedTokens)} completion tokens\n` +
        `gateway: ${formatCount(summary.succeeded)} requests, ${formatCount(summary.promptTokens)} prompt tokens (${formatCount(summary.cachedTokens)} cached), ${formatCount(summary.completionTokens)} completion tokens\n`,
    );
    for (const failure of summary.failed.slice(0, 5)) process.stderr.write(`  row ${failure.index + 2}: ${failure.status} ${failure.message.slice(0, 200)}\n`);
    return summary.failed.length === 0 ? 0 : 1;
  },
};
