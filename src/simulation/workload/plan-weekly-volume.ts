import { categoryBuckets, type CategoryBucket } from '../../catalog/category-buckets.js';
import type { SeededRandom } from '../../providers/simulator/seeded-random.js';
import { categoryProfiles } from './category-profiles.js';
import { iterativeProportionalFit } from './iterative-proportional-fit.js';
import { popularity, type ResolvedRosterModel } from './resolve-roster.js';
import {
  categoryMix,
  chinaShare,
  completionLengthFactor,
  meanCompletionTokens,
  meanPromptTokens,
  premiumPreference,
  promptLengthFactor,
  restOfWorldShare,
  toolSpike,
  weeklyRequests,
} from './study-scenario.js';

/** How many requests of one model and category a week holds. */
export interface PlannedCell {
  model: number;
  category: CategoryBucket;
  requests: number;
  /** Requests of the May tool-calling spike (one agent platform's traffic). */
  spike: boolean;
}

export interface WeekPlan {
  /** Monday 00:00 UTC, ms. */
  start: number;
  cells: PlannedCell[];
  /** Mean prompt tokens of each category this week. */
  promptMean: Record<CategoryBucket, number>;
  /** Mean completion tokens of each category this week (before the model's factor). */
  completionMean: Record<CategoryBucket, number>;
}

const weekMs = 7 * 86_400_000;

export function mondays(from: string, to: string): number[] {
  const weeks: number[] = [];
  let day = Math.floor(Date.parse(`${from}T00:00:00Z`) / 86_400_000);
  day -= (day + 3) % 7;
  for (let time = day * 86_400_000; time < Date.parse(`${to}T00:00:00Z`); time += weekMs) weeks.push(time);
  return weeks;
}

/**
 * Splits `total` into integer parts proportional to `weights` by systematic sampling: the parts sum
 * to `total` exactly and each part's expected value is its exact share, so even a cell with a tiny
 * weight gets a request now and then.
 */
export function apportion(total: number, weights: readonly number[], random: SeededRandom): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum <= 0 || total <= 0) return weights.map(() => 0);
  const offset = random.next();
  let cumulative = 0;
  let previous = Math.floor(offset);
  return weights.map((weight) => {
    cumulative += (weight / sum) * total;
    const next = Math.floor(cumulative + offset);
    const part = next - previous;
    previous = next;
    return part;
  });
}

/**
 * Plans every week: the token share of each model (source-group curves × popularity within the
 * group), the category mix, a model × category token table fitted to both from the author
 * profiles, and from it the number of requests per cell given each category's prompt length.
 */
/**
 * Price response within each source group: a model's popularity is scaled by (its price ÷ its
 * group's median price) to the power −priceElasticity, so that among otherwise alike models the
 * cheaper draw more use — the study's near-flat negative relation of usage to price (Fig 27,
 * Table 3: 10% lower price, about 0.5–0.7% more usage). The source groups' totals stay their own
 * curves; roster weights are set with the response in place.
 */
export const priceElasticity = 0.2;

/** USD per token of a typical request's mix: four prompt tokens to one completion token. */
function blendedPrice(model: ResolvedRosterModel): number {
  return (4 * model.pricing.prompt + model.pricing.completion) / 5;
}

function priceResponses(models: readonly ResolvedRosterModel[]): number[] {
  const medians = new Map<string, number>();
  for (const group of new Set(models.map((model) => model.group))) {
    const prices = models
      .filter((model) => model.group === group)
      .map(blendedPrice)
      .filter((price) => price > 0)
      .sort((a, b) => a - b);
    medians.set(group, prices[Math.floor(prices.length / 2)] ?? 1);
  }
  return models.map((model) => {
    const price = blendedPrice(model);
    return price > 0 ? (price / medians.get(model.group)!) ** -priceElasticity : 1;
  });
}

