// What the two failure searches (the dependency graph's and the exhaustive one) are compared on, as a user reads it:
// the SPOF001 findings and the resilience summary's lines. Shared by test/spof-graph.test.ts and
// test/spof-graph-designs.test.ts.
import { analyze } from '../../grammar/src/analyze.js';
import type { StampModel } from '../../grammar/src/model.js';
import { resilienceSummary, singlePointsOfFailure, singlePointsOfFailureExhaustive } from '../../server/src/resilience/spof.js';

export function modelOf(text: string): StampModel {
  return analyze([{ uri: 'file:///design.stamp', text }]).model;
}

/** The findings as a user reads them in SPOF001: the part, the services it takes down, and why. */
export function spofLines(model: StampModel, exhaustive: boolean): string[] {
  const found = exhaustive ? singlePointsOfFailureExhaustive(model) : singlePointsOfFailure(model);
  return found.map((spof) => `${spof.part.kind.id} ${spof.part.name}: ${spof.services.map((service) => service.label).join(', ')}: ${spof.path}`);
}

/** The resilience summary's lines, failures searched up to `failures` at once (over at most 60 parts). */
export function summaryLines(model: StampModel, exhaustive: boolean, failures: number): string[] {
  return resilienceSummary(model, failures, 60, exhaustive).map((entry) => `${entry.service.label}: ${entry.minimumFailures ?? 'more'} ${(entry.example ?? []).map((part) => part.name).join('+')}`);
}
