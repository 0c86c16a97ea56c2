/**
 * What the gateway needs of an inbound request and its response: the shapes Node's
 * IncomingMessage and ServerResponse have, so a real socket and the in-process entry
 * (in-process-transport.ts) drive the same code.
 */
export interface InboundMessage {
  readonly method?: string | undefined;
  readonly url?: string | undefined;
  readonly headers: Record<string, string | string[] | undefined>;
  /** The peer; null once the socket is gone. */
  readonly socket: { readonly remoteAddress?: string | undefined } | null;
  on(event: 'data', listener: (chunk: Buffer) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  off(event: 'data', listener: (chunk: Buffer) => void): unknown;
  off(event: 'end', listener: () => void): unknown;
  off(event: 'error', listener: (error: Error) => void): unknown;
}

export interface OutboundResponse {
  readonly headersSent: boolean;
  readonly destroyed: boolean;
  readonly writableFinished: boolean;
  statusCode: number;
  setHeader(name: string, value: string | number): unknown;
  writeHead(status: number, headers: Record<string, string | number>): unknown;
  write(chunk: string | Uint8Array): boolean;
  end(chunk?: string | Uint8Array): unknown;
  flushHeaders(): void;
  on(event: 'close' | 'finish', listener: () => void): unknown;
}