export function planWeeks(models: readonly ResolvedRosterModel[], weeks: readonly number[], records: number, random: SeededRandom): WeekPlan[] {
  const responses = priceResponses(models);
  const prices = models
    .map(blendedPrice)
    .filter((price) => price > 0)
    .sort((a, b) => a - b);
  const medianPrice = prices[Math.floor(prices.length / 2)] ?? 1;
  const relativePrice = models.map((model) => Math.max(blendedPrice(model), 1e-9) / medianPrice);
  const windowStart = weeks[0]!;
  const windowEnd = weeks.at(-1)!;
  const volumes = weeks.map((week) => weeklyRequests(week));
  const requestsPerWeek = apportion(records, volumes, random);
  const spikeFrom = Date.parse(`${toolSpike.from}T00:00:00Z`);
  const spikeTo = Date.parse(`${toolSpike.to}T00:00:00Z`);

  return weeks.map((start, weekIndex) => {
    const middle = start + weekMs / 2;

    // Model token shares.
    const groupTargets = { 'oss-china': chinaShare(middle), 'oss-row': restOfWorldShare(middle), closed: 0 };
    groupTargets.closed = 1 - groupTargets['oss-china'] - groupTargets['oss-row'];
    const weights = models.map((model, index) => popularity(model, middle) * responses[index]!);
    const groupWeight = { closed: 0, 'oss-china': 0, 'oss-row': 0 };
    models.forEach((model, index) => {
      groupWeight[model.group] += weights[index]!;
    });
    const shares = models.map((model, index) => (groupWeight[model.group] > 0 ? (groupTargets[model.group] * weights[index]!) / groupWeight[model.group] : 0));
    const shareSum = shares.reduce((a, b) => a + b, 0);
    const rowTargets = shares.map((share) => share / shareSum);

    // Category mix and the fitted model × category token table.
    const mix = categoryMix(middle);
    const mixSum = categoryBuckets.reduce((sum, bucket) => sum + (mix.get(bucket) ?? 0), 0);
    const columnTargets = categoryBuckets.map((bucket) => (mix.get(bucket) ?? 0) / mixSum);
    const prior = models.map((model, modelIndex) => {
      const profile = categoryProfiles[model.profile];
      const profileFrom = profile.from ? Date.parse(`${profile.from}T00:00:00Z`) : windowStart;
      const profileTo = profile.to ? Date.parse(`${profile.to}T00:00:00Z`) : windowEnd;
      const progress = Math.min(1, Math.max(0, (middle - profileFrom) / Math.max(1, profileTo - profileFrom)));
      return categoryBuckets.map((bucket) => {
        const early = profile.early[bucket] ?? 0;
        const late = profile.late[bucket] ?? 0;
        return Math.max(1e-6, early + (late - early) * progress) * relativePrice[modelIndex]! ** premiumPreference[bucket];
      });
    });
    const tokens = iterativeProportionalFit(prior, rowTargets, columnTargets);

    // Tokens → requests: each category's prompt and completion length, scaled so the mean prompt
    // and the mean (base) completion per request meet the week's targets.
    let base = meanPromptTokens(middle);
    let completionBase = meanCompletionTokens(middle);
    let requestWeights: number[][] = [];
    for (let iteration = 0; iteration < 4; iteration++) {
      requestWeights = tokens.map((row, modelIndex) =>
        row.map((value, bucketIndex) => {
          const bucket = categoryBuckets[bucketIndex]!;
          return value / (base * promptLengthFactor[bucket] + completionBase * completionLengthFactor[bucket] * (models[modelIndex]!.completionFactor ?? 1));
        }),
      );
      let requests = 0;
      let prompt = 0;
      let completion = 0;
      for (const row of requestWeights) {
        row.forEach((weight, bucketIndex) => {
          requests += weight;
          prompt += weight * promptLengthFactor[categoryBuckets[bucketIndex]!];
          completion += weight * completionLengthFactor[categoryBuckets[bucketIndex]!];
        });
      }
      base = (meanPromptTokens(middle) * requests) / prompt;
      completionBase = (meanCompletionTokens(middle) * requests) / completion;
    }
    const flat = requestWeights.flat();
    const counts = apportion(requestsPerWeek[weekIndex]!, flat, random);
    const cells: PlannedCell[] = [];
    counts.forEach((count, index) => {
      if (count > 0) cells.push({ model: Math.floor(index / categoryBuckets.length), category: categoryBuckets[index % categoryBuckets.length]!, requests: count, spike: false });
    });
    if (start >= spikeFrom && start < spikeTo) {
      const extra = Math.round(requestsPerWeek[weekIndex]! * toolSpike.extraShare);
      const spikeModels = toolSpike.models.map((id) => models.findIndex((model) => model.id === id)).filter((index) => index >= 0);
      apportion(
        extra,
        spikeModels.map(() => 1),
        random,
      ).forEach((count, index) => {
        if (count > 0) cells.push({ model: spikeModels[index]!, category: 'technology', requests: count, spike: true });
      });
    }
    const promptMean = Object.fromEntries(categoryBuckets.map((bucket) => [bucket, base * promptLengthFactor[bucket]])) as Record<CategoryBucket, number>;
    const completionMean = Object.fromEntries(categoryBuckets.map((bucket) => [bucket, completionBase * completionLengthFactor[bucket]])) as Record<CategoryBucket, number>;
    return { start, cells, promptMean, completionMean };
  });
}
