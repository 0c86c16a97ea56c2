import type { HttpExchange } from '../http/http-exchange.js';

/** One step of the request lifecycle: works on the exchange, then calls the rest (or does not). */
export type Stage = (exchange: HttpExchange, next: () => Promise<void>) => Promise<void>;

/** Stages run in order, each around the ones after it, like hono's middleware and undici's interceptors. */
export function composeStages(stages: readonly Stage[]): (exchange: HttpExchange, last: () => Promise<void>) => Promise<void> {
  return (exchange, last) => {
    const run = (index: number): Promise<void> => {
      const stage = stages[index];
      return stage ? stage(exchange, () => run(index + 1)) : last();
    };
    return run(0);
  };
}
