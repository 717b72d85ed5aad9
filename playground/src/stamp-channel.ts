// The playground's one connection to the language server worker: Monaco's LSP client speaks through it, and the page
// sends the `stamp/*` requests (graph, failure analysis) and hears `stamp/didAnalyze` on the same connection.
import { lsp } from './monaco.js';
import type { StampNotifications, StampRequests } from '../../protocol/src/protocol.js';

type Transport = ReturnType<typeof lsp.createTransportToWorker>;
type Message = Parameters<Transport['send']>[0];
type Listener = Parameters<Transport['setListener']>[0];

/** Request ids of the page's own requests: strings, so they never collide with the LSP client's numeric ids. */
const ownIdPrefix = 'stamp-page-';

/**
 * A transport for Monaco's LSP client over the server worker, through which the page also sends its own requests:
 * the answers to those (and the `stamp/didAnalyze` notifications) are taken out before the LSP client sees the stream.
 */
export class StampChannel {
  readonly transport: Transport;
  private readonly inner: Transport;
  private nextId = 1;
  private readonly pending = new Map<string, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private readonly analyzedListeners: Array<(params: StampNotifications['stamp/didAnalyze']) => void> = [];

  constructor(worker: Worker) {
    this.inner = lsp.createTransportToWorker(worker);
    const inner = this.inner;
    const channel = this;
    this.transport = {
      get state() {
        return inner.state;
      },
      send: (message: Message) => inner.send(message),
      setListener(listener: Listener) {
        inner.setListener(listener ? (message: Message) => { if (!channel.takeOwn(message)) listener(message); } : undefined);
      },
      toString: () => `stamp-channel(${inner.toString()})`,
    } as Transport;
  }

  /** Sends a `stamp/*` request; the method, parameters and result are those of protocol/src/protocol.ts. */
  request<M extends keyof StampRequests>(method: M, params: StampRequests[M]['params']): Promise<StampRequests[M]['result']> {
    const id = `${ownIdPrefix}${this.nextId++}`;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      void this.inner.send({ jsonrpc: '2.0', id, method, params: params as never } as Message);
    });
  }

  /** Calls `listener` whenever the server has published the diagnostics of a document version. */
  onDidAnalyze(listener: (params: StampNotifications['stamp/didAnalyze']) => void): void {
    this.analyzedListeners.push(listener);
  }

  /** Handles an answer to one of the page's requests or a `stamp/didAnalyze`; true when the message was the page's. */
  private takeOwn(message: Message): boolean {
    const record = message as { id?: unknown; method?: string; params?: unknown; result?: unknown; error?: { message?: string } };
    if (typeof record.id === 'string' && record.id.startsWith(ownIdPrefix) && record.method === undefined) {
      const waiting = this.pending.get(record.id);
      this.pending.delete(record.id);
      if (record.error) waiting?.reject(new Error(record.error.message ?? 'request failed'));
      else waiting?.resolve(record.result);
      return true;
    }
    if (record.method === 'stamp/didAnalyze') {
      for (const listener of this.analyzedListeners) listener(record.params as StampNotifications['stamp/didAnalyze']);
      return true;
    }
    return false;
  }
}
