import type { categoryBuckets } from '../../catalog/category-buckets.js';
import { expectEnum } from '../../wire/request-validation.js';
import type { GatewayServices } from '../gateway-services.js';
import type { Route } from '../http/route-table.js';

/**
 * OpenRouter's macro categories from the observatory's category buckets (docs/api.md): a request
 * given tools is `agent` whatever its topic; otherwise programming and technology are `code`;
 * science, academia, finance, health and legal are `data` (analysis and knowledge work); the rest
 * (roleplay, translation, trivia, marketing, other) `general`.
 */
export const macroOfCategory: Record<(typeof categoryBuckets)[number], 'code' | 'data' | 'general'> = {
  programming: 'code',
  technology: 'code',
  science: 'data',
  academia: 'data',
  finance: 'data',
  health: 'data',
  legal: 'data',
  roleplay: 'general',
  translation: 'general',
  trivia: 'general',
  marketing: 'general',
  other: 'general',
};

const windowDays = { '7d': 7 } as const;
const macroLabels = { code: 'Code', data: 'Data', agent: 'Agent', general: 'General' } as const;
const share = (part: number, whole: number) => (whole > 0 ? part / whole : 0);

/**
 * GET /api/v1/classifications/task (OpenRouter's task classifications) over the platform's sampled,
 * classified prompts of the last 7 days: each category's share of tokens and spend, its share
 * within its macro category, and its models' shares of it; the macro categories' shares. Categories
 * and models only, never an account.
 */
export function taskClassificationRoutes(services: GatewayServices): Route[] {
  return [
    {
      method: 'GET',
      path: '/api/v1/classifications/task',
      access: 'account',
      handler: async (exchange) => {
        const window = exchange.query.get('window') === null ? '7d' : expectEnum(exchange.query.get('window'), 'window', ['7d'] as const);
        const now = services.now();
        const rows = await services.analytics.query({
          dimensions: ['category', 'model'],
          measures: ['tokens', 'spend', 'tools_given_tokens', 'tools_given_spend'],
          filters: [{ dimension: 'category', operator: 'is not null' }],
          period: { from: new Date(now - windowDays[window] * 86_400_000), to: new Date(now) },
        });
        const total = { tokens: 0, spend: 0 };
        const macros = { code: { tokens: 0, spend: 0 }, data: { tokens: 0, spend: 0 }, agent: { tokens: 0, spend: 0 }, general: { tokens: 0, spend: 0 } };
        const tags = new Map<string, { tokens: number; spend: number; models: Map<string, { tokens: number; spend: number }> }>();
        for (const row of rows) {
          const category = (row.category ?? 'other') as keyof typeof macroOfCategory;
          const macro = macroOfCategory[category] ?? 'general';
          total.tokens += row.tokens;
          total.spend += row.spend;
          macros.agent.tokens += row.tools_given_tokens;
          macros.agent.spend += row.tools_given_spend;
          macros[macro].tokens += row.tokens - row.tools_given_tokens;
          macros[macro].spend += row.spend - row.tools_given_spend;
          const tag = tags.get(category) ?? { tokens: 0, spend: 0, models: new Map() };
          tag.tokens += row.tokens;
          tag.spend += row.spend;
          const model = tag.models.get(row.model ?? '') ?? { tokens: 0, spend: 0 };
          model.tokens += row.tokens;
          model.spend += row.spend;
          tag.models.set(row.model ?? '', model);
          tags.set(category, tag);
        }
        // A category's share within its macro category counts all its tokens (with or without tools).
        const macroTotals = new Map<string, { tokens: number; spend: number }>();
        for (const [category, tag] of tags) {
          const macro = macroOfCategory[category as keyof typeof macroOfCategory] ?? 'general';
          const sum = macroTotals.get(macro) ?? { tokens: 0, spend: 0 };
          sum.tokens += tag.tokens;
          sum.spend += tag.spend;
          macroTotals.set(macro, sum);
        }
        const classifications = [...tags]
          .sort(([, a], [, b]) => b.tokens - a.tokens)
          .map(([category, tag]) => {
            const macro = macroOfCategory[category as keyof typeof macroOfCategory] ?? 'general';
            return {
              tag: category,
              display_name: category.charAt(0).toUpperCase() + category.slice(1),
              macro_category: macro,
              token_share: share(tag.tokens, total.tokens),
              usage_share: share(tag.spend, total.spend),
              category_token_share: share(tag.tokens, macroTotals.get(macro)!.tokens),
              category_usage_share: share(tag.spend, macroTotals.get(macro)!.spend),
              models: [...tag.models]
                .sort(([, a], [, b]) => b.tokens - a.tokens)
                .slice(0, 10)
                .map(([id, model]) => ({ id, tag_token_share: share(model.tokens, tag.tokens), tag_usage_share: share(model.spend, tag.spend) })),
            };
          });
        exchange.sendJson(200, {
          data: {
            as_of: new Date(now).toISOString(),
            window_days: windowDays[window],
            macro_categories: (Object.keys(macros) as (keyof typeof macros)[]).map((key) => ({
              key,
              label: macroLabels[key],
              token_share: share(macros[key].tokens, total.tokens),
              usage_share: share(macros[key].spend, total.spend),
            })),
            classifications,
          },
        });
      },
    },
  ];
}
