/**
 * Messages between the gateway nodes of one deployment (Redis pub/sub at scale): a key changed on
 * one node, the endpoint outcomes another observed. Delivery is best effort and at most once; a
 * node never hears its own messages. What must be exact (money, rate limits) never travels here.
 */
export interface NodeBus {
  publish(topic: string, message: unknown): void;
  subscribe(topic: string, handler: (message: unknown) => void): void;
  /** Resolves when every subscription made so far listens. */
  ready(): Promise<void>;
}
