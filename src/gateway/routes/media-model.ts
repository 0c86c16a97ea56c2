import { attributeApp, type AppAttribution } from '../../accounts/attribute-app.js';
import type { CatalogModel, MediaKind } from '../../catalog/catalog-model.js';
import { GatewayError } from '../../errors/gateway-error.js';
import { echo } from '../../wire/request-validation.js';
import type { GatewayServices } from '../gateway-services.js';
import type { HttpExchange } from '../http/http-exchange.js';

const routeOfKind: Record<MediaKind, string> = {
  rerank: 'POST /api/v1/rerank',
  image: 'POST /api/v1/images',
  speech: 'POST /api/v1/audio/speech',
  transcription: 'POST /api/v1/audio/transcriptions',
};

/** The media models of a kind that some configured provider serves. */
export function servedMediaModels(services: GatewayServices, kind: MediaKind): CatalogModel[] {
  return services.catalog.mediaModels.filter((model) => model.switchboard.media?.kind === kind && services.providers.mediaEndpointsFor(model.id).length > 0);
}

/**
 * What every media route checks first: the gateway is not shutting down, and the model is a media
 * model of the route's kind (404 naming the models that are, otherwise); the app the request came
 * from, by its headers.
 */
export function mediaModelOf(exchange: HttpExchange, services: GatewayServices, kind: MediaKind, requested: string): { model: CatalogModel; app: AppAttribution | null } {
  if (services.isShuttingDown()) throw new GatewayError('shutting_down', 'The gateway is shutting down; retry on another node');
  const model = services.catalog.mediaModel(requested, kind);
  if (!model) {
    const known = servedMediaModels(services, kind).map((item) => item.id);
    const elsewhere = services.catalog.mediaModel(requested);
    const hint = elsewhere ? ` (it is a ${elsewhere.switchboard.media!.kind} model: ${routeOfKind[elsewhere.switchboard.media!.kind]})` : '';
    throw new GatewayError('model_not_found', `${echo(requested)} is not a ${kind} model${hint}; ${routeOfKind[kind]} takes ${known.join(', ') || 'none here'}`, {
      metadata: { model: requested.slice(0, 200) },
    });
  }
  const app = attributeApp({ referer: exchange.header('http-referer') ?? exchange.header('referer'), title: exchange.header('x-openrouter-title') ?? exchange.header('x-title') });
  return { model, app };
}
