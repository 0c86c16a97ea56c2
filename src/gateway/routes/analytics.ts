import { renderFigure } from '../../analytics/report/svg/render-figure.js';
import { tableToCsv } from '../../analytics/report/write-table-csv.js';
import { logHoldsSimulatedRecords } from '../../analytics/report/simulated-log.js';
import { analyses, findAnalysis } from '../../analytics/analyses/analysis-registry.js';
import { GatewayError } from '../../errors/gateway-error.js';
import type { GatewayServices } from '../gateway-services.js';
import type { HttpExchange } from '../http/http-exchange.js';
import type { Route } from '../http/route-table.js';
import { addDays, checkWindow, queryDay } from './query-dates.js';

/** The period of ?from=&to= (to exclusive), defaulting to the log's extent. */
async function periodOf(services: GatewayServices, exchange: HttpExchange) {
  const extent = await services.analytics.extent();
  const today = new Date(services.now()).toISOString().slice(0, 10);
  const from = queryDay(exchange.query, 'from', extent ? extent.from.toISOString().slice(0, 10) : today);
  const to = queryDay(exchange.query, 'to', extent ? extent.to.toISOString().slice(0, 10) : addDays(today, 1));
  checkWindow(from, addDays(to, -1), 3660, ['from', 'to']);
  return { period: { from: new Date(`${from}T00:00:00Z`), to: new Date(`${to}T00:00:00Z`) }, extent };
}

/**
 * The study's analyses as JSON, for the dashboard and for `switchboard report --gateway`:
 *  - GET /api/v1/study/analyses: the analyses, the log's extent and (with from/to) the period's size;
 *  - GET /api/v1/study/analyses/{A1…A17}?from=&to=&models=: one analysis's figures, tables, headlines.
 */
export function analyticsRoutes(services: GatewayServices): Route[] {
  return [
    {
      method: 'GET',
      path: '/api/v1/study/analyses',
      access: 'platform',
      handler: async (exchange) => {
        const { period, extent } = await periodOf(services, exchange);
        const [[inPeriod], simulated] = await Promise.all([services.analytics.query({ dimensions: [], measures: ['requests'], period }), logHoldsSimulatedRecords(services.analytics, period)]);
        exchange.sendJson(200, {
          data: {
            analyses: analyses.map((analysis) => ({ id: analysis.id, title: analysis.title, reference: analysis.reference })),
            store: services.analyticsStoreDescription,
            extent: extent ? { from: extent.from.toISOString(), to: extent.to.toISOString(), requests: extent.requests } : null,
            period: { from: period.from.toISOString(), to: period.to.toISOString(), requests: inPeriod?.requests ?? 0, simulated },
          },
        });
      },
    },
    {
      method: 'GET',
      path: '/api/v1/study/analyses/:id',
      access: 'platform',
      handler: async (exchange, parameters) => {
        const analysis = findAnalysis(parameters.id ?? '');
        if (!analysis) throw new GatewayError('not_found', `No analysis ${parameters.id}; GET /api/v1/study/analyses lists them (A1–A17)`);
        const { period } = await periodOf(services, exchange);
        const models = exchange.query
          .get('models')
          ?.split(',')
          .map((model) => model.trim())
          .filter(Boolean);
        const started = performance.now();
        const result = await analysis.run({ store: services.analytics, period, options: models?.length ? { models } : {} });
        // ?csv=<table>: that table as CSV (the report's own file); ?render=svg: each figure drawn as the report draws it.
        const csv = exchange.query.get('csv');
        if (csv !== null) {
          const table = result.tables.find((candidate) => candidate.name === csv);
          if (!table) throw new GatewayError('not_found', `${analysis.id} has no table ${csv.slice(0, 100)}; it has ${result.tables.map((candidate) => candidate.name).join(', ')}`);
          exchange.sendBody(200, tableToCsv(table), { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${analysis.id}-${table.name}.csv"` });
          return;
        }
        exchange.sendJson(200, {
          data: result,
          ...(exchange.query.get('render') === 'svg' ? { svg: result.figures.map(renderFigure) } : {}),
          meta: { from: period.from.toISOString(), to: period.to.toISOString(), milliseconds: Math.round(performance.now() - started) },
        });
      },
    },
  ];
}
