import { GatewayError } from '../../errors/gateway-error.js';
import type { ErrorCode } from '../../errors/error-codes.js';

/**
 * Calls and events between a cluster's primary and its workers over Node's IPC channel. A call
 * carries an id and gets one result; a GatewayError thrown by the handler travels back as data
 * and is thrown again on the caller's side with its code, message, metadata and headers.
 */

interface CallMessage {
  switchboard: 'call';
  id: number;
  method: string;
  argument: unknown;
}

interface ResultMessage {
  switchboard: 'result';
  id: number;
  value?: unknown;
  error?: { code: ErrorCode; message: string; metadata: Record<string, unknown>; headers: Record<string, string> } | { internal: string };
}

interface EventMessage {
  switchboard: 'event';
  name: string;
  payload: unknown;
}

/** Events a caller emitted within one turn of its event loop, sent as one message. */
interface EventBatchMessage {
  switchboard: 'events';
  events: { name: string; payload: unknown }[];
}

type ClusterMessage = CallMessage | ResultMessage | EventMessage | EventBatchMessage;

function isClusterMessage(message: unknown): message is ClusterMessage {
  return typeof message === 'object' && message !== null && 'switchboard' in message;
}

/**
 * The other end of an IPC channel as the answering side sees it: a cluster Worker, a forked
 * ChildProcess, or (in a forked child) its own process.
 */
export interface ChannelPeer {
  on(event: 'message', listener: (message: unknown) => void): unknown;
  send?(message: unknown): boolean;
  /** A ChildProcess's, or a process's, IPC state. */
  readonly connected?: boolean;
  /** A cluster Worker's IPC state. */
  isConnected?(): boolean;
}

/** The calling side's end: its process (a worker, a forked child), or a ChildProcess it forked. */
export type CallerEnd = ChannelPeer;

function connected(peer: ChannelPeer): boolean {
  return peer.connected !== false && peer.isConnected?.() !== false && typeof peer.send === 'function';
}

/** A call's handler; `never` lets each declare the argument it takes (what arrives is the caller's, over IPC). */
export type CallHandler = (argument: never, peer: ChannelPeer) => unknown;
export type EventHandler = (payload: never, peer: ChannelPeer) => void;

/** The calling side (a worker calling its primary; a gateway calling its store process): calls, events both ways. */
export class WorkerChannel {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: unknown) => void }>();
  private readonly events = new Map<string, (payload: never) => void>();
  /** Events not sent yet: they leave together at the end of this turn, or before the next call (so order holds). */
  private outbox: { name: string; payload: unknown }[] = [];
  private flushScheduled = false;

  constructor(private readonly process: CallerEnd = globalThis.process) {
    process.on('message', (message: unknown) => {
      if (!isClusterMessage(message)) return;
      if (message.switchboard === 'result') {
        const waiter = this.pending.get(message.id);
        if (!waiter) return;
        this.pending.delete(message.id);
        if (!message.error) waiter.resolve(message.value);
        else if ('internal' in message.error) waiter.reject(new Error(message.error.internal));
        else waiter.reject(new GatewayError(message.error.code, message.error.message, { metadata: message.error.metadata, headers: message.error.headers }));
      } else if (message.switchboard === 'event') this.events.get(message.name)?.(message.payload as never);
    });
  }

  call<T>(method: string, argument: unknown): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      if (!connected(this.process)) {
        reject(new Error(`the channel is closed (${method})`));
        return;
      }
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.flush();
      this.process.send!({ switchboard: 'call', id, method, argument } satisfies CallMessage);
    });
  }

  /** Sends an event; events of one turn travel as one message (a message costs both processes more than its bytes). */
  emit(name: string, payload: unknown): void {
    this.outbox.push({ name, payload });
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.flushScheduled = false;
    if (this.outbox.length === 0) return;
    const events = this.outbox;
    this.outbox = [];
    if (!connected(this.process)) return;
    if (events.length === 1) this.process.send!({ switchboard: 'event', name: events[0]!.name, payload: events[0]!.payload } satisfies EventMessage);
    else this.process.send!({ switchboard: 'events', events } satisfies EventBatchMessage);
  }

  /** Fails every call still waiting (the other side is gone). */
  failPending(reason: Error): void {
    for (const waiter of this.pending.values()) waiter.reject(reason);
    this.pending.clear();
  }

  on(name: string, handler: (payload: never) => void): void {
    this.events.set(name, handler);
  }
}

/** The primary's side: answers the workers' calls, receives their events, sends events to them. */
export class PrimaryChannel {
  constructor(
    private readonly calls: Record<string, CallHandler>,
    private readonly events: Record<string, EventHandler>,
  ) {}

  attach(worker: ChannelPeer): void {
    worker.on('message', (message: unknown) => {
      if (!isClusterMessage(message)) return;
      if (message.switchboard === 'event') {
        this.events[message.name]?.(message.payload as never, worker);
        return;
      }
      if (message.switchboard === 'events') {
        for (const event of message.events) this.events[event.name]?.(event.payload as never, worker);
        return;
      }
      if (message.switchboard !== 'call') return;
      void (async () => {
        const handler = this.calls[message.method];
        let reply: ResultMessage;
        try {
          if (!handler) throw new Error(`no cluster method ${message.method}`);
          reply = { switchboard: 'result', id: message.id, value: await handler(message.argument as never, worker) };
        } catch (error) {
          reply = {
            switchboard: 'result',
            id: message.id,
            error: GatewayError.isInstance(error)
              ? { code: error.code, message: error.message, metadata: error.metadata, headers: error.headers }
              : { internal: String((error as Error)?.stack ?? error) },
          };
        }
        if (connected(worker)) worker.send!(reply);
      })();
    });
  }

  static emit(worker: ChannelPeer, name: string, payload: unknown): void {
    if (connected(worker)) worker.send!({ switchboard: 'event', name, payload } satisfies EventMessage);
  }
}
