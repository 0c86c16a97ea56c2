import type { Worker } from 'node:cluster';
import { EventEmitter } from 'node:events';
import { type CallHandler, type EventHandler, PrimaryChannel, WorkerChannel } from '../../src/server/interprocess/ipc-channel.js';

/**
 * A primary and a worker channel joined in this process, as Node's IPC joins them across two:
 * each message is serialized (JSON) and delivered on a later turn of the event loop, in order.
 */
export function loopbackClusterChannel(calls: Record<string, CallHandler>, events: Record<string, EventHandler>): WorkerChannel {
  const workerSide = new EventEmitter();
  const primarySide = new EventEmitter();
  const deliver = (target: EventEmitter, message: unknown) => {
    const copy = JSON.parse(JSON.stringify(message)) as unknown;
    setImmediate(() => target.emit('message', copy));
    return true;
  };
  const fakeProcess = Object.assign(workerSide, { send: (message: unknown) => deliver(primarySide, message) }) as unknown as NodeJS.Process;
  const fakeWorker = Object.assign(primarySide, {
    send: (message: unknown) => deliver(workerSide, message),
    isConnected: () => true,
  }) as unknown as Worker;
  new PrimaryChannel(calls, events).attach(fakeWorker);
  return new WorkerChannel(fakeProcess);
}
