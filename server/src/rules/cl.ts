// CL rules of the catalog (rules.md 2.4): failover-cluster quorum votes and witnesses.
import type { Fix } from '../../../grammar/src/diagnostic.js';
import { setProperty } from '../../../grammar/src/edits.js';
import { uncServerKey } from '../../../grammar/src/elements.js';
import { links } from '../../../grammar/src/schema.js';
import { defineRule, type Rule } from './rule.js';
import { declareReads, memoryFacts, reading } from './reads.js';

/** The placeholder share the CL001 fix writes; it parses, and the user replaces it with a real share. */
export const placeholderWitnessShare = '\\\\FILESERVER\\WITNESS';

// What this family reads (rules/reads.ts): after an edit that changes only values, its rules run again only
// when one of these changed, the memory of VMs and hosts excepted (no rule here reads it).
const clReads = reading(['cluster', 'host', 'vm', 'san', 'domain'], [...memoryFacts]);

export const clRules: Rule[] = declareReads(clReads, [
  defineRule({
    id: 'CL001', family: 'CL', severity: 'warning', seed: '—',
    title: 'Use an odd number of quorum votes',
    explanation:
      'A failover cluster stays online only while more than half of all quorum votes are reachable. With an even number of votes, a clean 50/50 split leaves neither half with quorum.\n\n' +
      'For availability-group clusters Microsoft recommends Node Majority with an odd number of voting nodes, and Node and File Share Majority with an even number. Dynamic quorum (2012 and later) adjusts votes at run time, but the design should still provide a witness.',
    fix: 'Adds a file share witness with a placeholder path (`\\\\FILESERVER\\WITNESS`) to replace with a real share outside the cluster.',
    sources: [{ label: 'WSFC quorum modes and voting configuration ("Odd number of votes … add a witness")', url: links.quorum }],
    check(model, report) {
      for (const cluster of model.clusters) {
        const witnessVote = cluster.witness && cluster.witness.type !== 'none' ? 1 : 0;
        let total = witnessVote;
        for (const vote of cluster.votes.values()) total += vote;
        if (total === 0 || total % 2 !== 0) continue;
        const fixes: Fix[] = [];
        if (witnessVote === 0) {
          fixes.push({
            title: `Add a file share witness (placeholder path ${placeholderWitnessShare}: replace it with a share outside the cluster)`,
            edits: [setProperty(model.texts, cluster.element, 'witness', `share "${placeholderWitnessShare}"`)], preferred: true,
          });
        }
        report({ element: cluster.element, message: `Cluster ${cluster.name} has ${total} quorum votes; use an odd number (add a disk, file share or cloud witness).`, fixes });
      }
    },
  }),
  defineRule({
    id: 'CL002', family: 'CL', severity: 'warning', seed: '—',
    title: 'The quorum witness must not be a single point of failure',
    explanation:
      'A file share witness must be reachable from every node, but it should not live on a node of the cluster it arbitrates: losing that node would remove two votes at once.\n\n' +
      'Disk-only quorum makes one disk the only vote, and Microsoft explicitly does not recommend it.',
    sources: [
      { label: 'WSFC quorum modes ("the witness file share should not reside on any node in the cluster")', url: links.quorum },
      { label: 'Set-ClusterQuorum ("DiskOnly … not recommended as it creates a single point of failure")', url: links.setQuorum },
    ],
    check(model, report) {
      for (const cluster of model.clusters) {
        const witness = cluster.witness;
        if (!witness) continue;
        let reason: string | undefined;
        if (witness.type === 'disk_only') reason = 'disk-only quorum makes one disk the only vote';
        // Stryker disable next-line ConditionalExpression,LogicalOperator: equivalent: only a share witness has a path, and a share without one names no server
        if (witness.type === 'share' && witness.path) {
          const server = uncServerKey(witness.path);
          const node = cluster.nodes.find((candidate) => candidate.key === server);
          if (node) reason = `the file share is on ${node.name}, a node of the cluster`;
        }
        if (reason) report({ element: cluster.element, span: witness.span, message: `The quorum witness of ${cluster.name} is a single point of failure: ${reason}.` });
      }
    },
  }),
]);
