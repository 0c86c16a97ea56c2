import type { AnalysisDefinition } from './analysis-result.js';
import { authorProfiles } from './author-profiles.js';
import { categoryMix } from './category-mix.js';
import { categorySubTags } from './category-sub-tags.js';
import { costVersusUsageByCategory, costVersusUsageByModel } from './cost-versus-usage.js';
import { languages } from './languages.js';
import { openModelUses } from './open-model-uses.js';
import { openModelsBySize } from './open-models-by-size.js';
import { openVersusClosed } from './open-versus-closed.js';
import { rankingsOverview } from './rankings-overview.js';
import { reasoningShare } from './reasoning-share.js';
import { requestShape } from './request-shape.js';
import { retentionCohorts } from './retention-cohorts.js';
import { spendByContinent } from './spend-by-continent.js';
import { toolCalling } from './tool-calling.js';
import { topOpenAuthors } from './top-open-authors.js';
import { topOpenModels } from './top-open-models.js';

/** Every analysis of the study, A1–A17, in order. */
export const analyses: readonly AnalysisDefinition[] = [
  openVersusClosed,
  topOpenAuthors,
  topOpenModels,
  openModelsBySize,
  openModelUses,
  reasoningShare,
  toolCalling,
  requestShape,
  categoryMix,
  categorySubTags,
  authorProfiles,
  spendByContinent,
  languages,
  retentionCohorts,
  costVersusUsageByCategory,
  costVersusUsageByModel,
  rankingsOverview,
];

export function findAnalysis(id: string): AnalysisDefinition | undefined {
  return analyses.find((analysis) => analysis.id.toLowerCase() === id.toLowerCase());
}
