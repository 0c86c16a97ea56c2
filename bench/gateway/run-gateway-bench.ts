import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { memoryOf, processRole, processTree } from './bench-process.js';
import { latencyAtConcurrencyOne, load, timeToFirstToken, type LatencySample, type LoadResult } from './measure.js';
import { directTarget, root, startBareProxy, startPortkey, startSwitchboard, startUpstream, type Target } from './targets.js';

/**
 * npm run bench:gateway — the gateway's overhead and throughput against the upstream itself, a
 * bare Node proxy and Portkey's open-source gateway, measured one after another in the same run,
 * on loopback, against the same instant upstream. Prints a table and writes JSON.
 */

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '64' },
    rate: { type: 'string', default: '500' },
    requests: { type: 'string', default: '2000' },
    workers: { type: 'string', default: String(cpus().length) },
    'soak-minutes': { type: 'string', default: '1' },
    only: { type: 'string' },
  },
});
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const rate = Number(values.rate);
const requests = Number(values.requests);
const workers = Number(values.workers);
const soakMinutes = Number(values['soak-minutes']);

interface Row {
  name: string;
  latency: LatencySample;
  firstToken: LatencySample;
  saturation: LoadResult;
  fixedRate: LoadResult;
  peakMiB: number;
  processes: number;
  /** Peak RSS of each process of the target, by role. */
  perProcess: { role: string; pid: number; peakMiB: number }[];
}

const log = (line: string) => process.stderr.write(`${line}\n`);

async function measure(target: Target): Promise<Row> {
  log(`\n${target.name}: ${target.url}`);
  const latency = await latencyAtConcurrencyOne(target, requests, 300);
  log(`  concurrency 1: p50 ${latency.p50.toFixed(3)} ms, p99 ${latency.p99.toFixed(3)} ms`);
  const firstToken = await timeToFirstToken(target, Math.round(requests / 2), 100);
  log(`  streamed, first token: p50 ${firstToken.p50.toFixed(3)} ms`);
  const saturation = await load(target, { seconds, connections });
  log(`  saturation (${connections} connections): ${Math.round(saturation.requestsPerSecond)} req/s, p99 ${saturation.p99} ms, failures ${saturation.failures}`);
  const fixedRate = await load(target, { seconds, connections, rate });
  log(`  at ${rate} req/s: p99 ${fixedRate.p99} ms, failures ${fixedRate.failures}`);
  const root = target.process.child.pid!;
  const tree = processTree(root);
  const perProcess = tree.map((pid) => ({ role: processRole(pid, root, target.name.includes('workers')), pid, peakMiB: memoryOf(pid).peakMiB }));
  const peakMiB = perProcess.reduce((sum, entry) => sum + entry.peakMiB, 0);
  for (const entry of perProcess) log(`  peak RSS ${entry.role} (pid ${entry.pid}): ${entry.peakMiB.toFixed(0)} MiB`);
  return { name: target.name, latency, firstToken, saturation, fixedRate, peakMiB, processes: tree.length, perProcess };
}

/** RSS of the gateway (all its processes) at the start and end of a steady load of `minutes`. */
async function soak(target: Target, minutes: number): Promise<{ minutes: number; startMiB: number; endMiB: number; requests: number; failures: number }> {
  const rss = () => processTree(target.process.child.pid!).reduce((sum, pid) => sum + memoryOf(pid).rssMiB, 0);
  // Warm up first so the start figure is the steady state, not the empty process.
  await load(target, { seconds: 10, connections, rate });
  const startMiB = rss();
  log(`\nsoak ${target.name} for ${minutes} min at ${rate} req/s: RSS at start ${startMiB.toFixed(1)} MiB`);
  const result = await load(target, { seconds: Math.round(minutes * 60), connections, rate });
  const endMiB = rss();
  log(`  RSS at end ${endMiB.toFixed(1)} MiB after ${result.total} requests (${result.failures} failures)`);
  return { minutes, startMiB, endMiB, requests: result.total, failures: result.failures };
}

const fixed = (value: number, digits = 3) => value.toFixed(digits);
const ratio = (value: number, base: number | undefined) => (base ? `${(value / base).toFixed(2)}×` : '—');

