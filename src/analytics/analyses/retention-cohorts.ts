import type { AnalyticsStore, Row } from '../analytics-store.js';
import { clickHouseTime, type CompiledQuery, type Period } from '../semantic/compile-query.js';
import { userSql } from '../semantic/generations-view.js';
import { median } from '../statistics/ordinary-least-squares.js';
import { defineAnalysis, type Figure, type Headline } from './analysis-result.js';
import { dateKey } from './weekly-series.js';

/** The models of the study's Fig 25, looked at when no models are named. */
export const studyRetentionModels = [
  'anthropic/claude-sonnet-4',
  'google/gemini-2.5-pro',
  'openai/gpt-4o-mini',
  'google/gemini-2.0-flash-001',
  'meta-llama/llama-4-maverick',
  'deepseek/deepseek-r1',
  'deepseek/deepseek-chat-v3-0324',
];

export interface Cohort {
  /** First month of use, YYYY-MM. */
  month: string;
  size: number;
  /** retention[k]: share of the cohort active with the model in month k after its first (null when not yet observable). */
  retention: (number | null)[];
}

export interface ModelRetention {
  model: string;
  cohorts: Cohort[];
  foundational: string[];
  boomerangs: { cohort: string; month: number }[];
  noFit: boolean;
}

const maximumOffset = 12;
/** Cohorts smaller than this are shown but not used to call a model foundational, boomerang or no-fit. */
export const minimumCohortSize = 20;

/** Months between two YYYY-MM strings. */
function monthsBetween(from: string, to: string): number {
  const [fromYear, fromMonth] = from.split('-').map(Number) as [number, number];
  const [toYear, toMonth] = to.split('-').map(Number) as [number, number];
  return (toYear - fromYear) * 12 + (toMonth - fromMonth);
}

/** The retention rows of some models from the raw table (what the rollup query must equal). */
function rawRetentionQuery(models: readonly string[], period: Period): CompiledQuery {
  return {
    sql: `WITH firsts AS (
        SELECT model, ${userSql} AS user, toStartOfMonth(min(created_at)) AS cohort
        FROM generations
        WHERE model IN {models:Array(String)} AND created_at < {period_to:DateTime64(3)}
        GROUP BY model, user
      )
      SELECT f.model AS model, toString(f.cohort) AS cohort, dateDiff('month', f.cohort, toStartOfMonth(g.created_at)) AS month_offset, uniqExact(f.user) AS users
      FROM (SELECT model, ${userSql} AS user, created_at FROM generations WHERE model IN {models:Array(String)} AND created_at < {period_to:DateTime64(3)}) AS g
      INNER JOIN firsts AS f ON g.model = f.model AND g.user = f.user
      GROUP BY model, cohort, month_offset
      ORDER BY model, cohort, month_offset`,
    params: { models: [...models], period_to: clickHouseTime(period.to) },
  };
}

/**
 * Activity retention per cohort: a cohort is the accounts whose first use of the model (over all
 * the log before the period's end) falls in a month; retention at month k is the share of the
 * cohort that used the model in month k. A user who comes back after a gap counts again, so
 * curves may rise. Several models in one query: one scan of the rollup, not one per model.
 */
export async function modelsRetention(store: AnalyticsStore, models: readonly string[], period: Period): Promise<ModelRetention[]> {
  if (models.length === 0) return [];
  // From the model × user × month rollup: a user was active in a month before the period's end when
  // the month's first generation came before it — the same rows as the raw scan below, far fewer read.
  // Each user's active months are gathered once (no join): a (user, month) pair is one row, so a
  // count per cohort and offset is the number of users.
  const rows = await store.run(
    store.options.rollups === false
      ? rawRetentionQuery(models, period)
      : {
          sql: `WITH activity AS (
        SELECT model, user, month FROM model_user_months
        WHERE model IN {models:Array(String)}
        GROUP BY model, user, month
        HAVING min(first_at) < {period_to:DateTime64(3)}
      ),
      users AS (SELECT model, user, groupArray(month) AS months, arrayMin(months) AS first_month FROM activity GROUP BY model, user)
      SELECT model, toString(first_month) AS cohort, dateDiff('month', first_month, month) AS month_offset, count() AS users
      FROM users ARRAY JOIN months AS month
      GROUP BY model, first_month, month_offset
      ORDER BY model, first_month, month_offset`,
          params: { models: [...models], period_to: clickHouseTime(period.to) },
        },
  );
  return models.map((model) =>
    retentionOf(
      model,
      rows.filter((row) => row.model === model),
      period,
    ),
  );
}

