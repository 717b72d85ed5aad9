// SPOF: single points of failure found by the failure analysis (server/src/resilience), reported on the part.
import { headSpan } from '../../../grammar/src/edits.js';
import { singlePointsOfFailureInSteps, type SinglePointOfFailure } from '../resilience/spof.js';
import type { StampModel } from '../../../grammar/src/model.js';
import type { Finding } from './rule.js';
import { defineRule, type Rule } from './rule.js';
import { joinNames } from './fix-text.js';

/** The failure analysis one service or part at a time, then its findings. */
function* findingsInSteps(model: StampModel, report: (finding: Finding) => void): Generator<void, void, void> {
  const found: SinglePointOfFailure[] = [];
  yield* singlePointsOfFailureInSteps(model, found);
  for (const spof of found) {
    const part = spof.part;
    report({
      element: part,
      span: headSpan(part),
      message: `Losing ${part.name} takes down ${joinNames(spof.services.map((service) => service.label))}: ${spof.path}.`,
    });
  }
}

export const spofRules: Rule[] = [
  defineRule({
    id: 'SPOF001',
    family: 'SPOF',
    severity: 'warning',
    seed: 'S',
    slow: true,
    title: 'Single point of failure',
    explanation: [
      'Stamp simulates the loss of each host, SAN, CSV and VM on its own and follows what the services of the stamp need: the VMs behind each component, the hosts and storage under them, the SQL replicas and quorum votes behind each availability group listener, and the domain controllers.',
      'A clustered VM comes back on a surviving node only if its CSV survives and its cluster keeps quorum; an availability group fails over by itself only to a synchronous automatic-failover replica; an NLB keeps serving while one host is up; Hyper-V Replica needs a manual failover, so a replicated VM counts as degraded, not lost.',
      'When one part alone takes a service down, that part is a single point of failure. The usual cures: a second SAN or replication of the critical VMs to storage outside it, a second host for fixed VMs, a second server behind the load balancer, a synchronous automatic-failover replica, a second domain controller on other hardware.',
    ].join('\n\n'),
    sources: [
      { label: 'seed 003 ("we still have one point of failure – this is our SAN")' },
      { label: 'seed 000 ("shut down one server on the host level, the database level, the VMM level, the SPF level and the portal level without service disruption")' },
      { label: 'Failover clustering quorum', url: 'https://learn.microsoft.com/windows-server/failover-clustering/manage-cluster-quorum' },
    ],
    check(model, report) {
      const steps = findingsInSteps(model, report);
      while (!steps.next().done) {
        // Run every step at once.
      }
    },
    checkInSteps: findingsInSteps,
  }),
];
