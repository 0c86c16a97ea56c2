import { computeCost } from '../../accounting/compute-cost.js';
import type { CategoryBucket } from '../../catalog/category-buckets.js';
import type { ModelCatalog } from '../../catalog/model-catalog.js';
import { attributeApp } from '../../accounts/attribute-app.js';
import { SeededRandom } from '../../providers/simulator/seeded-random.js';
import type { FinishReason } from '../../spec/finish-reason.js';
import type { GenerationRecord } from '../../spec/generation-record.js';
import { subTags } from './category-profiles.js';
import { mondays, planWeeks } from './plan-weekly-volume.js';
import { resolveRoster, type ResolvedRosterModel } from './resolve-roster.js';
import { studyRoster } from './study-roster.js';
import { appsByCategory, cacheReuse, classificationStart, generationWindow, languageMix, reasoningShareOfCompletion, toolCallRate, toolUse, toolUseRamp, unattributedShare } from './study-scenario.js';
import { monthOf, UserCohorts, type Account } from './user-cohorts.js';

export interface StudyWorkloadOptions {
  /** Generation records to produce (the requests of the simulated platform). */
  records: number;
  seed?: number;
  /** Share of requests whose prompt was classified into a category (the study sampled 0.25%). */
  classificationRate?: number;
  /** Records per batch handed to the sink. */
  batchSize?: number;
}

export interface WorkloadSummary {
  records: number;
  accounts: number;
  models: number;
  from: string;
  to: string;
}

const weekMs = 7 * 86_400_000;
/** The fewest completion tokens a tool-call answer has: one call's name and JSON arguments (a replayed call takes 14). */
const toolCallTokens = 16;
const idAlphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function logNormalWithMean(random: SeededRandom, mean: number, sigma: number): number {
  return Math.exp(Math.log(mean) - (sigma * sigma) / 2 + sigma * random.normal());
}

function cumulative<T>(entries: readonly (readonly [T, number])[]): { values: T[]; thresholds: number[] } {
  const values: T[] = [];
  const thresholds: number[] = [];
  let total = 0;
  for (const [value, weight] of entries) {
    total += weight;
    values.push(value);
    thresholds.push(total);
  }
  return { values, thresholds: thresholds.map((threshold) => threshold / total) };
}

function pick<T>(random: SeededRandom, table: { values: T[]; thresholds: number[] }): T {
  const draw = random.next();
  for (let index = 0; index < table.thresholds.length; index++) if (draw < table.thresholds[index]!) return table.values[index]!;
  return table.values.at(-1)!;
}

/**
 * Generates a year of platform traffic calibrated to "State of AI" as generation records: model
 * launches and fading, the study's source-group and category curves, growing prompts, reasoning
 * and tool use, users who arrive, stay, churn or come back (with the study's foundational and
 * boomerang cohorts), billing regions, languages, apps, and the catalog's real prices with cache
 * discounts. Seeded: the same options give the same records. Records reach `sink` in batches.
 */
