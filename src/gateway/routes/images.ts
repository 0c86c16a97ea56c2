import { GatewayError } from '../../errors/gateway-error.js';
import { formatPricing } from '../../accounting/pricing.js';
import type { CatalogModel } from '../../catalog/catalog-model.js';
import { countTextTokens } from '../../tokenization/count-tokens.js';
import { type ImageRequest, parseImageRequest } from '../../wire/media/parse-image-request.js';
import { renderImageResponse } from '../../wire/media/render-media-responses.js';
import type { GatewayServices } from '../gateway-services.js';
import { lacksMedia, runMedia } from '../generation/run-media.js';
import type { HttpExchange } from '../http/http-exchange.js';
import type { Route } from '../http/route-table.js';
import { mediaModelOf, servedMediaModels } from './media-model.js';

/** The parameters an image request set (for provider.require_parameters), by OpenRouter's names. */
function setParameters(request: ImageRequest): Record<string, unknown> {
  const named: [string, unknown][] = [
    ['n', request.n > 1 ? request.n : undefined],
    ['size', request.size],
    ['quality', request.quality],
    ['aspect_ratio', request.aspectRatio],
    ['background', request.background],
    ['output_format', request.outputFormat],
    ['output_compression', request.outputCompression],
    ['seed', request.seed],
  ];
  return Object.fromEntries(named.filter(([, value]) => value !== undefined));
}

async function generate(exchange: HttpExchange, services: GatewayServices): Promise<void> {
  const request = parseImageRequest(exchange.json);
  const { model, app } = mediaModelOf(exchange, services, 'image', request.model);
  const media = model.switchboard.media!;
  if (request.n > (media.max_images ?? 1)) throw new GatewayError('invalid_request', `${model.id} makes at most ${media.max_images ?? 1} images per request; n is ${request.n}`);
  if (request.outputFormat && media.formats && !media.formats.includes(request.outputFormat))
    throw new GatewayError('invalid_request', `${model.id} makes ${media.formats.join(', ')} images, not ${request.outputFormat}`);
  // The quality as the model names it (OpenRouter's high is DALL·E 3's hd); `auto` is the model's default, priced at its default variant.
  let variant = media.variant_parameter === 'quality' && request.quality !== undefined ? (media.variant_aliases?.[request.quality] ?? request.quality) : undefined;
  if (variant === 'auto' && !(media.variants && 'auto' in media.variants)) variant = undefined;
  if (variant !== undefined && media.variants && !(variant in media.variants))
    throw new GatewayError('invalid_request', `${model.id} has the qualities ${Object.keys(media.variants).join(', ')}, not ${variant}`);
  await runMedia(
    { exchange, services, auth: exchange.principal, app },
    {
      apiType: 'image',
      model,
      request,
      text: request.prompt,
      parameters: setParameters(request),
      ...(variant !== undefined ? { variant } : {}),
      maxUnits: request.n,
      invoke: (provider, endpoint, signal) => {
        if (!provider.generateImages) throw lacksMedia(provider, 'image generation');
        const { prompt, n, size, aspectRatio, background, outputFormat, outputCompression, seed } = request;
        const quality = media.variant_parameter === 'quality' ? variant : request.quality;
        return provider.generateImages({ endpoint, signal, prompt, n, ...defined({ size, quality, aspectRatio, background, outputFormat, outputCompression, seed }) });
      },
      // Units are the images delivered; prompt tokens are billed only by models with a prompt price.
      reported: (value) => ({ promptTokens: endpointBillsPrompt(model) ? value.promptTokens : 0, mediaUnits: value.images.length }),
      ownUnits: (value) => value?.images.length ?? 0,
      ownPromptTokens: () => (endpointBillsPrompt(model) ? countTextTokens(request.prompt) : 0),
      render: (value, charge, facts) => ({
        json: renderImageResponse({ createdSeconds: Math.floor(services.now() / 1000), images: value.images, promptTokens: charge.usage.promptTokens, cost: charge.cost.total, isByok: facts.isByok }),
      }),
    },
  );
}

const endpointBillsPrompt = (model: CatalogModel) => Number(model.pricing.prompt ?? 0) > 0;