function retentionOf(model: string, rows: Row[], period: Period): ModelRetention {
  const lastMonth = new Date(period.to.getTime() - 1).toISOString().slice(0, 7);
  const byCohort = new Map<string, Map<number, number>>();
  for (const row of rows) {
    const cohort = dateKey(String(row.cohort)).slice(0, 7);
    const offsets = byCohort.get(cohort) ?? new Map<number, number>();
    offsets.set(Number(row.month_offset), Number(row.users));
    byCohort.set(cohort, offsets);
  }
  const cohorts: Cohort[] = [...byCohort.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([month, offsets]) => {
      const size = offsets.get(0) ?? 0;
      const observable = monthsBetween(month, lastMonth);
      const retention = Array.from({ length: maximumOffset + 1 }, (_, offset) => (offset > observable || size === 0 ? null : (offsets.get(offset) ?? 0) / size));
      return { month, size, retention };
    });

  // Foundational: month-5 retention far above (≥ 2×) the median of the cohorts that came after it, and at least 20%.
  const foundational: string[] = [];
  for (const [index, cohort] of cohorts.entries()) {
    const five = cohort.retention[5];
    if (five === null || five === undefined || five < 0.2 || cohort.size < minimumCohortSize) continue;
    const laterCohorts = cohorts.slice(index + 1).filter((other) => other.size >= minimumCohortSize);
    const later = laterCohorts.map((other) => other.retention[5]).filter((value): value is number => value !== null && value !== undefined);
    const laterThree = laterCohorts.map((other) => other.retention[3]).filter((value): value is number => value !== null && value !== undefined);
    const comparison = later.length >= 2 ? median(later) : laterThree.length >= 2 ? median(laterThree) : null;
    if (comparison !== null && five >= 2 * comparison) foundational.push(cohort.month);
  }
  // Boomerang: retention rises by five points or more after having fallen.
  const boomerangs: { cohort: string; month: number }[] = [];
  for (const cohort of cohorts) {
    if (cohort.size < minimumCohortSize) continue;
    for (let offset = 2; offset <= maximumOffset; offset++) {
      const now = cohort.retention[offset];
      const before = cohort.retention[offset - 1];
      const lowest = Math.min(...cohort.retention.slice(1, offset).filter((value): value is number => value !== null));
      if (now !== null && now !== undefined && before !== null && before !== undefined && now >= before + 0.05 && now >= lowest + 0.05) {
        boomerangs.push({ cohort: cohort.month, month: offset });
        break;
      }
    }
  }
  const threes = cohorts
    .filter((cohort) => cohort.size >= minimumCohortSize)
    .map((cohort) => cohort.retention[3])
    .filter((value): value is number => value !== null && value !== undefined);
  const noFit = foundational.length === 0 && threes.length >= 2 && Math.max(...threes) < 0.25;
  return { model, cohorts, foundational, boomerangs, noFit };
}

function cohortFigure(result: ModelRetention): Figure {
  // The foundational cohorts always, then the largest, ten at most, in month order; small cohorts only when there is nothing larger.
  const large = result.cohorts.filter((cohort) => cohort.size >= minimumCohortSize);
  const pool = large.length > 0 ? large : result.cohorts;
  const chosen = new Set([...pool.filter((cohort) => result.foundational.includes(cohort.month)), ...[...pool].sort((a, b) => b.size - a.size)].slice(0, 10));
  const shown = [...chosen].sort((a, b) => a.month.localeCompare(b.month));
  return {
    kind: 'lines',
    title: `Retention by monthly cohort: ${result.model}`,
    x: Array.from({ length: maximumOffset + 1 }, (_, offset) => `M${offset}`),
    series: shown.map((cohort) => ({ name: `${cohort.month} (${cohort.size} users)${result.foundational.includes(cohort.month) ? ' — foundational' : ''}`, values: cohort.retention })),
    yFormat: 'percent',
    xLabel: 'months since first use',
  };
}

