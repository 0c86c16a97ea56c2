import type { CategoryBucket } from '../../catalog/category-buckets.js';

/**
 * What each kind of model is used for, as prior weights over the study's category buckets. The
 * workload fits a model × category token table per week to the study's model shares (rows) and
 * category mix (columns) starting from these priors, so they set the shape of each author's
 * profile (the study's Fig 22–23), not its exact numbers. `early` applies until `from` (the start
 * of the window by default) and `late` from `to` (its end), interpolated in between.
 */
export type CategoryProfileName =
  | 'anthropic'
  | 'openai'
  | 'google'
  | 'xai'
  | 'deepseek'
  | 'qwen'
  | 'qwen-coder'
  | 'china-agentic'
  | 'llama'
  | 'mistral'
  | 'mistral-coder'
  | 'gemma'
  | 'gpt-oss'
  | 'roleplay'
  | 'general-knowledge';

type Weights = Partial<Record<CategoryBucket, number>>;

export const categoryProfiles: Record<CategoryProfileName, { early: Weights; late: Weights; from?: string; to?: string }> = {
  anthropic: {
    early: { programming: 55, technology: 22, roleplay: 12, science: 4, trivia: 2, marketing: 0.5, academia: 1, translation: 1, other: 1 },
    late: { programming: 76, technology: 12, roleplay: 6, science: 2, trivia: 1, marketing: 0.5, academia: 1, other: 1 },
  },
  openai: {
    early: { science: 62, programming: 5, technology: 8, trivia: 6, roleplay: 7, academia: 4, marketing: 2, translation: 2, health: 1, finance: 1, legal: 1, other: 1 },
    late: { programming: 22, technology: 40, science: 6, trivia: 8, roleplay: 9, academia: 4, marketing: 2, translation: 2, health: 2, finance: 1, legal: 1 },
    from: '2025-05-15',
    to: '2025-09-15',
  },
  google: {
    early: { programming: 16, technology: 12, science: 10, trivia: 10, translation: 8, roleplay: 24, academia: 6, marketing: 2, legal: 4, health: 2, finance: 2 },
    late: { programming: 16, technology: 12, science: 10, trivia: 9, translation: 7, roleplay: 24, academia: 6, marketing: 2, legal: 5, health: 2, finance: 2 },
  },
  xai: {
    early: { programming: 86, technology: 8, science: 2, trivia: 2, other: 2 },
    late: { programming: 86, technology: 8, science: 2, trivia: 2, other: 2 },
  },
  deepseek: {
    early: { roleplay: 46, trivia: 12, other: 10, programming: 8, technology: 6, science: 4, translation: 5, academia: 2, marketing: 2, health: 1 },
    late: { roleplay: 26, trivia: 12, other: 28, programming: 12, technology: 7, science: 3, translation: 5, academia: 2, health: 2 },
  },
  qwen: {
    early: { programming: 32, technology: 10, roleplay: 26, translation: 9, science: 5, trivia: 6, academia: 3, marketing: 2, other: 4 },
    late: { programming: 38, technology: 14, roleplay: 10, translation: 9, science: 7, trivia: 6, academia: 4, marketing: 3, other: 9 },
  },
  'qwen-coder': {
    early: { programming: 62, technology: 24, roleplay: 6, science: 4, other: 4 },
    late: { programming: 65, technology: 22, roleplay: 6, science: 3, other: 4 },
  },
  'china-agentic': {
    early: { programming: 30, technology: 10, roleplay: 34, science: 4, trivia: 6, translation: 4, marketing: 2, other: 5 },
    late: { programming: 40, technology: 16, roleplay: 10, science: 6, trivia: 6, translation: 4, marketing: 3, other: 15 },
  },
  llama: {
    early: { roleplay: 62, programming: 8, trivia: 8, technology: 5, translation: 6, marketing: 3, academia: 3, other: 5 },
    late: { roleplay: 62, programming: 8, trivia: 8, technology: 5, translation: 6, marketing: 3, academia: 3, other: 5 },
  },
  mistral: {
    early: { roleplay: 60, programming: 12, translation: 8, trivia: 6, technology: 5, marketing: 3, other: 6 },
    late: { roleplay: 60, programming: 12, translation: 8, trivia: 6, technology: 5, marketing: 3, other: 6 },
  },
  'mistral-coder': {
    early: { programming: 85, technology: 10, other: 5 },
    late: { programming: 85, technology: 10, other: 5 },
  },
  gemma: {
    early: { roleplay: 40, translation: 18, trivia: 14, technology: 6, academia: 6, programming: 6, other: 10 },
    late: { roleplay: 40, translation: 18, trivia: 14, technology: 6, academia: 6, programming: 6, other: 10 },
  },
  'gpt-oss': {
    early: { programming: 18, technology: 10, roleplay: 50, science: 8, trivia: 5, academia: 3, other: 6 },
    late: { programming: 18, technology: 10, roleplay: 50, science: 8, trivia: 5, academia: 3, other: 6 },
  },
  roleplay: {
    early: { roleplay: 92, trivia: 2, other: 4, translation: 1, programming: 1 },
    late: { roleplay: 92, trivia: 2, other: 4, translation: 1, programming: 1 },
  },
  'general-knowledge': {
    early: { trivia: 30, science: 15, technology: 15, academia: 10, health: 8, finance: 8, legal: 5, marketing: 5, other: 4 },
    late: { trivia: 30, science: 15, technology: 15, academia: 10, health: 8, finance: 8, legal: 5, marketing: 5, other: 4 },
  },
};

