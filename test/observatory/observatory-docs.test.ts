import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyses } from '../../src/analytics/analyses/analysis-registry.js';
import { studyTolerances } from '../../src/analytics/analyses/study-tolerances.js';
import { categoryMappings } from '../../src/catalog/category-buckets.js';
import { genericColumns } from '../../src/importing/sources/generic-records.js';

const observatory = readFileSync(new URL('../../docs/observatory.md', import.meta.url), 'utf8');
const importFormat = readFileSync(new URL('../../docs/import-format.md', import.meta.url), 'utf8');

describe('the observatory docs stay in step with the code', () => {
  it('lists every analysis with its title', () => {
    for (const analysis of analyses) expect(observatory).toContain(`| ${analysis.id} | ${analysis.title} |`);
  });

  it('prints the one category-bucket table, row by row, with what each row follows', () => {
    for (const mapping of categoryMappings) expect(observatory).toContain(`| \`${mapping.prefix}\` | ${mapping.bucket} | ${mapping.follows} |`);
  });

  it('prints the comparison with the study with one row per figure that has a tolerance, each with its verdict', () => {
    for (const [id, rows] of Object.entries(studyTolerances)) {
      const printed = [...observatory.matchAll(new RegExp(`^\\| ${id} \\| .* \\| [^|]*: (within|outside|no value) \\|$`, 'gm'))];
      expect(printed.length, id).toBe(Object.keys(rows).length);
    }
  });

  it('names only real generation-record columns in the import format', () => {
    const names = new Set<string>(genericColumns.map(([name]) => name));
    const documented = [...importFormat.matchAll(/^\| `([a-z_]+)`/gm)].map((match) => match[1]!);
    expect(documented.length).toBeGreaterThan(5);
    for (const name of documented) if (!['openrouter-activity', 'openrouter-generations', 'csv', 'ndjson', 'parquet'].includes(name.replaceAll('_', '-'))) expect(names.has(name), name).toBe(true);
  });
});
