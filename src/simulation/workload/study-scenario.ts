import type { CategoryBucket } from '../../catalog/category-buckets.js';

/**
 * The calibration of the study workload: how the platform of "State of AI" (Nov 2024 – Nov 2025)
 * changes week by week, written as piecewise-linear curves over dated anchor points. Each curve
 * names the study figure it is calibrated to. The analyses never read these numbers: they compute
 * every figure from the generated records, and the calibration test compares the two.
 */

export type Anchors = readonly (readonly [date: string, value: number])[];

/** A piecewise-linear function of time through dated anchors, flat before the first and after the last. */
export function curve(anchors: Anchors): (time: number) => number {
  const points = anchors.map(([date, value]) => [Date.parse(`${date}T00:00:00Z`), value] as const);
  return (time) => {
    if (time <= points[0]![0]) return points[0]![1];
    for (let index = 1; index < points.length; index++) {
      const [t1, v1] = points[index]!;
      if (time <= t1) {
        const [t0, v0] = points[index - 1]!;
        return v0 + ((v1 - v0) * (time - t0)) / (t1 - t0);
      }
    }
    return points.at(-1)![1];
  };
}

/** Vector-valued anchors interpolated entry by entry. */
export function mixCurve<K extends string>(anchors: readonly (readonly [string, Partial<Record<K, number>>])[]): (time: number) => Map<K, number> {
  const keys = [...new Set(anchors.flatMap(([, mix]) => Object.keys(mix)))] as K[];
  const curves = keys.map((key) => [key, curve(anchors.map(([date, mix]) => [date, mix[key] ?? 0] as const))] as const);
  return (time) => new Map(curves.map(([key, at]) => [key, at(time)]));
}

/** The study's window; the generator starts earlier so that cohorts from mid-2024 (GPT-4o mini) exist. */
export const studyWindow = { from: '2024-11-03', to: '2025-12-01' };
export const generationWindow = { from: '2024-07-01', to: '2025-12-01' };
/** Prompt classification (categories) starts here, as in the study. */
export const classificationStart = '2025-05-05';

/** Requests per week, relative (Fig 2's growth; token volume grows further through longer prompts). */
export const weeklyRequests = curve([
  ['2024-07-01', 0.22],
  ['2024-11-04', 0.36],
  ['2025-02-03', 0.5],
  ['2025-05-05', 0.64],
  ['2025-08-04', 0.82],
  ['2025-11-24', 1],
]);

/** Token share of open Chinese models (Fig 1: 1.2% late 2024, ≈ 13% on average, ≈ 30% in peak weeks). */
export const chinaShare = curve([
  ['2024-07-01', 0.006],
  ['2024-11-04', 0.012],
  ['2024-12-16', 0.015],
  ['2025-01-06', 0.04],
  ['2025-02-03', 0.2],
  ['2025-02-24', 0.14],
  ['2025-03-17', 0.12],
  ['2025-04-07', 0.14],
  ['2025-05-05', 0.08],
  ['2025-06-23', 0.08],
  ['2025-07-21', 0.16],
  ['2025-08-18', 0.18],
  ['2025-09-22', 0.19],
  ['2025-10-20', 0.2],
  ['2025-11-03', 0.3],
  ['2025-11-17', 0.23],
  ['2025-11-24', 0.22],
]);

/** Token share of open rest-of-world models (Fig 1: ≈ 13.7% on average). */
export const restOfWorldShare = curve([
  ['2024-07-01', 0.18],
  ['2024-11-04', 0.17],
  ['2024-12-16', 0.17],
  ['2025-01-13', 0.14],
  ['2025-02-03', 0.09],
  ['2025-03-17', 0.09],
  ['2025-05-05', 0.14],
  ['2025-08-11', 0.13],
  ['2025-11-24', 0.1],
]);

/** Category mix of all tokens (Fig 19: programming ≈ 11% early 2025 → > 50% in the last weeks). */
export const categoryMix = mixCurve<CategoryBucket>([
  [
    '2024-07-01',
    { programming: 0.08, roleplay: 0.4, technology: 0.1, science: 0.09, trivia: 0.015, translation: 0.05, academia: 0.05, marketing: 0.05, health: 0.03, finance: 0.02, legal: 0.02, other: 0.095 },
  ],
  [
    '2025-01-06',
    { programming: 0.1, roleplay: 0.39, technology: 0.1, science: 0.09, trivia: 0.015, translation: 0.05, academia: 0.05, marketing: 0.05, health: 0.03, finance: 0.02, legal: 0.02, other: 0.095 },
  ],
  [
    '2025-05-05',
    { programming: 0.11, roleplay: 0.35, technology: 0.11, science: 0.14, trivia: 0.012, translation: 0.05, academia: 0.05, marketing: 0.03, health: 0.03, finance: 0.02, legal: 0.01, other: 0.088 },
  ],
  [
    '2025-06-16',
    { programming: 0.16, roleplay: 0.35, technology: 0.11, science: 0.1, trivia: 0.011, translation: 0.04, academia: 0.05, marketing: 0.03, health: 0.03, finance: 0.02, legal: 0.01, other: 0.079 },
  ],
  [
    '2025-08-04',
    { programming: 0.36, roleplay: 0.27, technology: 0.11, science: 0.06, trivia: 0.009, translation: 0.03, academia: 0.03, marketing: 0.03, health: 0.02, finance: 0.015, legal: 0.01, other: 0.066 },
  ],
  [
    '2025-11-24',
    {
      programming: 0.58,
      roleplay: 0.165,
      technology: 0.09,
      science: 0.045,
      trivia: 0.007,
      translation: 0.02,
      academia: 0.02,
      marketing: 0.02,
      health: 0.015,
      finance: 0.015,
      legal: 0.01,
      other: 0.028,
    },
  ],
]);

