// The extension protocol: every `stamp/*` request and notification with its parameters and result, in one place.
//
// Types only, no runtime code: the server implements these methods (server/src/lsp), the client calls them
// (client/src, with `import type`), and tests read them. Method names are the keys of `StampRequests` and
// `StampNotifications`, so a misspelled name or a wrong parameter is a compile error on either side.
// The messages between the extension and the preview webview belong here too, in their own section.
//
// Positions: the server's analysis speaks offsets (`OffsetRange`); only server/src/lsp turns them into the
// zero-based line/character `Range` that travels. Result types take the range type as a parameter so that both
// the analysis's form (`R = OffsetRange`) and the wire form (`R = Range`, the default) are the same declaration.
import type { Severity } from '../../grammar/src/diagnostic.js';

// ── Positions ───────────────────────────────────────────────────────────────────────────────────────────────────

/** A zero-based line and UTF-16 character, as LSP counts them. */
export interface Position {
  line: number;
  character: number;
}

/** A stretch of a document in line/character positions: what travels. */
export interface Range {
  start: Position;
  end: Position;
}

/** A stretch of a file in offsets, as the analysis computes it; server/src/lsp turns it into a `Range`. */
export interface OffsetRange {
  uri: string;
  start: number;
  end: number;
}

/** The parameters of a request about one open document. */
export interface StampDocumentParams {
  uri: string;
}

// ── stamp/graph ─────────────────────────────────────────────────────────────────────────────────────────────────

export interface GraphProblem<R = Range> {
  code: string;
  severity: Severity;
  message: string;
  range: R;
}

/** What a node draws as: a container holds other nodes. */
export type GraphNodeKind =
  | 'domain' | 'san' | 'host' | 'cluster' | 'guest_cluster' | 'csv' | 'replica_broker' | 'vm' | 'sql'
  | 'availability_group' | 'replica' | 'listener' | 'nlb' | 'load_balancer' | 'dns_record' | 'certificate'
  | 'vmm' | 'spf' | 'wap' | 'app' | 'recovery_plan' | 'recovery_group'
  // The network layer, drawn in the topology view on demand: adapters, teams, virtual switches, physical switches.
  | 'nic' | 'team' | 'vswitch' | 'switch';

export interface GraphNode<R = Range> {
  /** Stable across edits: the kind and the case-folded names from the outermost element down. */
  id: string;
  kind: GraphNodeKind;
  label: string;
  /** A second, smaller line under the label (version, port rules, address). */
  sublabel?: string;
  /** The id of the container node (cluster, host, VM, availability group), if any. */
  parent?: string;
  /** True when other nodes are drawn inside this one. */
  container: boolean;
  /** Short marks drawn on the node: `DC` for a domain controller, `primary` for the initial primary replica. */
  marks: string[];
  uri: string;
  /** The range of the element's whole statement (what a click selects). */
  range: R;
  /** The range of the element's name, for revealing. */
  selectionRange: R;
  /** Key properties for the node's tooltip. */
  details: Array<{ label: string; value: string }>;
  /** The highest severity of the diagnostics on this element (and its unrepresented children), if any. */
  severity?: Severity;
  problems: Array<GraphProblem<R>>;
  /** Set by a view's overview: the container is drawn closed, holding this many hidden nodes. */
  collapsed?: { hidden: number };
  /** A host with `memory`: the startup memory of its VMs with nothing failed, against its memory after the reserve. */
  memory?: GraphMemory;
}

/** A host's memory use, drawn as a small bar (over-committed in the error colour). */
export interface GraphMemory {
  usedGB: number;
  /** Memory VMs may use: the host's memory minus its reserve. */
  capacityGB: number;
  totalGB: number;
  reserveGB: number;
  overcommitted: boolean;
}

export interface GraphEdge {
  /** Stable: the edge kind, source and target ids. */
  id: string;
  source: string;
  target: string;
  kind: 'runs_on' | 'member' | 'replica_of' | 'listener' | 'database' | 'uses_vmm' | 'uses_spf' | 'fronts' | 'nlb_host' | 'replication' | 'extended_replication' | 'csv_on' | 'witness' | 'controller' | 'installed_on' | 'resolves_to' | 'recovers' | 'team_member' | 'uplink' | 'connects' | 'cabled';
  label?: string;
  /** Where a view draws the arrowhead: at the target unless said otherwise. */
  arrow?: 'start' | 'none';
}

