import { defineAnalysis } from './analysis-result.js';
import { categoryShares, classifiedOnly, combinedShare, sampleInfo, shareHeadline } from './category-sample.js';
import { activeWeekIndexes, pivotWeekly, pooledShare, seriesOf, weeklyShares, weeksOf } from './weekly-series.js';

const profiled = ['anthropic', 'google', 'x-ai', 'openai', 'deepseek', 'qwen'];

/** A11 — Category profiles of the main model authors (Fig 22, 23). */
export const authorProfiles = defineAnalysis({ id: 'A11', title: 'Author profiles', reference: 'Fig 22, Fig 23' }, async ({ store, period }) => {
  const weeks = weeksOf(period);
  const sample = await sampleInfo(store, period);
  const perAuthor = await Promise.all(
    profiled.map(async (author) => {
      const filter = { dimension: 'author' as const, operator: '=' as const, value: author };
      const [weekly, overall] = await Promise.all([
        store.query({ dimensions: ['week', 'category'], measures: ['tokens'], filters: [filter, classifiedOnly], period }),
        categoryShares(store, period, [filter]),
      ]);
      const mix = pivotWeekly(
        weekly.map((row) => ({ week: row.week, key: row.category, value: row.tokens })),
        weeks,
      );
      return { author, mix, overall };
    }),
  );
  const profile = (author: string) => perAuthor.find((entry) => entry.author === author)!;
  const openai = profile('openai');
  const openaiFirst = activeWeekIndexes(openai.mix.totals, 4, 'start');
  const openaiLast = activeWeekIndexes(openai.mix.totals, 4, 'end');
  const google = profile('google');
  const googleLast = activeWeekIndexes(google.mix.totals, 4, 'end');
  const xai = profile('x-ai');
  const xaiBeforeLateNovember = weeks.map((week, position) => (week < '2025-11-17' ? position : -1)).filter((position) => position >= 0 && xai.mix.totals[position]! > 0);
  return {
    definition: 'For each of the main model authors, the weekly token share of each category over its classified requests.',
    figures: perAuthor.map(({ author, mix }) => ({
      kind: 'stacked-area' as const,
      title: `Category mix of ${author}`,
      x: weeks,
      series: seriesOf(weeklyShares(mix), mix.keys),
      yFormat: 'percent' as const,
    })),
    tables: [
      {
        name: 'author_category_shares',
        columns: ['author', 'category', 'requests_in_sample', 'share', 'ci_low', 'ci_high'],
        rows: perAuthor.flatMap(({ author, overall }) => [...overall.shares.entries()].map(([category, entry]) => [author, category, entry.requests, entry.share, entry.low, entry.high])),
      },
    ],
    headlines: [
      shareHeadline('anthropic_programming_technology', 'Anthropic: programming + technology share', combinedShare(profile('anthropic').overall, ['programming', 'technology']), '> 80%'),
      {
        key: 'xai_programming_before_late_november',
        label: 'xAI: programming share until mid-November',
        value: pooledShare(xai.mix, ['programming'], xaiBeforeLateNovember),
        format: 'percent',
        study: '> 80% until late November',
      },
      shareHeadline('deepseek_roleplay_casual', 'DeepSeek: roleplay + casual (trivia and uncategorised) share', combinedShare(profile('deepseek').overall, ['roleplay', 'trivia', 'other']), '> 2/3'),
      shareHeadline('qwen_programming', 'Qwen: programming share', combinedShare(profile('qwen').overall, ['programming']), '40–60%'),
      {
        key: 'openai_science_first_weeks',
        label: 'OpenAI: science share, first 4 weeks with labels',
        value: pooledShare(openai.mix, ['science'], openaiFirst),
        format: 'percent',
        study: '> 50% early 2025',
      },
      { key: 'openai_science_last_weeks', label: 'OpenAI: science share, last 4 weeks', value: pooledShare(openai.mix, ['science'], openaiLast), format: 'percent', study: '< 15%' },
      { key: 'openai_programming_last_weeks', label: 'OpenAI: programming share, last 4 weeks', value: pooledShare(openai.mix, ['programming'], openaiLast), format: 'percent', study: '≈ 29%' },
      { key: 'openai_technology_last_weeks', label: 'OpenAI: technology share, last 4 weeks', value: pooledShare(openai.mix, ['technology'], openaiLast), format: 'percent', study: '≈ 29%' },
      {
        key: 'google_programming_last_weeks',
        label: 'Google: programming share, last 4 weeks',
        value: pooledShare(google.mix, ['programming'], googleLast),
        format: 'percent',
        study: '≈ 18% (late 2025)',
      },
      { key: 'google_science_last_weeks', label: 'Google: science share, last 4 weeks', value: pooledShare(google.mix, ['science'], googleLast), format: 'percent', study: '≈ 10%' },
      { key: 'google_legal_last_weeks', label: 'Google: legal share, last 4 weeks', value: pooledShare(google.mix, ['legal'], googleLast), format: 'percent', study: '≈ 5%' },
    ],
    sample,
    notes: [`Author profiles rest on ${sample.classifiedRequests} classified requests.`],
  };
});