/** Mean prompt tokens per request (Fig 14: ≈ 1.5K → > 6K). */
export const meanPromptTokens = curve([
  ['2024-07-01', 1250],
  ['2024-11-04', 1500],
  ['2025-03-03', 2500],
  ['2025-06-02', 3700],
  ['2025-09-01', 5200],
  ['2025-11-24', 6600],
]);

/** Mean completion tokens per request before model factors (Fig 15: ≈ 150 → ≈ 400). */
export const meanCompletionTokens = curve([
  ['2024-07-01', 130],
  ['2024-11-04', 140],
  ['2025-03-03', 170],
  ['2025-06-02', 220],
  ['2025-09-01', 270],
  ['2025-11-24', 300],
]);

/** Prompt length of each category relative to the rest (Fig 17: programming prompts 3–4× the mean). */
export const promptLengthFactor: Record<CategoryBucket, number> = {
  programming: 3.6,
  roleplay: 1.1,
  technology: 1,
  science: 0.9,
  translation: 0.5,
  trivia: 0.4,
  academia: 0.8,
  marketing: 0.6,
  health: 0.6,
  finance: 0.7,
  legal: 1,
  other: 0.5,
};

/**
 * Completion length of each category relative to the week's mean (Fig 26's cost order): answers
 * about technology (system design, architecture) run long, and completion tokens cost several
 * times prompt tokens, which puts technology far above every other category; a coding agent's turn
 * is a short edit against a long prompt. The plan keeps the week's mean completion per request.
 */
export const completionLengthFactor: Record<CategoryBucket, number> = {
  programming: 0.75,
  roleplay: 1,
  technology: 2.5,
  science: 0.85,
  translation: 0.9,
  trivia: 0.8,
  academia: 1.4,
  marketing: 1.4,
  health: 1.4,
  finance: 1.4,
  legal: 0.7,
  other: 1,
};

/**
 * How much of a prompt is read from the provider's cache, relative to the model's own share
 * (Fig 26: "high-frequency workloads benefit from caching", which makes their effective price
 * lower than the list price): coding agents resend the same growing context turn after turn,
 * chats resend their history, one-off questions reuse little. A request reads the cache with
 * probability min(0.97, 0.85 × reuse) and then min(0.95, the model's share × reuse ± 25%) of its prompt.
 */
export const cacheReuse: Record<CategoryBucket, number> = {
  programming: 1.6,
  roleplay: 1,
  technology: 0.3,
  science: 1.3,
  translation: 0.5,
  trivia: 0.6,
  academia: 0.4,
  marketing: 0.4,
  health: 0.4,
  finance: 0.4,
  legal: 1,
  other: 0.6,
};

/**
 * How much a category's users lean to dearer models (Fig 26's quadrants): a model's prior weight
 * for the category is scaled by (its price ÷ the median price)^preference. Users pay a premium for
 * accuracy in finance, health, academia and marketing ("specialists"); translation, legal and
 * trivia are commoditized ("niche utilities": good-enough cheap alternatives).
 */
export const premiumPreference: Record<CategoryBucket, number> = {
  programming: 0,
  roleplay: 0,
  technology: 0,
  science: 0,
  translation: -0.3,
  trivia: -0.3,
  academia: 0.2,
  marketing: 0.2,
  health: 0.2,
  finance: 0.2,
  legal: -0.3,
  other: 0,
};

/** Share of reasoning within the completion of models that reason by default. */
export const reasoningShareOfCompletion = 0.6;

/** How often requests carry tools, by category, before the model's affinity and the time ramp (Fig 12). */
export const toolUse: Record<CategoryBucket, number> = {
  programming: 0.55,
  technology: 0.3,
  science: 0.08,
  roleplay: 0.02,
  translation: 0.02,
  trivia: 0.08,
  academia: 0.05,
  marketing: 0.08,
  health: 0.05,
  finance: 0.1,
  legal: 0.05,
  other: 0.05,
};
export const toolUseRamp = curve([
  ['2024-07-01', 0.45],
  ['2024-11-04', 0.5],
  ['2025-11-24', 1.05],
]);
/** Requests that carry tools and end in tool calls. */
export const toolCallRate = 0.55;
/** Fig 12's May spike: one large account's agent traffic. */
export const toolSpike = { from: '2025-05-12', to: '2025-05-26', models: ['openai/gpt-4.1-mini', 'openai/gpt-4o-mini'], extraShare: 0.12 };

