import type { Redis } from 'ioredis';
import type { NodeBus } from '../../spec/node-bus.js';

/** The Redis channel of a topic. */
export const busChannel = (topic: string) => `switchboard:${topic}`;

/**
 * The node bus on Redis pub/sub: one channel per topic (`switchboard:<topic>`), messages as JSON
 * `{ from, body }`, a node's own messages dropped when they come back. Subscriptions use a
 * connection of their own (Redis puts a subscribing connection in a mode that runs nothing else)
 * and are renewed by ioredis after a reconnection.
 */
export class RedisNodeBus implements NodeBus {
  private readonly subscriber: Redis;
  private readonly handlers = new Map<string, ((message: unknown) => void)[]>();
  private readonly subscriptions: Promise<void>[] = [];

  constructor(
    private readonly publisher: Redis,
    private readonly nodeId: string,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {
    this.subscriber = publisher.duplicate({ enableOfflineQueue: true, autoResubscribe: true, commandTimeout: undefined });
    this.subscriber.on('error', (error: unknown) => onError(error));
    this.subscriber.on('message', (channel: string, text: string) => {
      const handlers = this.handlers.get(channel);
      if (!handlers) return;
      let parsed: { from?: unknown; body?: unknown };
      try {
        parsed = JSON.parse(text) as { from?: unknown; body?: unknown };
      } catch {
        return;
      }
      if (parsed.from === this.nodeId) return;
      for (const handler of handlers) {
        try {
          handler(parsed.body);
        } catch (error) {
          onError(error);
        }
      }
    });
  }

  async ready(): Promise<void> {
    await Promise.all(this.subscriptions);
  }

  publish(topic: string, message: unknown): void {
    this.publisher.publish(busChannel(topic), JSON.stringify({ from: this.nodeId, body: message })).catch((error: unknown) => this.onError(error));
  }

  subscribe(topic: string, handler: (message: unknown) => void): void {
    const channel = busChannel(topic);
    const handlers = this.handlers.get(channel);
    if (handlers) {
      handlers.push(handler);
      return;
    }
    this.handlers.set(channel, [handler]);
    // The first command connects the subscriber (lazily, like its publisher).
    this.subscriptions.push(
      this.subscriber.subscribe(channel).then(
        () => undefined,
        (error: unknown) => this.onError(error),
      ),
    );
  }

  close(): void {
    this.subscriber.disconnect();
  }
}
