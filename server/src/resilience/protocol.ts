// The protocol of the failure-analysis requests: method names and the JSON shapes the client and the preview read.
import type { ServiceState } from './simulate.js';

/** Lists the parts of a stamp whose failure can be simulated. */
export const failablePartsRequestMethod = 'stamp/failableParts';
/** Simulates the failure of some parts and answers the state of every service and drawn element. */
export const simulateRequestMethod = 'stamp/simulate';
/** Answers, per service, the least number of simultaneous part failures that takes it down. */
export const resilienceRequestMethod = 'stamp/resilience';

export type { ServiceState };

export interface ResiliencePosition {
  line: number;
  character: number;
}
export interface ResilienceRange {
  start: ResiliencePosition;
  end: ResiliencePosition;
}

/** The parameters of `stamp/failableParts` and `stamp/resilience`. */
export interface StampDocumentParams {
  uri: string;
}

/** One part whose failure can be simulated. */
export interface FailablePart {
  /** The id of the part's node in the `stamp/graph` answer (stable across edits). */
  id: string;
  /** The element kind: `san`, `csv`, `host` or `vm`. */
  kind: string;
  name: string;
  /** The file that declares the part (an imported file for a multi-file stamp). */
  uri: string;
  /** The range of the part's whole statement. */
  range: ResilienceRange;
}

/** The parameters of `stamp/simulate`: the document and the graph node ids of the failed parts. */
export interface SimulateParams {
  uri: string;
  failed: string[];
}

/** One service of the stamp with its state under the simulated failure. */
export interface SimulatedService {
  label: string;
  state: ServiceState;
  /** Why the service is in that state, in the architect's terms; empty when it is up. */
  why: string;
  uri: string;
  /** The range of the element that declares the service. */
  range: ResilienceRange;
  /** The graph node of that element, when it is drawn. */
  nodeId?: string;
}

/** The answer to `stamp/simulate`. */
export interface SimulateResult {
  services: SimulatedService[];
  /** The state of each drawn element the analysis follows, by graph node id. */
  elementStates: Record<string, ServiceState>;
  /** The graph node ids of the parts that were failed (the requested ids that still name a part). */
  failed: string[];
  /** Requested ids that name no failable part of the current text (renamed or deleted since). */
  unknown: string[];
  /** One sentence summing up the simulation, for the report's title line. */
  summary: string;
}

/** One line of the resilience summary. */
export interface ResilienceLine {
  service: string;
  /** The least number of simultaneous failures that takes the service down; null when none up to the search limit does. */
  minimumFailures: number | null;
  /** The names of one smallest set of parts that takes the service down. */
  example: string[];
  /** The minimum in words, for display: "1: single point of failure", "more than 3". */
  text: string;
  uri: string;
  range: ResilienceRange;
  /** The graph node of the service's element, when it is drawn. */
  nodeId?: string;
}

/** The answer to `stamp/resilience`: one line per service, in the order of the simulation's services. */
export type ResilienceResult = ResilienceLine[];
