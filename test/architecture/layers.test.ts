import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * `npm test` runs `npm run check:layers` (dependency-cruiser with .dependency-cruiser.cjs) before the
 * tests: a file that imports a higher layer fails it. Here the same rules run over a planted tree
 * (test/fixtures/layering) to show they catch an upward import and a wire format importing another.
 */
const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const cruiser = resolve(root, 'node_modules/.bin/depcruise');

function cruise(directory: string): { status: number | null; output: string } {
  const result = spawnSync(cruiser, ['src', '--config', resolve(root, '.dependency-cruiser.cjs'), '--output-type', 'err'], {
    cwd: directory,
    encoding: 'utf8',
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('the layer rules', () => {
  it('fail on an upward import and on one wire format importing another', () => {
    const { status, output } = cruise(resolve(root, 'test/fixtures/layering'));
    expect(status).not.toBe(0);
    expect(output).toMatch(/no-upward-from-spec: src\/spec\/upward\.ts → src\/gateway\/route\.ts/);
    expect(output).toMatch(/wire-formats-stand-alone: src\/wire\/anthropic-messages\/render\.ts → src\/wire\/openai-chat\/render\.ts/);
  });

  it('hold for the project itself', () => {
    const { status, output } = cruise(root);
    expect(output).toMatch(/no dependency violations found/);
    expect(status).toBe(0);
  });
});
