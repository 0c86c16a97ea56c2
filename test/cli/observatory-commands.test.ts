import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { sharedDataFile } from '../helpers/shared-data.js';

/**
 * The observatory's commands as a user runs them, each in its own process (embedded chDB admits
 * one data directory per process): simulate, report, import, demo, replay, and report --gateway
 * while a gateway holds the store.
 */
const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const directory = mkdtempSync(join(tmpdir(), 'switchboard-cli-observatory-'));
const children: ChildProcess[] = [];

function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: root });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code: code ?? -1, stdout, stderr }));
  });
}

afterAll(() => {
  for (const child of children) child.kill('SIGTERM');
});

describe('observatory commands', () => {
  const store = join(directory, 'simulated');

  it('simulate writes a seeded year into the named store; report runs chosen analyses over it', async () => {
    const simulated = await cli('simulate', '--records', '20000', '--seed', '3', '--data-dir', store);
    expect(simulated.code, simulated.stderr).toBe(0);
    expect(simulated.stderr).toMatch(/wrote [\d,]+ records \([\d,]+ accounts, \d+ models, 2024-07-01 – 2025-12-01\)/);

    const out = join(directory, 'report-a1-a14');
    const report = await cli('report', 'A1', 'a14', '--data-dir', store, '--out', out, '--model', 'anthropic/claude-sonnet-4', '--from', '2025-01-01');
    expect(report.code, report.stderr).toBe(0);
    expect(report.stderr).toContain('[2/2] A14');
    expect(report.stdout).toMatch(/period 2025-01-01 – 2025-12-01/);
    expect(report.stdout).toMatch(/report took .* over [\d,]+ generations/);
    for (const file of ['report.html', 'summary.md', 'results.json']) expect(existsSync(join(out, file))).toBe(true);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { analyses: { id: string; tables: { rows: unknown[][] }[] }[] };
    expect(results.analyses.map((analysis) => analysis.id)).toEqual(['A1', 'A14']);
    expect(results.analyses[1]!.tables[0]!.rows.every((row) => row[0] === 'anthropic/claude-sonnet-4')).toBe(true);

    const unknown = await cli('report', 'A42', '--data-dir', store);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/unknown analysis "A42"/);
    const badDate = await cli('report', '--data-dir', store, '--from', '2025-02-30');
    expect(badDate.stderr).toMatch(/--from must be a date/);
  }, 240_000);

  it('report --gateway reads a running gateway when it holds the store', async () => {
    const admin = await cli('keys', 'create', '--management', '--name', 'operator', '--data-dir', store, '--json');
    expect(admin.code, admin.stderr).toBe(0);
    const managementKey = (JSON.parse(admin.stdout) as { key: string }).key;
    const gateway = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--data-dir', store, '--port', '0'], {
      cwd: root,
      env: { ...process.env, SWITCHBOARD__LOGGING__LEVEL: 'warn', SWITCHBOARD__AUTH__ANONYMOUS: 'true' },
    });
    children.push(gateway);
    const url = await new Promise<string>((done, fail) => {
      let text = '';
      gateway.stderr.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        const match = /listening on (http:\/\/[^/\s]+)\/api\/v1/.exec(text);
        if (match) done(match[1]!);
      });
      gateway.on('close', () => fail(new Error(`gateway exited: ${text}`)));
    });

    const locked = await cli('report', 'A13', '--data-dir', store);
    expect(locked.code).toBe(1);
    expect(locked.stderr).toMatch(/in use by a running gateway/);
    expect(locked.stderr).toMatch(/--gateway/);

    const out = join(directory, 'report-remote');
    const remote = await cli('report', 'A13', 'A17', '--gateway', url, '--key', managementKey, '--out', out);
    expect(remote.code, remote.stderr).toBe(0);
    expect(remote.stdout).toMatch(/English share of tokens/);
    expect(existsSync(join(out, 'report.html'))).toBe(true);

    const trace = sharedDataFile('azure-llm-trace-2023-code.csv');
    // This gateway does not take simulation headers: a replay with the trace's times is refused, saying why.
    const stamped = await cli('replay', trace, '--gateway', url, '--limit', '5', '--speed', 'max');
    expect(stamped.code).not.toBe(0);
    expect(stamped.stderr).toMatch(/trust_headers/);
    const replay = await cli('replay', trace, '--gateway', url, '--limit', '60', '--speed', 'max', '--timestamps', 'wall-clock');
    expect(replay.code, replay.stderr).toBe(0);
    const trace60 = /trace:\s+60 requests, ([\d,]+) prompt tokens, ([\d,]+) completion tokens/.exec(replay.stdout);
    const served = /gateway: 60 requests, ([\d,]+) prompt tokens \([\d,]+ cached\), ([\d,]+) completion tokens/.exec(replay.stdout);
    expect(served?.slice(1), replay.stdout).toEqual(trace60?.slice(1));
    gateway.kill('SIGTERM');
  }, 240_000);

  it('import reads an OpenRouter export into a store and reports rows it could not read', async () => {
    const imported = await cli('import', join(root, 'test/fixtures/import/openrouter-activity.csv'), '--data-dir', join(directory, 'imported'), '--country', 'us');
    expect(imported.code).toBe(1);
    expect(imported.stderr).toMatch(/imported 5 of 6 rows/);
    expect(imported.stderr).toMatch(/row 6: created_at "not a time"/);
    expect(imported.stderr).toMatch(/someone\/model-not-in-any-catalog/);
    const badFormat = await cli('import', 'whatever.txt', '--data-dir', join(directory, 'imported'));
    expect(badFormat.stderr).toMatch(/pass --format/);
  }, 120_000);

  it('demo generates into a demo store of its own and writes the whole report; a second run reuses it', async () => {
    const data = join(directory, 'main');
    const first = await cli('demo', '--records', '15000', '--data-dir', data);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain('[17/17] A17');
    expect(first.stdout).toMatch(/open file:\/\/.*\/main\/demo\/report\/report\.html/);
    expect(existsSync(join(data, 'demo', 'report', 'report.html'))).toBe(true);
    expect(existsSync(join(data, 'generation-store'))).toBe(false);
    // A simulated log: the figures that only echo the simulator's inputs say so; the others do not.
    const summary = readFileSync(join(data, 'demo', 'report', 'summary.md'), 'utf8');
    expect(summary).toMatch(/English share of tokens \| [\d.]+% \(an input of the simulated workload, not a finding\)/);
    expect(summary).toMatch(/Roleplaying Games within roleplay \| [\d.]+% \(an input of the simulated workload, not a finding\)/);
    expect(summary).toMatch(/Reasoning-model share of tokens, last 4 weeks \(weeks of [-\d]+ – [-\d]+\) \| [\d.]+% \|/);
    expect(readFileSync(join(data, 'demo', 'report', 'report.html'), 'utf8')).toContain('This log holds simulated records');
    // Each study figure with its tolerance and verdict, counted at the top and in the printed summary.
    expect(summary).toMatch(/\| figure \| this log \| the study \| accepted as the study's \|/);
    expect(summary).toMatch(/English share of tokens \| [^|]+ \| 82\.87% \| 80% – 86%: (within|outside) \|/);
    expect(summary).toMatch(/Figures within the tolerance at which they are taken as the study's: \d+ of 98\./);
    expect(first.stdout).toMatch(/study figures within the tolerance at which they are taken as the study's: \d+ of 98/);
    expect(readFileSync(join(data, 'demo', 'report', 'report.html'), 'utf8')).toContain("Accepted as the study's");
    const second = await cli('demo', '--data-dir', data);
    expect(second.stderr).toMatch(/already holds [\d,]+ records/);
  }, 240_000);
});