export interface StampGraph<R = Range> {
  uri: string;
  /** The stamp's name, when a `stamp` statement is written. */
  title?: string;
  nodes: Array<GraphNode<R>>;
  edges: GraphEdge[];
  /** Diagnostics of the requested document that lie outside every drawn element. */
  unattachedProblems: Array<GraphProblem<R>>;
  /** A layout hint a view sets: containers hold unrelated children, packed in rows in source order rather than layered. */
  packContainers?: boolean;
}

/** The preview's views of a stamp; the server projects the graph onto each. */
export type ViewName = 'topology' | 'services' | 'replication';

export interface ViewInfo {
  name: ViewName;
  title: string;
  /** One sentence for the toolbar's tooltip. */
  description: string;
}

/** An element of the full graph, drawn in the view or not: for finding the one at the cursor or by name. */
export interface ElementLocation<R = Range> {
  id: string;
  label: string;
  kind: GraphNodeKind;
  uri: string;
  range: R;
}

/** The graph of one view. */
export interface ViewGraph<R = Range> extends StampGraph<R> {
  view: ViewName;
  /** For a node of the full graph not drawn in this view: the drawn node that stands for it (its collapsed container, the VM of a SQL instance). */
  shownAs: Record<string, string>;
  /** True when the view opened as an overview (some containers collapsed). */
  overview: boolean;
  /** Problems on elements this view does not draw at all. */
  problemsElsewhere: number;
  /** Every element of the full graph (drawn here or not). */
  elements: Array<ElementLocation<R>>;
}

/**
 * What a client that shows the preview puts in `initializationOptions` (beside the `stamp` settings a client that cannot
 * be asked for them pushes there): `warmUpPreview` has the server lay a small made-up stamp out in every view in the
 * background once it is initialised, so that the first preview opened does not wait for ELK's first, slowest runs.
 */
export interface StampInitializationOptions {
  warmUpPreview?: boolean;
}

/** The parameters of `stamp/graph`. */
export interface GraphRequestParams {
  uri: string;
  /** The view to draw; the topology when absent or unknown. */
  view?: ViewName;
  /** The containers the user opened in a view that starts as an overview. */
  expanded?: string[];
  /** Lay the view out afresh instead of adjusting the previous layout (the preview's "Tidy"). */
  fresh?: boolean;
  /** Draw the network layer (adapters, teams, virtual and physical switches) in the topology view. */
  network?: boolean;
}

