import { parsePricing, type Pricing } from '../../accounting/pricing.js';
import type { ModelCatalog } from '../../catalog/model-catalog.js';
import type { RosterModel } from './study-roster.js';

export type SourceGroup = 'closed' | 'oss-china' | 'oss-row';

/** A roster model with the facts and prices a generation record needs. */
export interface ResolvedRosterModel extends RosterModel {
  permaslug: string;
  author: string;
  openWeights: boolean;
  origin: 'china' | 'row';
  sizeBucket: string | null;
  parametersTotal: number | null;
  reasoningDefault: boolean;
  /** Reasoning-optimized: reasons natively, by default or when asked (the record's reasoning_model). */
  reasoningModel: boolean;
  pricing: Pricing;
  group: SourceGroup;
  /** Context window and completion limit of the model's endpoint (null when not known). */
  contextLength: number | null;
  maxCompletionTokens: number | null;
}

/** Joins the roster with the catalog (or a model's own historical facts when the catalog lacks it). */
export function resolveRoster(roster: readonly RosterModel[], catalog: ModelCatalog): ResolvedRosterModel[] {
  return roster.map((entry) => {
    const model = catalog.get(entry.id);
    if (model) {
      const facts = model.switchboard;
      if (facts.open_weights === null || facts.origin === null) throw new Error(`roster model ${entry.id} lacks open-weights or origin facts in the catalog`);
      return {
        ...entry,
        permaslug: model.canonical_slug,
        author: facts.author,
        openWeights: facts.open_weights,
        origin: facts.origin,
        sizeBucket: facts.size_bucket,
        parametersTotal: facts.parameters_total,
        reasoningDefault: facts.reasoning_default === true,
        reasoningModel: facts.reasoning === true || facts.reasoning_default === true,
        pricing: entry.studyPricing
          ? {
              prompt: entry.studyPricing.prompt,
              completion: entry.studyPricing.completion,
              cacheRead: entry.studyPricing.cacheRead ?? null,
              cacheWrite: null,
              internalReasoning: null,
              request: 0,
              discount: 0,
            }
          : parsePricing(model.pricing),
        group: facts.open_weights ? (facts.origin === 'china' ? 'oss-china' : 'oss-row') : 'closed',
        contextLength: model.top_provider.context_length ?? model.context_length ?? null,
        maxCompletionTokens: model.top_provider.max_completion_tokens ?? null,
      };
    }
    const history = entry.historical;
    if (!history) throw new Error(`roster model ${entry.id} is neither in the catalog nor described as historical`);
    return {
      ...entry,
      permaslug: entry.id,
      author: history.author,
      openWeights: history.openWeights,
      origin: history.origin,
      sizeBucket: history.sizeBucket,
      parametersTotal: history.parametersTotal,
      reasoningDefault: history.reasoningDefault,
      reasoningModel: history.reasoning === true || history.reasoningDefault,
      pricing: { prompt: history.prompt, completion: history.completion, cacheRead: history.cacheRead ?? null, cacheWrite: null, internalReasoning: null, request: 0, discount: 0 },
      group: history.openWeights ? (history.origin === 'china' ? 'oss-china' : 'oss-row') : 'closed',
      contextLength: null,
      maxCompletionTokens: null,
    };
  });
}

const weekMs = 7 * 86_400_000;

/** A model's popularity within its group at `time`: ramp up after launch, decay to a plateau, fade after retirement. */
export function popularity(model: RosterModel, time: number): number {
  const launch = Date.parse(`${model.launch}T00:00:00Z`);
  if (time < launch) return 0;
  const weeks = (time - launch) / weekMs;
  const ramp = model.rampWeeks ?? 3;
  let value = model.weight * Math.min(1, (weeks + 1) / ramp);
  if (weeks > ramp && model.halfLifeWeeks) {
    const plateau = model.plateau ?? 0.3;
    value *= plateau + (1 - plateau) * 0.5 ** ((weeks - ramp) / model.halfLifeWeeks);
  }
  if (model.retire) {
    const retire = Date.parse(`${model.retire}T00:00:00Z`);
    if (time >= retire) value *= Math.max(0, 1 - (time - retire) / (4 * weekMs));
  }
  return value;
}
