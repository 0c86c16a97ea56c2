/**
 * Google Cloud Natural Language content categories (taxonomy v2) → the study's category buckets.
 *
 * A request's category is the full Google path its sampled prompt was classified into (labels with
 * confidence below 0.5 are dropped before they reach the log). Each path maps to exactly one bucket
 * by its longest matching prefix in the one table below; each row names what in the study it
 * follows. The buckets are OpenRouter's public categories (programming, roleplay, marketing,
 * technology, science, translation, legal, finance, health, trivia, academia) plus `other` for the
 * long tail. Where the study's text and its figures disagree, the figures decide — notably
 * /Adult and /Books & Literature are roleplay here, as Fig 21 shows them among roleplay's sub-tags
 * (writers resources 15.6%, adult 15.4%), though the text lists them as buckets of their own.
 * docs/observatory.md prints this table (test/observatory/observatory-docs.test.ts keeps the two in step).
 */
export const categoryBuckets = ['programming', 'roleplay', 'technology', 'science', 'translation', 'trivia', 'academia', 'marketing', 'health', 'finance', 'legal', 'other'] as const;

export type CategoryBucket = (typeof categoryBuckets)[number];

export interface CategoryMapping {
  prefix: string;
  bucket: CategoryBucket;
  /** The study's figure or text this row follows. */
  follows: string;
}

/** Path prefix → bucket; the longest matching prefix wins. */
export const categoryMappings: readonly CategoryMapping[] = [
  { prefix: '/Computers & Electronics/Programming', bucket: 'programming', follows: 'Fig 21, Fig 29: programming/other > 2/3' },
  { prefix: '/Science/Computer Science/Machine Learning & Artificial Intelligence', bucket: 'science', follows: 'Fig 21: machine learning & AI ≈ 80% of science' },
  { prefix: '/Science/Computer Science', bucket: 'programming', follows: 'Fig 21: the rest of computer science is programming work' },
  { prefix: '/Computers & Electronics', bucket: 'technology', follows: 'Fig 29: assistants and productivity software ≈ 65% of technology' },
  { prefix: '/Internet & Telecom/Web Services/Search Engine Optimization & Marketing', bucket: 'marketing', follows: 'Fig 21, marketing sub-tags' },
  { prefix: '/Internet & Telecom', bucket: 'technology', follows: 'Fig 29: assistants and productivity software ≈ 65% of technology' },
  { prefix: '/News/Technology News', bucket: 'technology', follows: 'Fig 29: assistants and productivity software ≈ 65% of technology' },
  { prefix: '/Games/Roleplaying Games', bucket: 'roleplay', follows: 'Fig 21: roleplaying games ≈ 58% of roleplay' },
  { prefix: '/Adult', bucket: 'roleplay', follows: 'Fig 21: adult ≈ 15.4% of roleplay' },
  { prefix: '/Books & Literature', bucket: 'roleplay', follows: 'Fig 21: writers resources ≈ 15.6% of roleplay' },
  { prefix: '/Arts & Entertainment', bucket: 'roleplay', follows: 'Fig 21: entertainment sub-tags of roleplay' },
  { prefix: '/Online Communities/Virtual Worlds', bucket: 'roleplay', follows: 'Fig 21: virtual worlds within roleplay' },
  { prefix: '/Reference/Language Resources', bucket: 'translation', follows: 'Fig 21: language resources ≈ 51% of translation' },
  { prefix: '/Reference/General Reference/Educational Resources', bucket: 'academia', follows: 'Fig 21, academia sub-tags' },
  { prefix: '/Reference', bucket: 'trivia', follows: 'Fig 21, trivia sub-tags' },
  { prefix: '/News/Health News', bucket: 'health', follows: 'Fig 21: health, no sub-tag above 25%' },
  { prefix: '/News/Business News/Financial Markets News', bucket: 'finance', follows: 'Fig 21: finance, no sub-tag above 20%' },
  { prefix: '/News', bucket: 'trivia', follows: 'Fig 21, trivia sub-tags' },
  { prefix: '/Jobs & Education/Education', bucket: 'academia', follows: 'Fig 21, academia sub-tags' },
  { prefix: '/Science', bucket: 'science', follows: 'Fig 21, science sub-tags' },
  { prefix: '/Business & Industrial/Advertising & Marketing', bucket: 'marketing', follows: 'Fig 21, marketing sub-tags' },
  { prefix: '/Business & Industrial/Business Services/Writing & Editing Services', bucket: 'marketing', follows: 'Fig 21, marketing sub-tags' },
  { prefix: '/Health', bucket: 'health', follows: 'Fig 21: health, no sub-tag above 25%' },
  { prefix: '/Finance', bucket: 'finance', follows: 'Fig 21: finance, no sub-tag above 20%' },
  { prefix: '/Law & Government', bucket: 'legal', follows: 'Fig 21: legal, government ≈ 43%' },
];

/** The table as prefix → bucket pairs. */
export const categoryPrefixes: readonly (readonly [string, CategoryBucket])[] = categoryMappings.map((mapping) => [mapping.prefix, mapping.bucket] as const);

function matches(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}/`);
}

/** The bucket of a Google category path ('other' when no prefix matches). */
export function categoryBucket(path: string): CategoryBucket {
  let best: readonly [string, CategoryBucket] | undefined;
  for (const entry of categoryPrefixes) {
    if (matches(path, entry[0]) && (!best || entry[0].length > best[0].length)) best = entry;
  }
  return best?.[1] ?? 'other';
}

function quote(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/**
 * The same mapping as a ClickHouse expression over `column` (NULL stays NULL). Built from the
 * constant table above — no request value ever reaches this SQL text.
 */
export function categoryBucketSql(column: string): string {
  const ordered = [...categoryPrefixes].sort((a, b) => b[0].length - a[0].length);
  const branches = ordered.map(([prefix, bucket]) => `${column} = ${quote(prefix)} OR startsWith(${column}, ${quote(`${prefix}/`)}), ${quote(bucket)}`);
  return `if(${column} IS NULL, NULL, multiIf(${branches.join(', ')}, 'other'))`;
}