/** A14 — Retention cohorts, the "Glass Slipper" effect (Fig 25). */
export const retentionCohorts = defineAnalysis({ id: 'A14', title: 'Retention cohorts ("Glass Slipper")', reference: 'Fig 25' }, async ({ store, period, options }) => {
  let models = options.models;
  // The log's own six models with the most requests (from the daily rollup), then the study's models where the log has them.
  const present = await store.query({ dimensions: ['model'], measures: ['requests'], period, orderBy: [{ column: 'requests', descending: true }] });
  const topModels = present
    .slice(0, 6)
    .map((row) => row.model!)
    .filter(Boolean);
  if (!models?.length) {
    const names = new Set(present.map((row) => row.model));
    models = [...new Set([...topModels, ...studyRetentionModels.filter((model) => names.has(model))])];
  }
  const results = await modelsRetention(store, models, period);
  const at = (model: string, cohort: string, offset: number) => results.find((result) => result.model === model)?.cohorts.find((item) => item.month === cohort)?.retention[offset] ?? null;
  const bestLater = (model: string, cohort: string, offset: number) => {
    const values = (results.find((result) => result.model === model)?.cohorts ?? [])
      .filter((item) => item.month > cohort && item.size >= minimumCohortSize)
      .map((item) => item.retention[offset])
      .filter((value): value is number => value !== null && value !== undefined);
    return values.length > 0 ? Math.max(...values) : null;
  };
  const boomerang = (model: string, cohort: string) => results.find((result) => result.model === model)?.boomerangs.find((item) => item.cohort === cohort)?.month ?? null;
  const studyCohorts: Headline[] = [
    {
      key: 'claude_sonnet_4_may_cohort_month_5',
      label: 'Claude Sonnet 4, May 2025 cohort: retention at month 5',
      value: at('anthropic/claude-sonnet-4', '2025-05', 5),
      format: 'percent',
      study: '≈ 40%',
    },
    {
      key: 'claude_sonnet_4_later_cohorts_month_5',
      label: 'Claude Sonnet 4, best later cohort at month 5',
      value: bestLater('anthropic/claude-sonnet-4', '2025-05', 5),
      format: 'percent',
      study: 'far below the May cohort',
    },
    { key: 'gemini_2_5_pro_june_cohort_month_5', label: 'Gemini 2.5 Pro, June 2025 cohort: retention at month 5', value: at('google/gemini-2.5-pro', '2025-06', 5), format: 'percent', study: '≈ 40%' },
    {
      key: 'gemini_2_5_pro_later_cohorts_month_5',
      label: 'Gemini 2.5 Pro, best later cohort at month 3',
      value: bestLater('google/gemini-2.5-pro', '2025-06', 3),
      format: 'percent',
      study: 'far below the June cohort',
    },
    {
      key: 'gpt_4o_mini_july_2024_cohort_month_5',
      label: 'GPT-4o mini, July 2024 cohort: retention at month 5',
      value: at('openai/gpt-4o-mini', '2024-07', 5),
      format: 'percent',
      study: 'one dominant July 2024 cohort',
    },
    { key: 'gpt_4o_mini_later_cohorts_month_5', label: 'GPT-4o mini, best later cohort at month 5', value: bestLater('openai/gpt-4o-mini', '2024-07', 5), format: 'percent' },
    {
      key: 'deepseek_r1_april_boomerang_month',
      label: 'DeepSeek R1, April 2025 cohort: month its retention rises again',
      value: boomerang('deepseek/deepseek-r1', '2025-04'),
      format: 'number',
      study: '≈ month 3',
    },
    {
      key: 'deepseek_v3_0324_july_boomerang_month',
      label: 'DeepSeek Chat V3-0324, July 2025 cohort: month its retention rises again',
      value: boomerang('deepseek/deepseek-chat-v3-0324', '2025-07'),
      format: 'number',
      study: '≈ month 2',
    },
  ];
  const studied = new Set(results.filter((result) => result.cohorts.length > 0).map((result) => result.model));
  const cohortModel: Record<string, string> = {
    claude_sonnet_4: 'anthropic/claude-sonnet-4',
    gemini_2_5_pro: 'google/gemini-2.5-pro',
    gpt_4o_mini: 'openai/gpt-4o-mini',
    deepseek_r1: 'deepseek/deepseek-r1',
    deepseek_v3_0324: 'deepseek/deepseek-chat-v3-0324',
  };
  const modelOf = (key: string) => Object.entries(cohortModel).find(([prefix]) => key.startsWith(prefix))?.[1];
  // The log's own leaders: each of its top models, its largest cohort and that cohort's retention.
  const leaderHeadlines: Headline[] = topModels
    .map((model) => results.find((result) => result.model === model))
    .filter((result): result is ModelRetention => result !== undefined && result.cohorts.length > 0)
    .map((result) => {
      const largest = [...result.cohorts].sort((a, b) => b.size - a.size)[0]!;
      const reached = largest.retention.map((value, offset) => ({ value, offset })).filter((item) => item.value !== null && item.offset > 0);
      const last = reached.at(-1);
      return {
        key: `top_model_${result.model.replace(/[^a-z0-9]+/gi, '_')}`,
        label: `${result.model} (one of this log's top models by requests): its largest cohort`,
        value: `${largest.month}, ${largest.size} users${last ? `; ${(last.value! * 100).toFixed(0)}% active at month ${last.offset}` : ''}${result.foundational.length > 0 ? `; foundational: ${result.foundational.join(', ')}` : ''}`,
        format: 'text' as const,
      };
    });
  const headlines: Headline[] = [
    ...leaderHeadlines,
    // The study's own cohorts, only for its models this log has; a simulated workload plants them, so they echo its inputs.
    ...studyCohorts.filter((headline) => studied.has(modelOf(headline.key) ?? '')).map((headline) => ({ ...headline, simulatorInput: true })),
    {
      key: 'foundational_models',
      label: 'Models with a foundational cohort',
      value:
        results
          .filter((result) => result.foundational.length > 0)
          .map((result) => `${result.model} (${result.foundational.join(', ')})`)
          .join('; ') || null,
      format: 'text',
      study: 'Claude Sonnet 4 (May 2025), Gemini 2.5 Pro (June 2025), GPT-4o mini (July 2024)',
    },
    {
      key: 'no_fit_models',
      label: 'Models without a fitting cohort ("no fit")',
      value:
        results
          .filter((result) => result.noFit)
          .map((result) => result.model)
          .join(', ') || null,
      format: 'text',
      study: 'Gemini 2.0 Flash, Llama 4 Maverick',
    },
  ];
  return {
    definition:
      'Per model: users (accounts, or end users within an account when requests name one) grouped by the month of their first use of that model; retention at month k is the share of a cohort active with the model in the k-th month after (activity retention: users who return after a gap count again, so curves may rise). Foundational cohort: month-5 retention ≥ 20% and ≥ 2× the median month-5 retention of later cohorts. Boomerang: retention rising by ≥ 5 points after a fall. No fit: no foundational cohort and every cohort below 25% at month 3. Only cohorts of 20 users or more are judged. Cohorts reach back before the period when the log does.',
    figures: results.map(cohortFigure),
    tables: [
      {
        name: 'retention_by_cohort',
        columns: ['model', 'cohort', 'users', ...Array.from({ length: maximumOffset + 1 }, (_, offset) => `month_${offset}`), 'foundational'],
        rows: results.flatMap((result) => result.cohorts.map((cohort) => [result.model, cohort.month, cohort.size, ...cohort.retention, result.foundational.includes(cohort.month)])),
      },
    ],
    headlines,
    notes: results.flatMap((result) => result.boomerangs.map((item) => `${result.model}: the ${item.cohort} cohort comes back at month ${item.month}.`)),
  };
});
