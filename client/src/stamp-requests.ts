// Typed calls of the `stamp/*` methods: names, parameters and results are checked against protocol/src/protocol.ts.
import type { Disposable } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { StampNotifications, StampRequests } from '../../protocol/src/protocol.js';

/** Sends a `stamp/*` request; a misspelled method or a wrong parameter does not compile. */
export function sendStampRequest<M extends keyof StampRequests>(
  client: LanguageClient,
  method: M,
  params: StampRequests[M]['params'],
): Promise<StampRequests[M]['result']> {
  return client.sendRequest<StampRequests[M]['result']>(method, params);
}

/** Listens to a `stamp/*` notification of the server. */
export function onStampNotification<M extends keyof StampNotifications>(
  client: LanguageClient,
  method: M,
  handler: (params: StampNotifications[M]) => void,
): Disposable {
  return client.onNotification(method, handler);
}
