import type { Reservation } from '../../accounting/credit-ledger.js';
import type { OwnTokenCounts } from '../../accounting/meter-usage.js';
import type { AppAttribution } from '../../accounts/attribute-app.js';
import type { CatalogModel } from '../../catalog/catalog-model.js';
import type { FinishReason } from '../../spec/finish-reason.js';
import { createRequestId } from '../../spec/generation-id.js';
import type { GenerationRequest } from '../../spec/generation-request.js';
import type { Principal } from '../../spec/principal.js';
import type { Execution } from '../execution/attempt-executor.js';
import type { GatewayServices } from '../gateway-services.js';
import type { HttpExchange } from '../http/http-exchange.js';
import type { SimulatedFacts } from '../inference/simulation-headers.js';
import type { GenerationOutcome } from './build-generation-record.js';
import { type Charge, chargeUsage } from './charge-usage.js';
import { observeGeneration, recordGeneration } from './record-generation.js';

/** Status recorded when the client closed the connection first (nginx's convention). */
const clientClosedStatus = 499;

/** What every generation of any route begins with: where it runs, its id and when it started. */
export interface GenerationFrame {
  services: GatewayServices;
  exchange: HttpExchange;
  generationId: string;
  startedAtMs: number;
  /** performance.now() when the generation began. */
  started: number;
}

export interface OutcomeInput {
  frame: GenerationFrame;
  apiType: string;
  auth: Principal;
  app: AppAttribution | null;
  /** The request as the endpoint that served it was asked. */
  request: GenerationRequest;
  requestedModel: string;
  model: CatalogModel;
  execution: Execution<unknown>;
  /** The provider's usage (validated here), or the gateway's own counts of what was delivered. */
  reported: unknown;
  own: OwnTokenCounts;
  finishReason: FinishReason | null;
  nativeFinishReason: string | null;
  upstreamId: string | null;
  streamed: boolean;
  /** The status line already went out (a stream): the record says 200 whatever followed. */
  answerStarted: boolean;
  toolCallsMade: number;
  firstTokenAt: number | null;
  lastTokenAt: number | null;
  simulated: SimulatedFacts | null;
  /** The preset the request used, by id. */
  presetId?: string | null;
  reservation: Reservation;
}

/**
 * The one outcome builder of every inference route: the executor's result priced (the provider's
 * usage validated, capped at the reservation) and turned into the generation's outcome. The
 * caller renders its answer from the charge, then records the outcome (recordOutcome), so an answer
 * that cannot be rendered is neither recorded nor charged.
 */
export function concludeOutcome(input: OutcomeInput): { outcome: GenerationOutcome; charge: Charge } {
  const { execution, frame } = input;
  const success = execution.success !== null;
  const charge = chargeUsage({
    services: frame.services,
    generationId: frame.generationId,
    endpoint: execution.endpoint,
    reported: input.reported,
    own: input.own,
    finishReason: input.finishReason,
    reservation: input.reservation,
  });
  const failureStatus = execution.failure?.status ?? 502;
  const outcome: GenerationOutcome = {
    id: frame.generationId,
    requestId: createRequestId(frame.startedAtMs),
    createdAtMs: frame.startedAtMs,
    apiType: input.apiType,
    auth: input.auth,
    app: input.app,
    userAgent: frame.exchange.header('user-agent') ?? null,
    request: input.request,
    requestedModel: input.requestedModel,
    model: input.model,
    endpoint: execution.endpoint,
    upstreamId: input.upstreamId,
    attempts: execution.attempts,
    streamed: input.streamed,
    cancelled: execution.cancelled,
    status: execution.cancelled ? clientClosedStatus : success || input.answerStarted ? 200 : failureStatus,
    errorCode: success ? null : execution.cancelled ? 'cancelled' : (execution.failure?.code ?? 'upstream_error'),
    finishReason: input.finishReason,
    nativeFinishReason: input.nativeFinishReason,
    usage: charge.usage,
    cost: charge.cost,
    usageAnomaly: charge.usageAnomaly,
    unbilledNano: charge.unbilledNano,
    // Served with the account's own provider key: paid to the provider by the account, not from its credits.
    isByok: success && execution.endpoint.credential !== undefined,
    toolCallsMade: input.toolCallsMade,
    latencyMs: performance.now() - frame.started,
    generationTimeMs: input.firstTokenAt !== null && input.lastTokenAt !== null ? input.lastTokenAt - input.firstTokenAt : 0,
    timeToFirstTokenMs: input.firstTokenAt === null ? null : input.firstTokenAt - frame.started,
    simulated: input.simulated,
    presetId: input.presetId ?? null,
  };
  return { outcome, charge };
}

/**
 * Appends the outcome's record durably and settles the reservation (recordGeneration), then feeds
 * the endpoint statistics, metrics and log line — which never fail the request. False when the
 * record could not be written: then nothing was charged and the client must be told so.
 */
export async function recordOutcome(input: { services: GatewayServices; exchange: HttpExchange; outcome: GenerationOutcome; reservation: Reservation; upstreamMs: number }): Promise<boolean> {
  const { services, outcome } = input;
  const recorded = await recordGeneration(services, outcome, input.reservation);
  try {
    observeGeneration(services, outcome, input.exchange, performance.now() - input.exchange.startedAt - input.upstreamMs);
  } catch (error) {
    services.logger.error('could not observe a finished generation', { generation_id: outcome.id, error: String((error as Error)?.message ?? error) });
  }
  return recorded;
}