/** The fields of an object that are set. */
function defined<T extends Record<string, unknown>>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Partial<T>;
}

/** OpenRouter's image-model listing entry: modalities, parameters as capability descriptors, and where its endpoints are listed. */
function imageModelItem(model: CatalogModel) {
  return {
    id: model.id,
    name: model.name,
    description: model.description,
    created: model.created,
    architecture: { input_modalities: model.architecture.input_modalities, output_modalities: model.architecture.output_modalities },
    endpoints: `/api/v1/images/models/${model.id}/endpoints`,
    supported_parameters: capabilities(model),
    supports_streaming: false,
  };
}

/** The model's parameters as OpenRouter's capability descriptors (enum, range or boolean). */
function capabilities(model: CatalogModel): Record<string, unknown> {
  const media = model.switchboard.media!;
  const result: Record<string, unknown> = {};
  for (const parameter of model.supported_parameters) {
    if (parameter === 'n') result.n = { type: 'range', min: 1, max: media.max_images ?? 1 };
    else if (parameter === 'quality' && media.variants) result.quality = { type: 'enum', values: Object.keys(media.variants) };
    else if (parameter === 'output_format' && media.formats) result.output_format = { type: 'enum', values: media.formats };
    else if (parameter === 'background') result.background = { type: 'enum', values: ['auto', 'transparent', 'opaque'] };
    else if (parameter === 'output_compression') result.output_compression = { type: 'range', min: 0, max: 100 };
    else if (parameter === 'seed') result.seed = { type: 'boolean' };
    else if (parameter === 'size') result.size = { type: 'enum', values: ['1024x1024', '1536x1024', '1024x1536', 'auto'] };
    else if (parameter === 'aspect_ratio') result.aspect_ratio = { type: 'enum', values: ['1:1', '3:4', '4:3', '9:16', '16:9'] };
  }
  return result;
}

/** POST /api/v1/images (and OpenAI's /images/generations), GET /api/v1/images/models and each model's endpoints. */
export function imageRoutes(services: GatewayServices): Route[] {
  return [
    { method: 'POST', path: '/api/v1/images', access: 'inference', body: 'json', handler: (exchange) => generate(exchange, services) },
    { method: 'POST', path: '/api/v1/images/generations', access: 'inference', body: 'json', handler: (exchange) => generate(exchange, services) },
    {
      method: 'GET',
      path: '/api/v1/images/models',
      access: 'public',
      handler: (exchange) => exchange.sendJson(200, { data: servedMediaModels(services, 'image').map(imageModelItem) }),
    },
    {
      method: 'GET',
      path: '/api/v1/images/models/:author/:slug/endpoints',
      access: 'public',
      handler: (exchange, parameters) => {
        const id = `${parameters.author}/${parameters.slug}`;
        const model = services.catalog.mediaModel(id, 'image');
        const endpoints = model ? services.providers.mediaEndpointsFor(model.id) : [];
        if (!model || endpoints.length === 0) throw new GatewayError('model_not_found', `No image model ${id.slice(0, 200)} is served here; GET /api/v1/images/models lists them`);
        const media = model.switchboard.media!;
        exchange.sendJson(200, {
          id: model.id,
          endpoints: endpoints.map((endpoint) => {
            const price = endpoint.pricing.unit!.price;
            const ratio = price / Number(media.unit_price);
            const variants = Object.entries(media.variants ?? { default: media.unit_price });
            const prompt = Number(formatPricing(endpoint.pricing).prompt);
            return {
              provider_name: endpoint.providerName,
              provider_slug: endpoint.providerId,
              provider_tag: null,
              supports_streaming: false,
              allowed_passthrough_parameters: [],
              supported_parameters: capabilities(model),
              pricing: [
                ...variants.map(([variant, cost]) => ({
                  billable: 'output_image',
                  unit: 'image',
                  cost_usd: Number(cost) * (Number.isFinite(ratio) ? ratio : 1),
                  ...(media.variants ? { variant } : {}),
                })),
                ...(prompt > 0 ? [{ billable: 'input_text', unit: 'token', cost_usd: prompt }] : []),
              ],
            };
          }),
        });
      },
    },
  ];
}