/** Billing continent of new accounts by the month they join (Fig 24: Asia ≈ 13% → ≈ 31% of spend). */
export const continentMix = mixCurve<string>([
  ['2024-07-01', { 'North America': 0.52, Europe: 0.22, Asia: 0.12, 'South America': 0.06, Oceania: 0.05, Africa: 0.03 }],
  ['2024-11-04', { 'North America': 0.49, Europe: 0.22, Asia: 0.14, 'South America': 0.07, Oceania: 0.05, Africa: 0.03 }],
  ['2025-11-24', { 'North America': 0.34, Europe: 0.2, Asia: 0.36, 'South America': 0.05, Oceania: 0.03, Africa: 0.02 }],
]);

export const countriesByContinent: Record<string, [country: string, weight: number][]> = {
  'North America': [
    ['US', 85],
    ['CA', 10],
    ['MX', 5],
  ],
  Europe: [
    ['DE', 18],
    ['GB', 17],
    ['FR', 13],
    ['NL', 7],
    ['ES', 7],
    ['IT', 7],
    ['PL', 6],
    ['RU', 10],
    ['SE', 5],
    ['CH', 5],
    ['UA', 5],
  ],
  Asia: [
    ['CN', 22],
    ['JP', 14],
    ['KR', 10],
    ['IN', 14],
    ['SG', 9],
    ['HK', 6],
    ['TW', 6],
    ['VN', 7],
    ['TH', 6],
    ['ID', 6],
  ],
  'South America': [
    ['BR', 60],
    ['AR', 15],
    ['CL', 10],
    ['CO', 15],
  ],
  Oceania: [
    ['AU', 85],
    ['NZ', 15],
  ],
  Africa: [
    ['NG', 30],
    ['ZA', 35],
    ['EG', 20],
    ['KE', 15],
  ],
};

/** Detected prompt language (Table 2), BCP-47. */
export const languageMix: [language: string, weight: number][] = [
  ['en', 82.87],
  ['zh-Hans', 4.95],
  ['ru', 2.47],
  ['es', 1.43],
  ['th', 1.03],
  ['pt', 1.2],
  ['de', 1.1],
  ['fr', 1],
  ['ja', 0.95],
  ['ko', 0.75],
  ['vi', 0.5],
  ['id', 0.45],
  ['tr', 0.4],
  ['it', 0.38],
  ['pl', 0.3],
  ['ar', 0.3],
  ['uk', 0.22],
  ['zh-Hant', 0.15],
  ['nl', 0.15],
  ['hi', 0.1],
];

/** Apps that attribute their requests (HTTP-Referer / X-Title), by what they are used for. */
export const appsByCategory: Partial<Record<CategoryBucket, [name: string, referer: string, weight: number][]>> = {
  programming: [
    ['Cline', 'https://cline.bot/', 30],
    ['Roo Code', 'https://roocode.com/', 22],
    ['Kilo Code', 'https://kilocode.ai/', 18],
    ['Aider', 'https://aider.chat/', 8],
  ],
  roleplay: [
    ['SillyTavern', 'https://sillytavern.app/', 40],
    ['Janitor AI', 'https://janitorai.com/', 30],
    ['Chub', 'https://chub.ai/', 15],
  ],
  technology: [
    ['Open WebUI', 'https://openwebui.com/', 25],
    ['LibreChat', 'https://librechat.ai/', 15],
  ],
};
/** Share of requests no app attributes. */
export const unattributedShare = 0.3;

export interface RetentionCurve {
  /** retention[k] for k ≥ 1 (month 0 is 1 by definition). */
  months: number[];
  /** Beyond the listed months: the last value times this each month. */
  tailDecay: number;
}

/** Ordinary cohorts: most users drift away within a few months. */
export const ordinaryRetention: RetentionCurve = { months: [0.34, 0.21, 0.15, 0.12, 0.1, 0.09], tailDecay: 0.97 };
/** Foundational cohorts (Fig 25): ≈ 40% still active at month 5. */
export const foundationalRetention: RetentionCurve = { months: [0.62, 0.52, 0.47, 0.44, 0.41, 0.4], tailDecay: 0.99 };

/** The study's cohorts with a shape of their own (Fig 25). */
export const specialCohorts: { model: string; month: string; curve: RetentionCurve; sizeFactor: number }[] = [
  { model: 'anthropic/claude-sonnet-4', month: '2025-05', curve: foundationalRetention, sizeFactor: 1 },
  { model: 'google/gemini-2.5-pro', month: '2025-06', curve: foundationalRetention, sizeFactor: 1 },
  { model: 'openai/gpt-4o-mini', month: '2024-07', curve: foundationalRetention, sizeFactor: 3 },
  { model: 'deepseek/deepseek-r1', month: '2025-04', curve: { months: [0.3, 0.13, 0.32, 0.25, 0.2, 0.17], tailDecay: 0.95 }, sizeFactor: 1.5 },
  { model: 'deepseek/deepseek-chat-v3-0324', month: '2025-07', curve: { months: [0.2, 0.4, 0.3, 0.24], tailDecay: 0.95 }, sizeFactor: 1.5 },
];
