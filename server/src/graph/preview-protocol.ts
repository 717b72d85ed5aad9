// The messages between the extension and the preview webview, typed once for both sides (the webview bundle imports only types from here).
import type { GraphRequestResult } from './request.js';
import type { ViewName } from './views.js';
import type { ResilienceResult, SimulateResult } from '../resilience/protocol.js';

export type { GraphRequestParams, GraphRequestResult } from './request.js';
export type { ViewName, ViewInfo, ViewGraph, ElementLocation } from './views.js';

/** Extension → webview. */
export type ToWebviewMessage =
  | { type: 'graph'; uri: string; result: GraphRequestResult }
  | { type: 'failureAnalysis'; simulation: SimulateResult | null; resilience: ResilienceResult | null }
  | { type: 'highlight'; id: string | undefined }
  | { type: 'error'; message: string }
  | { type: 'export'; format: 'svg' | 'png'; theme: 'light' | 'current' };

/** Webview → extension. */
export type FromWebviewMessage =
  | { type: 'ready'; view?: ViewName; expanded?: string[] }
  | { type: 'reveal'; id: string }
  | { type: 'setView'; view: ViewName }
  | { type: 'expand'; id: string }
  | { type: 'tidy' }
  | { type: 'exportClicked'; format: 'svg' | 'png' }
  | { type: 'exportData'; format: 'svg' | 'png'; theme: 'light' | 'current'; text?: string; base64?: string }
  | { type: 'exportFailed'; message: string }
  | { type: 'clearSimulation' }
  | { type: 'toggleResilience' };

/** What the webview keeps across reloads (getState/setState); the serializer reads `uri`. */
export interface PreviewWebviewState {
  uri?: string;
  view?: ViewName;
  expanded?: Partial<Record<ViewName, string[]>>;
}
