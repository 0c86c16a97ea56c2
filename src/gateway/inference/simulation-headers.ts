import { GatewayError } from '../../errors/gateway-error.js';
import type { HttpExchange } from '../http/http-exchange.js';

/** Facts a simulated request brings along for its generation record (config: simulation.trust_headers). */
export interface SimulatedFacts {
  /** When the generation happened, in Unix milliseconds. */
  timeMs?: number;
  billingCountry?: string;
  /** Google content category path, as the classifier would have labelled the prompt. */
  category?: string;
  promptLanguage?: string;
}

function bad(header: string, problem: string): GatewayError {
  return new GatewayError('invalid_request', `Header ${header} ${problem}`, { metadata: { header } });
}

/**
 * Reads the x-switchboard-simulated-* headers with which `switchboard simulate --through-gateway`
 * replays a generated year: its timestamps, billing countries, categories and languages, which a
 * live request cannot otherwise carry. Only called when the configuration trusts them.
 */
export function readSimulationHeaders(exchange: HttpExchange): SimulatedFacts | null {
  const facts: SimulatedFacts = {};
  const time = exchange.header('x-switchboard-simulated-time');
  if (time !== undefined) {
    const timeMs = Date.parse(time);
    if (Number.isNaN(timeMs)) throw bad('x-switchboard-simulated-time', `must be an ISO-8601 time, got "${time}"`);
    facts.timeMs = timeMs;
  }
  const country = exchange.header('x-switchboard-simulated-country');
  if (country !== undefined) {
    if (!/^[A-Z]{2}$/.test(country)) throw bad('x-switchboard-simulated-country', `must be an ISO-3166 alpha-2 code, got "${country}"`);
    facts.billingCountry = country;
  }
  const category = exchange.header('x-switchboard-simulated-category');
  if (category !== undefined) {
    if (!category.startsWith('/') || category.length > 200)
      throw bad('x-switchboard-simulated-category', `must be a content category path like /Computers & Electronics/Programming, got "${category}"`);
    facts.category = category;
  }
  const language = exchange.header('x-switchboard-simulated-language');
  if (language !== undefined) {
    if (!/^[a-z]{2,3}(-[A-Za-z]{2,4})?$/.test(language)) throw bad('x-switchboard-simulated-language', `must be a language code like en or zh-Hans, got "${language}"`);
    facts.promptLanguage = language;
  }
  return Object.keys(facts).length > 0 ? facts : null;
}
