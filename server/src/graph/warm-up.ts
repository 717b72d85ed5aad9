// Warms the layout up in the background after the server starts: a small made-up stamp laid out in every view, so that the first preview a user opens does not pay for ELK's first runs.
import { analyze } from '../../../grammar/src/analyze.js';
import { buildGraph } from './graph.js';
import { elkLayoutsRun, layoutGraph } from './layout.js';
import { graphViews, projectView } from './views.js';

/**
 * A made-up stamp with what the views lay out: clusters of hosts and VMs on a SAN, SQL instances with an availability
 * group and its listener, an NLB in front of SPF and WAP, VMM, a replication pair and a recovery plan. Large enough
 * (about 70 elements) that ELK's layered and box algorithms, nested containers and edge labels all run several times.
 */
export function warmUpStamp(clusters = 4): string {
  const lines = ['stamp warmup { windows 2016; system_center 2016; sql_version 2016 }', 'san SAN1 { protocol iscsi }', 'san SAN2 { protocol iscsi }'];
  for (let cluster = 1; cluster <= clusters; cluster++) {
    const hosts = [1, 2, 3].map((host) => `C${cluster}H${host}`);
    for (const host of hosts) lines.push(`host ${host} { os 2016 }`);
    lines.push(`cluster C${cluster} { kind hyperv; nodes ${hosts.join(', ')}; witness disk SAN${cluster % 2 + 1}; csv V${cluster} { san SAN${cluster % 2 + 1} } }`);
    for (let vm = 1; vm <= 8; vm++) lines.push(`vm C${cluster}VM${vm} on C${cluster} { memory 4GB; storage csv V${cluster} }`);
    lines.push(`sql on C${cluster}VM1 { version 2016 }`, `sql on C${cluster}VM2 { version 2016 }`);
    lines.push(`availability_group AG${cluster} on C${cluster} {`, `  replica C${cluster}VM1 { commit synchronous; primary }`, `  replica C${cluster}VM2 { commit synchronous }`, `  listener L${cluster} { ip 10.${cluster}.0.10/24 }`, '}');
  }
  lines.push(
    'vmm VMM { servers C1VM3; database_server L1; database VirtualManagerDB }',
    'load_balancer SPFLB { vip 10.1.0.50; fqdn "spf.warmup.local"; real_servers C1VM4, C1VM5 }',
    'dns_record "spf.warmup.local" 10.1.0.50',
    'spf SPF { servers C1VM4, C1VM5; port 8090; database_server L1; database SCSPFDB; vmm VMM }',
    'wap Portal { servers C2VM3; database_server L2; spf_url "https://spf.warmup.local:8090" }',
    'replication C1VM6 to C2 { frequency 5m }',
    'replication C1VM7 to C2 { frequency 30s }',
    'replication C3VM6 to C4 { frequency 5m }',
    'replication C3VM7 to C4 { frequency 5m }',
    'recovery_plan Plan {\n  vmm VMM\n  group 1 { vms C1VM6, C3VM6 }\n  group 2 { vms C1VM7, C3VM7 }\n}',
  );
  return `${lines.join('\n')}\n`;
}

/** Whether the warm-up ran, was cut short, or did not run; and how long its layouts took (for the server's log and the bench). */
export interface WarmUpReport {
  views: number;
  ms: number;
  skipped?: string;
}

/**
 * Lays the warm-up stamp out in every view, one view per task `delayMs` apart, and stops as soon as a layout of
 * someone else's has run meanwhile (a user's own first layout already paid what the warm-up would have).
 */
export function warmUpLayouts(delayMs = 500): Promise<WarmUpReport> {
  const uri = 'stamp-warm-up:///warm-up.stamp';
  return new Promise((resolve) => {
    const report: WarmUpReport = { views: 0, ms: 0 };
    let full: ReturnType<typeof buildGraph> | undefined;
    let expected = elkLayoutsRun();
    const views = graphViews.map((info) => info.name);
    const step = (): void => {
      const timer = setTimeout(() => {
        if (elkLayoutsRun() !== expected) return resolve({ ...report, skipped: 'a preview was laid out first' });
        const view = views.shift();
        if (!view) return resolve(report);
        const started = Date.now();
        if (!full) {
          const analysis = analyze([{ uri, text: warmUpStamp() }]);
          full = buildGraph(analysis, analysis.diagnostics, uri);
        }
        layoutGraph(projectView(full, view, 'all'))
          .then(() => {
            report.views++;
            report.ms += Date.now() - started;
            expected = elkLayoutsRun();
            step();
          })
          .catch((error: unknown) => resolve({ ...report, skipped: `failed: ${(error as Error)?.message ?? String(error)}` }));
      }, delayMs);
      // A pending warm-up never keeps a process alive.
      (timer as { unref?: () => void }).unref?.();
    };
    step();
  });
}
