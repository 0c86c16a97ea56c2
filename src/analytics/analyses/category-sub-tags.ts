import { defineAnalysis, type Headline } from './analysis-result.js';
import { classifiedOnly, sampleInfo } from './category-sample.js';

/** Sub-tags the study names, as (category, Google path) pairs. */
const namedSubTags: { key: string; category: string; path: string; study: string }[] = [
  { key: 'roleplay_roleplaying_games', category: 'roleplay', path: '/Games/Roleplaying Games', study: '≈ 58%' },
  { key: 'roleplay_writers_resources', category: 'roleplay', path: '/Books & Literature/Writers Resources', study: '15.6%' },
  { key: 'roleplay_adult', category: 'roleplay', path: '/Adult', study: '15.4%' },
  { key: 'programming_other', category: 'programming', path: '/Computers & Electronics/Programming/Other', study: '> 2/3' },
  { key: 'programming_development_tools', category: 'programming', path: '/Computers & Electronics/Programming/Development Tools', study: '26.4%' },
  { key: 'translation_language_resources', category: 'translation', path: '/Reference/Language Resources/Other', study: '51.1%' },
  { key: 'science_machine_learning', category: 'science', path: '/Science/Computer Science/Machine Learning & Artificial Intelligence', study: '80.4%' },
  { key: 'legal_government_other', category: 'legal', path: '/Law & Government/Government/Other', study: '43.0%' },
  { key: 'legal_legal_other', category: 'legal', path: '/Law & Government/Legal/Other', study: '17.8%' },
];

/** A10 — Sub-tags within the largest categories (Fig 21, 29). */
export const categorySubTags = defineAnalysis({ id: 'A10', title: 'Sub-tags within categories', reference: 'Fig 21, Fig 29' }, async ({ store, period }) => {
  const [rows, sample] = await Promise.all([
    store.query({ dimensions: ['category', 'category_path'], measures: ['tokens', 'requests'], filters: [classifiedOnly], period }),
    sampleInfo(store, period),
  ]);
  const byCategory = new Map<string, { path: string; tokens: number; requests: number }[]>();
  for (const row of rows) {
    const list = byCategory.get(row.category ?? 'other') ?? [];
    list.push({ path: row.category_path ?? '', tokens: row.tokens, requests: row.requests });
    byCategory.set(row.category ?? 'other', list);
  }
  const total = (list: { tokens: number }[]) => list.reduce((sum, item) => sum + item.tokens, 0);
  const largest = [...byCategory.entries()]
    .filter(([category]) => category !== 'other')
    .sort((a, b) => total(b[1]) - total(a[1]))
    .slice(0, 12);
  const shareOf = (category: string, path: string) => {
    const list = byCategory.get(category) ?? [];
    const sum = total(list);
    return sum > 0 ? (list.find((item) => item.path === path)?.tokens ?? 0) / sum : null;
  };
  const maxSubTag = (category: string) => {
    const list = byCategory.get(category) ?? [];
    const sum = total(list);
    return sum > 0 ? Math.max(...list.map((item) => item.tokens / sum)) : null;
  };
  const technology = ['/Computers & Electronics/Software/Intelligent Personal Assistants', '/Computers & Electronics/Software/Business & Productivity Software'].reduce<number | null>((sum, path) => {
    const share = shareOf('technology', path);
    return share === null ? sum : (sum ?? 0) + share;
  }, null);
  const headlines: Headline[] = [
    ...namedSubTags.map((tag) => ({ key: tag.key, label: `${tag.path} within ${tag.category}`, value: shareOf(tag.category, tag.path), format: 'percent' as const, study: tag.study })),
    { key: 'technology_assistants_productivity', label: 'Intelligent assistants + productivity software within technology', value: technology, format: 'percent', study: '≈ 65%' },
    { key: 'health_largest_sub_tag', label: 'Largest sub-tag within health', value: maxSubTag('health'), format: 'percent', study: 'no sub-tag > 25%' },
    { key: 'finance_largest_sub_tag', label: 'Largest sub-tag within finance', value: maxSubTag('finance'), format: 'percent', study: 'no sub-tag > 20%' },
  ];
  // A simulated workload draws sub-tags from fixed weights: these figures echo its inputs.
  for (const headline of headlines) headline.simulatorInput = true;
  return {
    definition:
      'For the 12 largest categories of the classified sample, the token share of each sub-tag (the full Google content-category path) within its category; sub-tags with at least 7% are drawn.',
    figures: largest.map(([category, list]) => {
      const sum = total(list);
      return {
        kind: 'bars' as const,
        title: `Sub-tags of ${category}`,
        bars: list
          .map((item) => ({ label: item.path, value: sum > 0 ? item.tokens / sum : 0 }))
          .filter((bar) => bar.value >= 0.07)
          .sort((a, b) => b.value - a.value),
        format: 'percent' as const,
      };
    }),
    tables: [
      {
        name: 'sub_tag_shares',
        columns: ['category', 'sub_tag', 'requests_in_sample', 'tokens_in_sample', 'share_of_category'],
        rows: largest.flatMap(([category, list]) =>
          list.sort((a, b) => b.tokens - a.tokens).map((item) => [category, item.path, item.requests, item.tokens, total(list) > 0 ? item.tokens / total(list) : 0]),
        ),
      },
    ],
    headlines,
    sample,
    notes: [`Sub-tag shares rest on ${sample.classifiedRequests} classified requests.`],
  };
});
