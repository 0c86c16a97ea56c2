import { GatewayError } from '../../errors/gateway-error.js';
import type { AccessNeed } from '../lifecycle/access-need.js';
import type { HttpExchange } from './http-exchange.js';

export type RouteHandler = (exchange: HttpExchange, parameters: Record<string, string>) => Promise<void> | void;

export interface Route {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT';
  /** Path with `:name` segments; a final `*name` segment takes the rest of the path. */
  path: string;
  /** Name for metrics and logs (the path pattern by default). */
  name?: string;
  /** What the caller must present; the lifecycle checks it before the handler runs. */
  access: AccessNeed;
  /**
   * 'json': the lifecycle reads the body under its limits and parses it (exchange.json) before the
   * handler; 'json-or-form' also takes multipart/form-data (file uploads), read into a plain object
   * whose files are FormFile values (lifecycle/form-body.ts).
   */
  body?: 'json' | 'json-or-form';
  /** How this route's errors are rendered (Anthropic's shape on /messages); OpenRouter's by default. */
  errorBody?: (error: GatewayError) => unknown;
  handler: RouteHandler;
}

export interface RouteMatch {
  route: Route;
  name: string;
  parameters: Record<string, string>;
}

interface CompiledRoute {
  route: Route;
  name: string;
  segments: string[];
}

function matchSegments(pattern: string[], path: string[]): Record<string, string> | null {
  const parameters: Record<string, string> = {};
  for (let index = 0; index < pattern.length; index++) {
    const segment = pattern[index]!;
    if (segment.startsWith('*')) {
      if (index >= path.length) return null;
      parameters[segment.slice(1)] = path.slice(index).map(decodeURIComponent).join('/');
      return parameters;
    }
    const value = path[index];
    if (value === undefined) return null;
    if (segment.startsWith(':')) parameters[segment.slice(1)] = decodeURIComponent(value);
    else if (segment !== value) return null;
  }
  return pattern.length === path.length ? parameters : null;
}

/** A small method + path router; exact segments win over parameters by registration order. */
export class RouteTable {
  private readonly routes: CompiledRoute[] = [];

  add(route: Route): this {
    this.routes.push({ route, name: route.name ?? route.path, segments: route.path.split('/').filter(Boolean) });
    return this;
  }

  /** The route for a request; 405 when the path exists for other methods, 404 when it does not exist. */
  match(method: string, path: string): RouteMatch {
    const segments = path.split('/').filter(Boolean);
    let pathExists = false;
    for (const compiled of this.routes) {
      let parameters: Record<string, string> | null;
      try {
        parameters = matchSegments(compiled.segments, segments);
      } catch {
        throw new GatewayError('invalid_request', `Malformed URL path: ${path}`);
      }
      if (!parameters) continue;
      if (compiled.route.method === method || (method === 'HEAD' && compiled.route.method === 'GET')) {
        return { route: compiled.route, name: compiled.name, parameters };
      }
      pathExists = true;
    }
    if (pathExists) throw new GatewayError('method_not_allowed', `${method} is not allowed on ${path}`);
    throw new GatewayError('not_found', `No route for ${method} ${path}`);
  }
}
