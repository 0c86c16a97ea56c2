import { createHash } from 'node:crypto';
import { messageText } from '../spec/chat-message.js';
import type { GenerationRequest } from '../spec/generation-request.js';
import type { Usage } from '../spec/usage.js';
import type { ProviderEndpoint } from '../providers/provider.js';

/** What a sticky route remembers: the endpoint holding the conversation's cache and the last request's shape. */
interface StickyRoute {
  endpointId: string;
  /** Prompt, cached and completion tokens of the last generation, to price the alternatives. */
  promptTokens: number;
  cachedTokens: number;
  completionTokens: number;
  lastUsedAt: number;
}

/** A route learnt (or dropped: null) on one node, as it travels to the others. */
export type StickyRouteUpdate = [key: string, route: Omit<StickyRoute, 'lastUsedAt'> | null];

/** How the nodes of a deployment tell each other their sticky routes (the node bus). */
export interface StickyRelay {
  send(update: StickyRouteUpdate): void;
  onUpdate(handler: (update: StickyRouteUpdate) => void): void;
}

const count = (value: unknown) => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

/** Whether a value received from another node is a well-formed update. */
export function isStickyRouteUpdate(value: unknown): value is StickyRouteUpdate {
  if (!Array.isArray(value) || value.length !== 2 || typeof value[0] !== 'string' || value[0].length > 1_000) return false;
  const route = value[1] as Record<string, unknown> | null;
  if (route === null) return true;
  return typeof route === 'object' && typeof route.endpointId === 'string' && count(route.promptTokens) && count(route.cachedTokens) && count(route.completionTokens);
}

export interface StickyRoutesOptions {
  /** A route expires after this long without use (OpenRouter: 10 minutes). */
  idleMs?: number;
  /** Most routes kept; the least recently used go first. */
  capacity?: number;
  now?: () => number;
  /** Shares routes with the other nodes, so a conversation's next request finds its cache on whichever node it reaches. */
  relay?: StickyRelay;
}

/**
 * Sticky routing for prompt caching, as OpenRouter does it: once a conversation's request was
 * served from (or wrote to) a provider's prompt cache, its next requests go to that provider
 * first, while the cache makes it the cheaper choice, until 10 minutes pass without a request.
 * A conversation is the account × model × `session_id` (body or `x-session-id`), else
 * `prompt_cache_key`, else a hash of its first system and first non-system message. Not applied
 * when provider.order is set. Each process keeps its routes; with several nodes they are shared over
 * the node bus (`relay`), a moment later, best effort.
 */
export class StickyRoutes {
  private readonly routes = new Map<string, StickyRoute>();
  private readonly idleMs: number;
  private readonly capacity: number;
  private readonly now: () => number;

  constructor(options: StickyRoutesOptions = {}) {
    this.idleMs = options.idleMs ?? 10 * 60_000;
    this.capacity = options.capacity ?? 100_000;
    this.now = options.now ?? Date.now;
    this.relay = options.relay;
    this.relay?.onUpdate(([key, route]) => {
      this.routes.delete(key);
      if (route)
        this.remember(key, { endpointId: route.endpointId, promptTokens: route.promptTokens, cachedTokens: route.cachedTokens, completionTokens: route.completionTokens, lastUsedAt: this.now() });
    });
  }

  private readonly relay: StickyRelay | undefined;

  private remember(key: string, route: StickyRoute): void {
    this.routes.set(key, route);
    if (this.routes.size > this.capacity) this.routes.delete(this.routes.keys().next().value!);
  }

  /** The conversation key of a request, or null when routing is pinned by provider.order. */
  static keyOf(accountId: string, modelId: string, request: GenerationRequest): string | null {
    if (request.provider?.order?.length) return null;
    const explicit = request.sessionId ?? (typeof request.parameters.prompt_cache_key === 'string' ? request.parameters.prompt_cache_key : undefined);
    let conversation: string;
    if (explicit) conversation = `session:${explicit}`;
    else {
      const system = request.messages.find((message) => message.role === 'system' || message.role === 'developer');
      const first = request.messages.find((message) => message.role !== 'system' && message.role !== 'developer');
      if (!first) return null;
      const hash = createHash('sha256');
      hash.update(messageText(system?.content ?? ''));
      hash.update('\u0000');
      hash.update(messageText(first.content));
      conversation = `prefix:${hash.digest('base64url')}`;
    }
    return `${accountId}\u0000${modelId}\u0000${conversation}`;
  }

  /**
   * Moves the conversation's sticky endpoint to the front of `endpoints` when it is among them and
   * its cached price beats every other candidate's full price for the last request's shape.
   */
  apply(key: string | null, endpoints: ProviderEndpoint[]): ProviderEndpoint[] {
    if (key === null) return endpoints;
    const route = this.routes.get(key);
    if (!route) return endpoints;
    if (this.now() - route.lastUsedAt > this.idleMs) {
      this.routes.delete(key);
      return endpoints;
    }
    const index = endpoints.findIndex((endpoint) => endpoint.id === route.endpointId);
    if (index <= 0) return endpoints;
    const sticky = endpoints[index]!;
    const stickyCost = estimatedCost(sticky, route, true);
    const cheaperElsewhere = endpoints.some((endpoint, other) => other !== index && endpoint.model.id === sticky.model.id && estimatedCost(endpoint, route, false) < stickyCost);
    if (cheaperElsewhere) return endpoints;
    return [sticky, ...endpoints.slice(0, index), ...endpoints.slice(index + 1)];
  }

  /**
   * After a successful generation: remember the endpoint when its prompt cache was read or written
   * (or, with an explicit session, on first success) and cache reads there cost less than prompts.
   */
  observe(key: string | null, endpoint: ProviderEndpoint, usage: Usage, explicitSession: boolean): void {
    if (key === null) return;
    const cacheIsCheaper = endpoint.pricing.cacheRead !== null && endpoint.pricing.cacheRead < endpoint.pricing.prompt;
    const usedCache = usage.cachedTokens > 0 || usage.cacheWriteTokens > 0;
    const existing = this.routes.get(key);
    if (!cacheIsCheaper || (!usedCache && !explicitSession && existing?.endpointId !== endpoint.id)) {
      if (existing && existing.endpointId !== endpoint.id) {
        this.routes.delete(key);
        this.relay?.send([key, null]);
      }
      return;
    }
    this.routes.delete(key);
    const route: StickyRoute = {
      endpointId: endpoint.id,
      promptTokens: usage.promptTokens,
      // What the next request can expect to read from the cache: at least what this one read or wrote.
      cachedTokens: Math.min(usage.promptTokens, usage.cachedTokens + usage.cacheWriteTokens),
      completionTokens: usage.completionTokens,
      lastUsedAt: this.now(),
    };
    this.remember(key, route);
    const { lastUsedAt: _lastUsedAt, ...shared } = route;
    this.relay?.send([key, shared]);
  }

  get size(): number {
    return this.routes.size;
  }
}

/** The last request's shape priced on an endpoint, with its cached prefix read from cache (sticky) or not. */
function estimatedCost(endpoint: ProviderEndpoint, route: StickyRoute, cached: boolean): number {
  const { pricing } = endpoint;
  const cachedTokens = cached && pricing.cacheRead !== null ? route.cachedTokens : 0;
  return (route.promptTokens - cachedTokens) * pricing.prompt + cachedTokens * (pricing.cacheRead ?? pricing.prompt) + route.completionTokens * pricing.completion + pricing.request;
}