/**
 * Sub-tags (Google content-category paths) within each bucket, with the study's shares where it
 * gives them (Fig 21, 29) and an even spread over real taxonomy paths elsewhere.
 */
export const subTags: Record<CategoryBucket, [path: string, weight: number][]> = {
  roleplay: [
    ['/Games/Roleplaying Games', 58],
    ['/Books & Literature/Writers Resources', 15.6],
    ['/Adult', 15.4],
    ['/Arts & Entertainment/Other', 5],
    ['/Books & Literature/Fan Fiction', 4],
    ['/Online Communities/Virtual Worlds', 2],
  ],
  programming: [
    ['/Computers & Electronics/Programming/Other', 67.6],
    ['/Computers & Electronics/Programming/Development Tools', 26.4],
    ['/Computers & Electronics/Programming/Scripting Languages', 3],
    ['/Computers & Electronics/Programming/C & C++', 1.6],
    ['/Computers & Electronics/Programming/Java (Programming Language)', 1.4],
  ],
  technology: [
    ['/Computers & Electronics/Software/Intelligent Personal Assistants', 40],
    ['/Computers & Electronics/Software/Business & Productivity Software', 25],
    ['/Internet & Telecom/Web Services/Other', 10],
    ['/Computers & Electronics/Consumer Electronics/Gadgets & Portable Electronics', 8],
    ['/Computers & Electronics/Software/Operating Systems', 6],
    ['/Computers & Electronics/Enterprise Technology/Data Management', 6],
    ['/Computers & Electronics/Networking/Other', 5],
  ],
  science: [
    ['/Science/Computer Science/Machine Learning & Artificial Intelligence', 80.4],
    ['/Science/Mathematics/Other', 8],
    ['/Science/Physics', 4],
    ['/Science/Biological Sciences/Other', 4],
    ['/Science/Chemistry', 3.6],
  ],
  translation: [
    ['/Reference/Language Resources/Other', 51.1],
    ['/Reference/Language Resources/Foreign Language Resources', 48.9],
  ],
  trivia: [
    ['/Reference/General Reference/Other', 20],
    ['/Reference/General Reference/How-To, DIY & Expert Content', 18],
    ['/Reference/Humanities/History', 16],
    ['/News/World News', 16],
    ['/Reference/General Reference/Dictionaries & Encyclopedias', 15],
    ['/Reference/Humanities/Philosophy', 15],
  ],
  academia: [
    ['/Jobs & Education/Education/Colleges & Universities', 30],
    ['/Jobs & Education/Education/Teaching & Classroom Resources', 25],
    ['/Jobs & Education/Education/Standardized & Admissions Tests', 15],
    ['/Reference/General Reference/Educational Resources', 15],
    ['/Jobs & Education/Education/Primary & Secondary Schooling (K-12)', 15],
  ],
  marketing: [
    ['/Business & Industrial/Advertising & Marketing/Marketing', 45],
    ['/Business & Industrial/Business Services/Writing & Editing Services', 30],
    ['/Internet & Telecom/Web Services/Search Engine Optimization & Marketing', 15],
    ['/Business & Industrial/Advertising & Marketing/Brand Management', 10],
  ],
  health: [
    ['/Health/Other', 18],
    ['/Health/Health Foundations & Medical Research', 17],
    ['/Health/Health Conditions/Heart & Hypertension', 5],
    ['/Health/Health Conditions/Other', 16],
    ['/Health/Health Education & Medical Training', 14],
    ['/Health/Medical Facilities & Services/Other', 12],
    ['/Health/Health Conditions/Neurological Conditions', 10],
    ['/Health/Aging & Geriatrics/Other', 8],
  ],
  finance: [
    ['/Finance/Investing/Stocks & Bonds', 19],
    ['/Finance/Other', 18],
    ['/Finance/Accounting & Auditing/Tax Preparation & Planning', 16],
    ['/Finance/Financial Planning & Management/Other', 15],
    ['/Finance/Banking/Other', 12],
    ['/Finance/Credit & Lending/Loans', 10],
    ['/Finance/Insurance/Other', 10],
  ],
  legal: [
    ['/Law & Government/Government/Other', 43],
    ['/Law & Government/Legal/Other', 17.8],
    ['/Law & Government/Legal/Business & Corporate Law', 12],
    ['/Law & Government/Legal/Labor & Employment Law', 10],
    ['/Law & Government/Government/Public Policy', 9],
    ['/Law & Government/Legal/Intellectual Property', 8.2],
  ],
  other: [
    ['/Beauty & Fitness/Fitness/Bodybuilding', 25],
    ['/Beauty & Fitness/Other', 25],
    ['/Games/Puzzles & Brainteasers', 25],
    ['/People & Society/Self-Help & Motivational', 25],
  ],
};
