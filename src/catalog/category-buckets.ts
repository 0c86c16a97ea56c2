/**
 * Google Cloud Natural Language content categories (taxonomy v2) → the study's category buckets.
 *
 * A request's category is the full Google path its sampled prompt was classified into (labels with
 * confidence below 0.5 are dropped before they reach the log). Each path maps to exactly one bucket
 * by its longest matching prefix below. The buckets are OpenRouter's public categories (programming,
 * roleplay, marketing, technology, science, translation, legal, finance, health, trivia, academia)
 * plus `other` for the long tail. Where the study's text and its figures disagree, the figures
 * decide, and the choice is written here:
 *  - /Science/Computer Science/Machine Learning & Artificial Intelligence is science (Fig 21 counts
 *    it as 80% of science); the rest of /Science/Computer Science is programming.
 *  - /Adult and /Books & Literature/Writers Resources are roleplay (Fig 21's roleplay sub-tags).
 *  - /Computers & Electronics/Software/* is technology (Fig 29: intelligent assistants and
 *    productivity software dominate technology).
 */
export const categoryBuckets = ['programming', 'roleplay', 'technology', 'science', 'translation', 'trivia', 'academia', 'marketing', 'health', 'finance', 'legal', 'other'] as const;

export type CategoryBucket = (typeof categoryBuckets)[number];

/** Path prefix → bucket; the longest matching prefix wins. */
export const categoryPrefixes: readonly (readonly [string, CategoryBucket])[] = [
  ['/Computers & Electronics/Programming', 'programming'],
  ['/Science/Computer Science/Machine Learning & Artificial Intelligence', 'science'],
  ['/Science/Computer Science', 'programming'],
  ['/Computers & Electronics', 'technology'],
  ['/Internet & Telecom/Web Services/Search Engine Optimization & Marketing', 'marketing'],
  ['/Internet & Telecom', 'technology'],
  ['/News/Technology News', 'technology'],
  ['/Games/Roleplaying Games', 'roleplay'],
  ['/Adult', 'roleplay'],
  ['/Books & Literature', 'roleplay'],
  ['/Arts & Entertainment', 'roleplay'],
  ['/Online Communities/Virtual Worlds', 'roleplay'],
  ['/Reference/Language Resources', 'translation'],
  ['/Reference/General Reference/Educational Resources', 'academia'],
  ['/Reference', 'trivia'],
  ['/News/Health News', 'health'],
  ['/News/Business News/Financial Markets News', 'finance'],
  ['/News', 'trivia'],
  ['/Jobs & Education/Education', 'academia'],
  ['/Science', 'science'],
  ['/Business & Industrial/Advertising & Marketing', 'marketing'],
  ['/Business & Industrial/Business Services/Writing & Editing Services', 'marketing'],
  ['/Health', 'health'],
  ['/Finance', 'finance'],
  ['/Law & Government', 'legal'],
];

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
