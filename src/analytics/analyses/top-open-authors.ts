import { defineAnalysis } from './analysis-result.js';

/** The study's Table 1, trillions of tokens (Nov 2024 – Nov 2025). */
export const studyTopOpenAuthors: Record<string, number> = {
  deepseek: 14.37,
  qwen: 5.59,
  'meta-llama': 3.96,
  mistralai: 2.92,
  openai: 1.65,
  minimax: 1.26,
  'z-ai': 1.18,
  tngtech: 1.13,
  moonshotai: 0.92,
  google: 0.82,
};

/** A2 — Top open-model authors by total tokens (Table 1). */
export const topOpenAuthors = defineAnalysis({ id: 'A2', title: 'Top open-model authors', reference: 'Table 1' }, async ({ store, period }) => {
  const rows = await store.query({
    dimensions: ['author'],
    measures: ['tokens'],
    filters: [{ dimension: 'open_weights', operator: '=', value: true }],
    period,
    orderBy: [{ column: 'tokens', descending: true }],
  });
  const openTotal = rows.reduce((sum, row) => sum + row.tokens, 0);
  const top = rows.slice(0, 10);
  return {
    definition: 'Total tokens (prompt + completion) per model author over open-weight models in the period; share is of all open-weight tokens.',
    figures: [{ kind: 'bars', title: 'Tokens by author, open-weight models', bars: top.map((row) => ({ label: row.author ?? 'unknown', value: row.tokens })), format: 'tokens' }],
    tables: [
      {
        name: 'open_tokens_by_author',
        columns: ['rank', 'author', 'tokens', 'share_of_open_tokens', 'study_trillions'],
        rows: rows.map((row, index) => [index + 1, row.author, row.tokens, openTotal > 0 ? row.tokens / openTotal : 0, studyTopOpenAuthors[row.author ?? ''] ?? null]),
      },
    ],
    headlines: top.map((row, index) => ({
      key: `open_author_${index + 1}`,
      label: `#${index + 1} open author: ${row.author}, share of open tokens`,
      value: openTotal > 0 ? row.tokens / openTotal : 0,
      format: 'percent' as const,
      ...(studyTopOpenAuthors[row.author ?? ''] !== undefined ? { study: `${studyTopOpenAuthors[row.author ?? '']}T tokens` } : {}),
    })),
    notes: ['Absolute volumes depend on the size of the log; compare authors by their order and shares.'],
  };
});