/** A node's box in the diagram (top-left origin). */
export interface GraphBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The result of `stamp/export`: the view with its title and legend, laid out for a page (the view as shown when its
 * labels print at 7 pt or more on A4, else with containers' children in rows, then drawn more compactly), in both
 * export themes.
 */
export interface ExportResult {
  /** In the editor's theme, without a style element (the webview resolves `GraphResult.stylesheet` into it). */
  exportSvg: string;
  /** Fixed light colours, with its style element: a standalone document. */
  lightSvg: string;
  /** The label size when the export is printed on an A4 page (10 mm margins), in points, and the orientation that gives it. */
  points: number;
  orientation: 'portrait' | 'landscape';
}

/** The result of `stamp/graph`: the chosen view, drawn, plus the standalone SVGs for export. */
export interface GraphResult<R = Range> {
  view: ViewName;
  views: readonly ViewInfo[];
  graph: ViewGraph<R>;
  /** Absolute boxes of the nodes, by id, in layout coordinates (the drawing's top-left corner is at originX, originY). */
  positions: Record<string, GraphBox>;
  width: number;
  height: number;
  originX: number;
  originY: number;
  /** The diagram in the editor's theme, without a style element (the preview installs `stylesheet` itself). */
  svg: string;
  /** The rules that colour `svg` and `exportSvg` with VS Code's theme variables. */
  stylesheet: string;
  /** The diagram with its title and legend, in the editor's theme without a style element: "export in the current theme". */
  exportSvg: string;
  /** The diagram with its title and legend as a standalone document with fixed light colours, for documents. */
  lightSvg: string;
  /** True when the topology view draws the network layer (the toolbar's Network toggle). */
  network?: boolean;
}

// ── stamp/failableParts, stamp/simulate, stamp/resilience ───────────────────────────────────────────────────────

/**
 * The state of a service (or a drawn element) under a simulated failure. up: unaffected; failover: recovers by itself
 * (a restart or an automatic failover); degraded: needs an operator; down: lost.
 */
export type ServiceState = 'up' | 'failover' | 'degraded' | 'down';

/** One part whose failure can be simulated. */
export interface FailablePart<R = Range> {
  /** The id of the part's node in the `stamp/graph` answer (stable across edits). */
  id: string;
  /** The element kind: `san`, `csv`, `host` or `vm`. */
  kind: string;
  name: string;
  /** The file that declares the part (an imported file for a multi-file stamp). */
  uri: string;
  /** The range of the part's whole statement. */
  range: R;
}

/** The parameters of `stamp/simulate`: the document and the graph node ids of the failed parts. */
export interface SimulateParams {
  uri: string;
  failed: string[];
}

/** One service of the stamp with its state under the simulated failure. */
export interface SimulatedService<R = Range> {
  label: string;
  state: ServiceState;
  /** Why the service is in that state, in the architect's terms; empty when it is up. */
  why: string;
  uri: string;
  /** The range of the element that declares the service. */
  range: R;
  /** The graph node of that element, when it is drawn. */
  nodeId?: string;
}

/** The answer to `stamp/simulate`. */
export interface SimulateResult<R = Range> {
  services: Array<SimulatedService<R>>;
  /** The state of each drawn element the analysis follows, by graph node id. */
  elementStates: Record<string, ServiceState>;
  /** The graph node ids of the parts that were failed (the requested ids that still name a part). */
  failed: string[];
  /** Requested ids that name no failable part of the current text (renamed or deleted since). */
  unknown: string[];
  /** One sentence summing up the simulation, for the report's title line. */
  summary: string;
  /** VMs that found no room on their cluster's surviving nodes, by graph node id, with the reason in words. */
  noRoom: Record<string, string>;
  /** Each host's memory use under the failure, by graph node id (hosts with `memory` in clusters whose capacity is known), for redrawing its bar. */
  hostMemory: Record<string, SimulatedMemory>;
}

/** A host's memory under a simulated failure: what its memory bar shows (a failed host runs nothing). */
export interface SimulatedMemory {
  usedGB: number;
  capacityGB: number;
  overcommitted: boolean;
  /** The filled share of the bar, 0 to 1. */
  share: number;
  /** The bar's tooltip: "Memory after the failure: 23 of 30 GB for VMs used (32 GB minus a 2 GB reserve)". */
  title: string;
  failed: boolean;
}

/** One line of the resilience summary. */
export interface ResilienceLine<R = Range> {
  service: string;
  /** The least number of simultaneous failures that takes the service down; null when none up to the search limit does. */
  minimumFailures: number | null;
  /** The names of one smallest set of parts that takes the service down. */
  example: string[];
  /** The minimum in words, for display: "1: single point of failure", "more than 3". */
  text: string;
  uri: string;
  range: R;
  /** The graph node of the service's element, when it is drawn. */
  nodeId?: string;
}

/** The capacity of one Hyper-V cluster (or of a host that is no cluster's node) in the resilience summary. */
export interface CapacityLine<R = Range> {
  /** The cluster or host. */
  subject: string;
  /** fits: N+1 holds (or a standalone host has room); short: VMs would stay off after losing the largest node; overcommitted: too little memory with nothing failed; single: one node; unknown: memory not written. */
  state: 'fits' | 'short' | 'overcommitted' | 'single' | 'unknown';
  /** The statement in a cluster admin's words, with the headroom after losing the largest node and the memory in use per node. */
  text: string;
  uri: string;
  range: R;
  /** The graph node of the cluster or host, when it is drawn. */
  nodeId?: string;
}

/** The answer to `stamp/resilience`. */
export interface ResilienceResult<R = Range> {
  /** One line per service, in the order of the simulation's services. */
  services: Array<ResilienceLine<R>>;
  /** One line per Hyper-V cluster and per standalone host with VMs. */
  capacity: Array<CapacityLine<R>>;
  /** How many hosts lack `memory` ("2 of 4 hosts lack memory (…): their capacity is not checked."); null without hosts. */
  memoryCoverage: string | null;
}

// ── stamp/didAnalyze ────────────────────────────────────────────────────────────────────────────────────────────

/** Sent after the diagnostics of a document version are published, so the preview can refresh. */
export interface DidAnalyzeParams {
  uri: string;
  version: number;
}

// ── stamp/importInventory, stamp/compareInventory ───────────────────────────────────────────────────────────────

/** What is wrong with an inventory: the place in the file (`hosts[0].vms[2].MemoryStartup`) and what was expected. */
export interface InventoryProblem {
  path: string;
  message: string;
}

/** The parameters of `stamp/importInventory`: the chosen file's bytes (base64) and the name of the main file. */
export interface ImportInventoryParams {
  data: string;
  mainName: string;
  split?: boolean;
}

/** The files to write (the main file first) and the collector's warnings, or what is wrong with the inventory. */
export type ImportInventoryResult = { files: Array<{ name: string; text: string }>; warnings: string[] } | { problems: InventoryProblem[] };

/** The parameters of `stamp/compareInventory`: the open design and the inventory's bytes (base64). */
export interface CompareInventoryParams {
  uri: string;
  data: string;
}

/** A diagnostic as LSP sends it (`severity` 1 error … 4 hint). */
export interface WireDiagnostic {
  range: Range;
  severity?: 1 | 2 | 3 | 4;
  code?: string | number;
  source?: string;
  /** Plain text, or Markdown for clients that render it. */
  message: string | { kind: string; value: string };
}

/** The drift (DRIFT001–003) on the design's files, or what is wrong with the inventory. */
export type CompareInventoryResult = { files: Array<{ uri: string; diagnostics: WireDiagnostic[] }> } | { problems: InventoryProblem[] };

// ── The method tables ───────────────────────────────────────────────────────────────────────────────────────────

/** Every `stamp/*` request: its parameters and its result (null when the document is not open). */
export interface StampRequests {
  /** The topology graph of a document's stamp, laid out, with its SVG. */
  'stamp/graph': { params: GraphRequestParams; result: GraphResult | null };
  /** The view to export, laid out to print readably on an A4 page: its standalone SVGs and its label size there. */
  'stamp/export': { params: GraphRequestParams; result: ExportResult | null };
  /** The parts of the stamp whose failure can be simulated. */
  'stamp/failableParts': { params: StampDocumentParams; result: FailablePart[] | null };
  /** The state of every service and drawn element when some parts fail. */
  'stamp/simulate': { params: SimulateParams; result: SimulateResult | null };
  /** Per service, the least number of simultaneous part failures that takes it down. */
  'stamp/resilience': { params: StampDocumentParams; result: ResilienceResult | null };
  /** An inventory of a running estate as `.stamp` files. */
  'stamp/importInventory': { params: ImportInventoryParams; result: ImportInventoryResult | null };
  /** The drift between the open design's stamp and an inventory. */
  'stamp/compareInventory': { params: CompareInventoryParams; result: CompareInventoryResult | null };
}

// ── stamp/didChangeFiles ────────────────────────────────────────────────────────────────────────────────────────

/** One file whose contents the client supplies: `text` absent means the file was deleted. */
export interface ClientFile {
  uri: string;
  text?: string;
  mtimeMs: number;
  size: number;
}

/** Sent by a client whose files the server cannot read itself (VS Code for the Web): `.stamp` files and stamp.config.json. */
export interface DidChangeFilesParams {
  files: ClientFile[];
}

/** Every `stamp/*` notification, with its parameters: `stamp/didAnalyze` from the server, `stamp/didChangeFiles` from a web client. */
export interface StampNotifications {
  'stamp/didAnalyze': DidAnalyzeParams;
  'stamp/didChangeFiles': DidChangeFilesParams;
}

export type StampRequestMethod = keyof StampRequests;
export type StampNotificationMethod = keyof StampNotifications;

// ── Extension ↔ preview webview messages ────────────────────────────────────────────────────────────────────────
// (The messages the extension and the preview script exchange are declared here, next to the results they carry.)

/** Extension → webview. */
export type ToWebviewMessage =
  | { type: 'graph'; uri: string; result: GraphResult }
  | { type: 'failureAnalysis'; simulation: SimulateResult | null; resilience: ResilienceResult | null }
  | { type: 'highlight'; id: string | undefined }
  | { type: 'error'; message: string }
  | { type: 'export'; format: 'svg' | 'png'; theme: 'light' | 'current'; exportSvg?: string; lightSvg?: string };

/** Webview → extension. */
export type FromWebviewMessage =
  | { type: 'ready'; view?: ViewName; expanded?: string[]; network?: boolean }
  | { type: 'reveal'; id: string }
  | { type: 'setView'; view: ViewName }
  | { type: 'expand'; id: string }
  | { type: 'tidy' }
  | { type: 'exportClicked'; format: 'svg' | 'png' }
  | { type: 'exportData'; format: 'svg' | 'png'; theme: 'light' | 'current'; text?: string; base64?: string }
  | { type: 'exportFailed'; message: string }
  | { type: 'clearSimulation' }
  | { type: 'toggleResilience' }
  | { type: 'toggleNetwork' };

/** What the preview webview keeps across reloads (getState/setState); the serializer reads `uri`. */
export interface PreviewWebviewState {
  uri?: string;
  view?: ViewName;
  expanded?: Partial<Record<ViewName, string[]>>;
  /** Whether the topology view draws the network layer. */
  network?: boolean;
}
