import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';

/**
 * Issue 3's end-to-end check of the observatory: the real CLI generates 1,000,000 records, runs
 * `switchboard report` over them (the time it took is printed), and the HTML opens in Debian's
 * Chromium with every chart drawn; a screenshot is kept.
 */
const chromiumPath = '/usr/bin/chromium';

function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: process.cwd(), env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

describe('switchboard report on a million generated records, in Chromium', () => {
  it('writes the report, prints its time, and every chart is drawn', async () => {
    expect(existsSync(chromiumPath), `${chromiumPath} is missing: install Debian's chromium (apt-get install chromium), as .ci/run does`).toBe(true);
    const directory = mkdtempSync(join(tmpdir(), 'switchboard-browser-'));
    const dataDirectory = join(directory, 'data');
    const reportDirectory = join(directory, 'report');

    const simulated = await runCli(['simulate', '--records', '1000000', '--seed', '7', '--data-dir', dataDirectory]);
    expect(simulated.code, simulated.stderr).toBe(0);
    // The whole generated year (by default the report covers the study's window, which it spans).
    const report = await runCli(['report', '--data-dir', dataDirectory, '--out', reportDirectory, '--from', '2024-07-01', '--to', '2025-12-01']);
    expect(report.code, report.stderr).toBe(0);
    const took = /report took (.+) \(analyses (.+)\) over ([\d,]+) generations/.exec(report.stdout);
    expect(took, report.stdout).not.toBeNull();
    expect(Number(took![3]!.replaceAll(',', ''))).toBeGreaterThanOrEqual(1_000_000);
    process.stdout.write(`switchboard report over ${took![3]} generations took ${took![1]} (analyses ${took![2]})\n`);
    expect(report.stderr).toContain('[17/17] A17');
    const byDefault = await runCli(['report', 'A1', '--data-dir', dataDirectory, '--out', join(directory, 'report-default')]);
    expect(byDefault.stderr).toMatch(/over 2024-11-03 – 2025-12-01/);

    const results = JSON.parse(readFileSync(join(reportDirectory, 'results.json'), 'utf8')) as { analyses: { id: string; figures: unknown[] }[] };
    const figureCount = results.analyses.reduce((sum, analysis) => sum + analysis.figures.length, 0);
    expect(results.analyses.map((analysis) => analysis.id)).toHaveLength(17);

    const browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(String(error)));
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      await page.goto(pathToFileURL(join(reportDirectory, 'report.html')).href, { waitUntil: 'load' });
      const charts = await page.$$eval('svg.chart', (svgs) =>
        svgs.map((svg) => {
          const box = svg.getBoundingClientRect();
          // Data marks: the series' shapes (areas, bars, lines, points), with a size on screen.
          const drawn = [...svg.querySelectorAll('polygon, path, rect, circle')].filter((mark) => {
            const painted = [mark.getAttribute('fill'), mark.getAttribute('stroke')].some((paint) => paint !== null && paint !== 'none');
            const markBox = (mark as unknown as { getBBox(): { width: number; height: number } }).getBBox();
            return painted && (markBox.width > 0 || markBox.height > 0);
          });
          return { label: svg.getAttribute('aria-label') ?? '', width: box.width, height: box.height, marks: drawn.length };
        }),
      );
      expect(charts).toHaveLength(figureCount);
      for (const chart of charts) {
        expect(chart.width, chart.label).toBeGreaterThan(100);
        expect(chart.height, chart.label).toBeGreaterThan(50);
        expect(chart.marks, `${chart.label} has no data drawn`).toBeGreaterThan(0);
      }
      // Beside every figure: the definition used; for category figures, the sample and its interval.
      const sections = await page.$$eval('section', (elements) =>
        elements.map((element) => ({ definition: element.querySelector('.definition') !== null, charts: element.querySelectorAll('svg.chart').length })),
      );
      for (const section of sections.filter((item) => item.charts > 0)) expect(section.definition).toBe(true);
      expect(await page.$$eval('.sample', (elements) => elements.length)).toBeGreaterThanOrEqual(4);
      expect(errors).toEqual([]);
      const screenshot = join(directory, 'report.png');
      await page.screenshot({ path: screenshot, fullPage: true });
      expect(readFileSync(screenshot).length).toBeGreaterThan(50_000);
      process.stdout.write(`screenshot: ${screenshot}\n`);
    } finally {
      await browser.close();
    }
  }, 600_000);
});