export async function generateStudyWorkload(
  options: StudyWorkloadOptions,
  catalog: ModelCatalog,
  sink: (records: GenerationRecord[]) => Promise<void>,
  onProgress?: (done: number, total: number) => void,
): Promise<WorkloadSummary> {
  const random = new SeededRandom(options.seed ?? 2025);
  const classificationRate = options.classificationRate ?? 0.0025;
  const batchSize = options.batchSize ?? 50_000;
  const models = resolveRoster(studyRoster, catalog);
  const weeks = mondays(generationWindow.from, generationWindow.to);
  const plans = planWeeks(models, weeks, options.records, random);

  // Every request's time first, so each lands in the month it really falls in; then, per model and
  // month, cohorts assign the requests to accounts.
  const end = Date.parse(`${generationWindow.to}T00:00:00Z`);
  const times = plans.map((plan) => plan.cells.map((cell) => Float64Array.from({ length: cell.requests }, () => Math.min(end - 1, plan.start + Math.floor(random.next() * weekMs)))));
  const months = [...new Set(weeks.map(monthOf))];
  const cohorts = new UserCohorts(random);
  const perModelMonth = models.map(() => new Map<string, number>());
  plans.forEach((plan, planIndex) => {
    plan.cells.forEach((cell, cellIndex) => {
      if (cell.spike) return;
      const counts = perModelMonth[cell.model]!;
      for (const time of times[planIndex]![cellIndex]!) {
        const month = monthOf(time);
        counts.set(month, (counts.get(month) ?? 0) + 1);
      }
    });
  });
  const assignments = models.map((model, modelIndex) => cohorts.assign(model.id, months, perModelMonth[modelIndex]!));
  const cursors = models.map(() => new Map<string, number>());
  const agentPlatform: Account = { id: 'acct-agent-platform', country: 'US', continent: 'North America' };

  const languages = cumulative(languageMix);
  const tags = Object.fromEntries(Object.entries(subTags).map(([bucket, entries]) => [bucket, cumulative(entries)])) as Record<CategoryBucket, ReturnType<typeof cumulative<string>>>;
  const apps = Object.fromEntries(
    Object.entries(appsByCategory).map(([bucket, entries]) => [bucket, cumulative(entries.map(([name, referer, weight]) => [attributeApp({ referer, title: name })!, weight] as const))]),
  ) as Partial<Record<CategoryBucket, ReturnType<typeof cumulative<NonNullable<ReturnType<typeof attributeApp>>>>>>;
  const classifyFrom = Date.parse(`${classificationStart}T00:00:00Z`);

  let batch: GenerationRecord[] = [];
  let produced = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const records = batch;
    batch = [];
    await sink(records);
    onProgress?.(produced, options.records);
  };

  const randomId = (length: number) => {
    let text = '';
    for (let index = 0; index < length; index++) text += idAlphabet[Math.floor(random.next() * idAlphabet.length)];
    return text;
  };

  const build = (model: ResolvedRosterModel, category: CategoryBucket, account: Account, time: number, promptMean: number, completionMean: number, spike: boolean): GenerationRecord => {
    let prompt = Math.max(1, Math.round(logNormalWithMean(random, promptMean, 0.9)));
    let completion = Math.max(1, Math.round(logNormalWithMean(random, completionMean * (model.completionFactor ?? 1), 0.7)));
    // A request fits its model: the completion within the endpoint's limit, prompt plus completion within the context.
    if (model.maxCompletionTokens !== null) completion = Math.min(completion, model.maxCompletionTokens);
    if (model.contextLength !== null) {
      completion = Math.min(completion, Math.floor(model.contextLength / 4));
      // (tool-call answers are at least toolCallTokens: leave them room)
      prompt = Math.min(prompt, model.contextLength - Math.max(completion, toolCallTokens) - 1);
    }
    const reasoning = model.reasoningDefault ? Math.min(completion - 1, Math.round(completion * reasoningShareOfCompletion * (0.7 + 0.6 * random.next()))) : 0;
    const reuse = cacheReuse[category];
    const cached =
      model.pricing.cacheRead !== null && model.cacheShare && prompt >= 1024 && random.next() < Math.min(0.97, 0.85 * reuse)
        ? Math.round(prompt * Math.min(0.95, model.cacheShare * reuse * (0.75 + 0.5 * random.next())))
        : 0;
    const toolProbability = spike ? 1 : Math.min(0.95, toolUse[category] * (model.toolAffinity ?? 1) * toolUseRamp(time));
    const toolsGiven = random.next() < toolProbability ? 1 + Math.floor(random.next() * 8) : 0;
    let finish: FinishReason = 'stop';
    if (toolsGiven > 0 && random.next() < (spike ? 0.9 : toolCallRate)) finish = 'tool_calls';
    else if (random.next() < 0.02) finish = 'length';
    if (finish === 'tool_calls') completion = Math.max(completion, toolCallTokens + Math.max(0, reasoning));
    const usage = { promptTokens: prompt, completionTokens: completion, reasoningTokens: Math.max(0, reasoning), cachedTokens: cached, cacheWriteTokens: 0 };
    const cost = computeCost(model.pricing, usage, finish);
    const classified = time >= classifyFrom && random.next() < classificationRate;
    const app = random.next() < unattributedShare ? undefined : apps[category] ? pick(random, apps[category]!) : undefined;
    const firstToken = Math.round(logNormalWithMean(random, model.reasoningDefault ? 1800 : 600, 0.5));
    const generation = Math.round((completion / logNormalWithMean(random, 70, 0.4)) * 1000);
    const seconds = Math.floor(time / 1000);
    return {
      schema_version: 4,
      id: `gen-${seconds}-${randomId(20)}`,
      request_id: `req-${seconds}-${randomId(12)}`,
      created_at: new Date(time).toISOString(),
      api_type: 'completions',
      account_id: account.id,
      key_hash: `key-${account.id}`,
      key_name: 'default',
      app_id: app?.appId ?? null,
      app_name: app?.appName ?? null,
      http_referer: app?.httpReferer ?? null,
      user_agent: null,
      external_user: null,
      session_id: null,
      requested_model: model.id,
      model: model.id,
      model_permaslug: model.permaslug,
      author: model.author,
      open_weights: model.openWeights,
      origin: model.origin,
      size_bucket: model.sizeBucket,
      parameters_total: model.parametersTotal,
      reasoning_model: model.reasoningModel,
      provider_name: model.provider,
      provider_slug: model.provider.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
      endpoint_id: `${model.provider.toLowerCase().replace(/[^a-z0-9]+/g, '-')}/${model.id}`,
      upstream_id: null,
      provider_responses: [{ provider_name: model.provider, endpoint_id: model.id, status: 200, latency: firstToken + generation, error_code: null }],
      streamed: random.next() < 0.7,
      cancelled: false,
      status: 200,
      error_code: null,
      finish_reason: finish,
      native_finish_reason: finish,
      tokens_prompt: prompt,
      tokens_completion: completion,
      native_tokens_prompt: prompt,
      native_tokens_completion: completion,
      native_tokens_reasoning: Math.max(0, reasoning),
      native_tokens_cached: cached,
      native_tokens_cache_write: 0,
      total_cost: cost.total,
      total_cost_nano: cost.totalNano,
      cache_discount: cost.cacheDiscount,
      upstream_inference_cost: null,
      is_byok: false,
      usage_anomaly: null,
      unbilled_cost_nano: 0,
      tools_given: toolsGiven,
      tool_calls_made: finish === 'tool_calls' ? 1 + Math.floor(random.next() * 3) : 0,
      message_count: 1 + Math.floor(random.next() * 12),
      latency: firstToken + generation,
      generation_time: generation,
      time_to_first_token: firstToken,
      moderation_latency: null,
      billing_country: account.country,
      billing_continent: account.continent,
      prompt_language: pick(random, languages),
      category: classified ? pick(random, tags[category]) : null,
      category_confidence: classified ? Math.round((0.5 + 0.48 * random.next()) * 1000) / 1000 : null,
      preset_id: null,
      workspace_id: 'default',
      media_unit: null,
      media_units: 0,
    };
  };

  for (const [planIndex, plan] of plans.entries()) {
    for (const [cellIndex, cell] of plan.cells.entries()) {
      const model = models[cell.model]!;
      const cellTimes = times[planIndex]![cellIndex]!;
      for (let index = 0; index < cell.requests; index++) {
        const time = cellTimes[index]!;
        let account = agentPlatform;
        if (!cell.spike) {
          const month = monthOf(time);
          const assigned = assignments[cell.model]!.get(month)!;
          const position = cursors[cell.model]!.get(month) ?? 0;
          cursors[cell.model]!.set(month, position + 1);
          account = cohorts.accounts[assigned[position]!]!;
        }
        batch.push(build(model, cell.category, account, time, plan.promptMean[cell.category], plan.completionMean[cell.category], cell.spike));
        produced++;
        if (batch.length >= batchSize) await flush();
      }
    }
  }
  await flush();
  return { records: produced, accounts: cohorts.accounts.length + 1, models: models.length, from: generationWindow.from, to: generationWindow.to };
}
