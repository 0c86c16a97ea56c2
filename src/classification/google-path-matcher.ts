import { type CategoryBucket, categoryBucket } from '../catalog/category-buckets.js';
import { promptTokens } from './prompt-features.js';

/** The path a bucket's prompt gets when none of its paths shares a word with the prompt. */
const defaultPaths: Record<CategoryBucket, string> = {
  programming: '/Computers & Electronics/Programming/Other',
  roleplay: '/Games/Roleplaying Games',
  technology: '/Computers & Electronics/Software/Intelligent Personal Assistants',
  science: '/Science/Other',
  translation: '/Reference/Language Resources/Foreign Language Resources',
  trivia: '/Reference/General Reference/Other',
  academia: '/Jobs & Education/Education/Other',
  marketing: '/Business & Industrial/Advertising & Marketing/Marketing',
  health: '/Health/Other',
  finance: '/Finance/Other',
  legal: '/Law & Government/Legal/Other',
  other: '/People & Society/Other',
};

interface PathWords {
  path: string;
  words: Set<string>;
  norm: number;
}

/**
 * Picks a Google content category path for a prompt within the bucket its classifier chose: the
 * path whose own words (its last two segments, weighted by how rare they are in the taxonomy) the
 * prompt shares most, or the bucket's usual path. The result always maps back to the bucket.
 */
export class GooglePathMatcher {
  private readonly byBucket = new Map<CategoryBucket, PathWords[]>();
  private readonly weight = new Map<string, number>();

  constructor(paths: readonly string[]) {
    const entries = paths.map((path) => ({ path, words: new Set(promptTokens(path.split('/').slice(-2).join(' ')).filter((word) => word.length > 2 && word !== 'other')) }));
    const frequency = new Map<string, number>();
    for (const entry of entries) for (const word of entry.words) frequency.set(word, (frequency.get(word) ?? 0) + 1);
    for (const [word, count] of frequency) this.weight.set(word, Math.log(1 + entries.length / count));
    for (const entry of entries) {
      const bucket = categoryBucket(entry.path);
      const norm = Math.sqrt([...entry.words].reduce((sum, word) => sum + (this.weight.get(word) ?? 0) ** 2, 0)) || 1;
      const list = this.byBucket.get(bucket) ?? [];
      list.push({ ...entry, norm });
      this.byBucket.set(bucket, list);
    }
  }

  /** The path for a prompt (its tokens) in a bucket. */
  pathFor(bucket: CategoryBucket, tokens: readonly string[]): string {
    const present = new Set(tokens);
    let best = defaultPaths[bucket];
    let bestScore = 0;
    for (const entry of this.byBucket.get(bucket) ?? []) {
      let score = 0;
      for (const word of entry.words) if (present.has(word)) score += this.weight.get(word)!;
      score /= entry.norm;
      if (score > bestScore) {
        bestScore = score;
        best = entry.path;
      }
    }
    return best;
  }
}