async function main(): Promise<void> {
  log(`bench:gateway on ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`);
  log(`load generator, upstream and gateway share the machine; ${seconds} s per load run, ${connections} connections, fixed rate ${rate} req/s`);
  const upstream = await startUpstream();
  const rows: Row[] = [];
  let soakResult: Awaited<ReturnType<typeof soak>> | null = null;
  const wanted = (name: string) => !values.only || values.only.split(',').includes(name);
  try {
    if (wanted('direct')) rows.push(await measure(directTarget(upstream)));
    const runs: [string, () => Promise<Target>][] = [
      ['bare', () => startBareProxy(upstream)],
      ['switchboard', () => startSwitchboard(upstream, 1)],
      // The same with the observatory's classification sample off (languages are still told): default sampling should cost nothing visible.
      ['unsampled', () => startSwitchboard(upstream, 1, { name: 'Switchboard, sampling off', env: { SWITCHBOARD__OBSERVATORY__SAMPLE_RATE: '0' } })],
      // And with the observatory off altogether (no language detection either): what telling every prompt's language costs.
      [
        'unobserved',
        () => startSwitchboard(upstream, 1, { name: 'Switchboard, observatory off', env: { SWITCHBOARD__OBSERVATORY__SAMPLE_RATE: '0', SWITCHBOARD__OBSERVATORY__DETECT_LANGUAGE: 'false' } }),
      ],
      ...(workers > 1 ? [['cluster', () => startSwitchboard(upstream, workers)] as [string, () => Promise<Target>]] : []),
      ['portkey', () => startPortkey(upstream, 18787)],
    ];
    for (const [name, start] of runs) {
      if (!wanted(name)) continue;
      const target = await start();
      try {
        rows.push(await measure(target));
        if (name === 'switchboard' && soakMinutes > 0) soakResult = await soak(target, soakMinutes);
      } finally {
        await target.process.stop();
      }
    }
  } finally {
    await upstream.stop();
  }

  const direct = rows.find((row) => row.name === 'direct');
  const portkey = rows.find((row) => row.name === 'Portkey');
  const bare = rows.find((row) => row.name === 'bare Node proxy');
  const header = [
    'target',
    'added p50 c=1 (ms)',
    'added p99 c=1 (ms)',
    'req/s at saturation',
    'vs direct',
    'vs bare proxy',
    'vs Portkey',
    `p99 at ${rate} req/s (ms)`,
    'first-token overhead p50 (ms)',
    'peak RSS (MiB)',
  ];
  const lines = rows.map((row) => [
    row.name,
    direct && row !== direct ? fixed(row.latency.p50 - direct.latency.p50) : `(${fixed(row.latency.p50)})`,
    direct && row !== direct ? fixed(row.latency.p99 - direct.latency.p99) : `(${fixed(row.latency.p99)})`,
    String(Math.round(row.saturation.requestsPerSecond)) + (row.saturation.failures ? ` (${row.saturation.failures} failed)` : ''),
    ratio(row.saturation.requestsPerSecond, direct?.saturation.requestsPerSecond),
    ratio(row.saturation.requestsPerSecond, bare?.saturation.requestsPerSecond),
    ratio(row.saturation.requestsPerSecond, portkey?.saturation.requestsPerSecond),
    String(row.fixedRate.p99) + (row.fixedRate.failures ? ` (${row.fixedRate.failures} failed)` : ''),
    direct && row !== direct ? fixed(row.firstToken.p50 - direct.firstToken.p50) : `(${fixed(row.firstToken.p50)})`,
    `${fixed(row.peakMiB, 0)}${row.processes > 1 ? ` (${row.processes} processes)` : ''}`,
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column]!.length)));
  const format = (cells: string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`;
  const table = [format(header), `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`, ...lines.map(format)].join('\n');
  process.stdout.write(`\n${table}\n`);
  process.stdout.write('direct: the upstream itself (absolute figures in parentheses); "added" = target minus direct.\n');
  process.stdout.write('\npeak RSS of every process:\n');
  for (const row of rows) for (const entry of row.perProcess) process.stdout.write(`  ${row.name.padEnd(24)} ${entry.role.padEnd(36)} ${fixed(entry.peakMiB, 0).padStart(6)} MiB\n`);
  const bareRow = rows.find((row) => row.name === 'bare Node proxy');
  const single = rows.find((row) => row.name === 'Switchboard');
  const cluster = rows.find((row) => row.name.startsWith('Switchboard ('));
  if (bareRow && single && direct) {
    const servingPeak = Math.max(...single.perProcess.filter((entry) => entry.role === 'serving process').map((entry) => entry.peakMiB));
    const goals = [
      [
        'throughput ≥ 50% of the bare proxy',
        `${((single.saturation.requestsPerSecond / bareRow.saturation.requestsPerSecond) * 100).toFixed(0)}%`,
        single.saturation.requestsPerSecond >= bareRow.saturation.requestsPerSecond / 2,
      ],
      [
        'added p50 at c=1 ≤ 2× the bare proxy',
        `${((single.latency.p50 - direct.latency.p50) / (bareRow.latency.p50 - direct.latency.p50)).toFixed(2)}×`,
        single.latency.p50 - direct.latency.p50 <= 2 * (bareRow.latency.p50 - direct.latency.p50),
      ],
      ['RSS of the serving process ≤ 200 MB', `${servingPeak.toFixed(0)} MiB`, servingPeak <= 200],
      ...(cluster
        ? [
            [
              'serve --workers N no slower than one process',
              `${(cluster.saturation.requestsPerSecond / single.saturation.requestsPerSecond).toFixed(2)}× its req/s`,
              cluster.saturation.requestsPerSecond >= single.saturation.requestsPerSecond,
            ],
          ]
        : []),
    ] as [string, string, boolean][];
    process.stdout.write('\ngoals (issue 11), this run:\n');
    for (const [goal, measured, met] of goals) process.stdout.write(`  ${met ? 'met    ' : 'missed '} ${goal}: ${measured}\n`);
  }
  if (soakResult)
    process.stdout.write(
      `soak: Switchboard RSS ${fixed(soakResult.startMiB, 1)} MiB at start, ${fixed(soakResult.endMiB, 1)} MiB after ${soakResult.minutes} min (${soakResult.requests} requests, ${soakResult.failures} failed)\n`,
    );

  const output = join(root, '.bench', 'results');
  mkdirSync(output, { recursive: true });
  const file = join(output, `gateway-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(
    file,
    JSON.stringify(
      {
        machine: { cores: cpus().length, cpu: cpus()[0]?.model, memoryGiB: totalmem() / 2 ** 30, node: process.version },
        settings: { seconds, connections, rate, requests, workers },
        rows,
        soak: soakResult,
      },
      null,
      2,
    ),
  );
  process.stdout.write(`results: ${file}\n`);
}

await main();
