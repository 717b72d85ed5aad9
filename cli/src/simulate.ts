// `stamp simulate`: what a stamp's services do when some parts fail, and how many failures each service survives.
import { resolve } from 'node:path';
import { closestName } from '../../grammar/src/suggest.js';
import type { Element } from '../../grammar/src/elements.js';
import { failableParts, simulate, type Outcome, type ServiceState } from '../../server/src/resilience/simulate.js';
import { resilienceSummary } from '../../server/src/resilience/spof.js';
import { capacityLines, failureCapacityLines } from '../../server/src/resilience/capacity.js';
import { formatGB } from '../../server/src/resilience/placement.js';
import { exitCodes, UsageError } from './errors.js';
import { loadStampOfFile } from './load.js';
import { choiceOption, parseCommandLine } from './options.js';
import type { CommandIo } from './output.js';

export const simulateUsage = `Usage: stamp simulate <file> [--fail <part>]... [--format human|json]

Simulates the loss of hosts, SANs, CSVs or VMs (named with --fail, as many as you like) and prints the
state of every service of the stamp: up, failover (recovers by itself: a clustered VM restarts, an
availability group fails over automatically), degraded (needs an operator: a manual failover, a
Hyper-V Replica failover) or down, with the reason. Without --fail it prints the resilience summary:
the least number of part failures that takes each service down (1 = a single point of failure).

Options:
  --fail <part>              A part that fails (repeat for several). Names are case-insensitive.
  --format <human|json>      Output format (default: human).
  -h, --help                 Show this help.

Exit codes: 0 report printed, 2 usage or input/output error.`;


/** Runs `stamp simulate` and returns its exit code. */
export function runSimulateCommand(args: readonly string[], io: CommandIo): number {
  const { values, positionals } = parseCommandLine('simulate', args, { fail: { type: 'string', multiple: true }, format: { type: 'string' } });
  if (values.help) {
    io.stdout(`${simulateUsage}\n`);
    return exitCodes.clean;
  }
  if (positionals.length !== 1) throw new UsageError('Name exactly one .stamp file to simulate.', 'simulate');
  // Stryker disable next-line StringLiteral: every format but json prints the human output, so no run tells an empty default from `human`
  const defaultFormat = 'human';
  const format = choiceOption('simulate', 'format', values.format as string | undefined, ['human', 'json'] as const, defaultFormat);
  const path = resolve(io.cwd, positionals[0]);
  const stamp = loadStampOfFile(path, positionals[0], undefined, io.cwd);
  const model = stamp.analysis.model;
  const parts = failableParts(model);
  const requested = (values.fail as unknown as string[] | undefined) ?? [];
  const failed: Element[] = requested.map((name) => {
    const part = parts.find((candidate) => candidate.key === name.toLowerCase());
    if (!part) {
      const suggestion = closestName(name, parts.map((candidate) => candidate.name));
      throw new UsageError(`No host, SAN, CSV or VM named \`${name}\` in ${positionals[0]}.${suggestion ? ` Did you mean \`${suggestion}\`?` : ''}`, 'simulate');
    }
    return part;
  });

  if (failed.length === 0) {
    const summary = resilienceSummary(model).map((entry) => ({
      service: entry.service.label,
      minimumFailures: entry.minimumFailures ?? null,
      example: (entry.example ?? []).map((part) => part.name),
    }));
    const capacity = capacityLines(model);
    if (format === 'json') {
      io.stdout(`${JSON.stringify({ file: positionals[0], resilience: summary, capacity }, null, 2)}\n`);
    } else {
      io.stdout(`Resilience of ${positionals[0]}: the least number of failures that takes each service down.\n`);
      for (const entry of summary) {
        const count = entry.minimumFailures === null ? 'more than 3' : String(entry.minimumFailures);
        const spof = entry.minimumFailures === 1 ? '  single point of failure' : entry.minimumFailures === 0 ? '  down with nothing failed' : '';
        io.stdout(`  ${entry.service.padEnd(28)} ${count.padEnd(12)}${entry.example.length > 0 ? `e.g. ${entry.example.join(' + ')}` : ''}${spof}\n`);
      }
      if (summary.length === 0) io.stdout('  (the stamp declares no services: no VMM, SPF, WAP, app, listener, replicated or critical VM, or domain)\n');
      if (capacity.length > 0) {
        io.stdout('Capacity (startup memory of the VMs against the memory left for VMs after each host\'s reserve):\n');
        for (const line of capacity) io.stdout(`  ${line}\n`);
      }
    }
    return exitCodes.clean;
  }

  const result = simulate(model, failed);
  const services = result.services.map((service) => ({ service: service.label, state: service.state, why: service.why }));
  // Every VM's state and, where the cluster's capacity is known, where it runs.
  const placedOn = new Map<Element, { host?: string; reason?: string }>();
  for (const placement of result.placements) {
    for (const placed of placement.vms.values()) {
      // Stryker disable next-line OptionalChaining: a running VM always has its node (placement.ts sets both together)
      const host = placed.state === 'running' ? placed.host?.name : undefined;
      placedOn.set(placed.vm.element, { host, reason: placed.reason });
    }
  }
  const vms = model.vms.map((vm) => {
    // simulate() evaluates every VM: each has its state and its outcome.
    const state = result.elements.get(vm.element) as ServiceState;
    const outcome = (result.machines.get(vm.element) as Outcome).why;
    const host = placedOn.get(vm.element)?.host ?? (state !== 'down' ? vm.host?.name : undefined);
    return { vm: vm.name, state, ...(host ? { host } : {}), why: outcome };
  });
  const placement = result.placements.map((entry) => ({
    cluster: entry.cluster.name,
    nodes: [...entry.loads.values()].map((load) => ({ host: load.host.name, failed: failed.includes(load.host.element), usedGB: load.usedGB, capacityGB: load.capacityGB ?? null, vms: load.vms.map((vm) => vm.name) })),
  }));
  if (format === 'json') {
    io.stdout(`${JSON.stringify({ file: positionals[0], failed: failed.map((part) => part.name), services, vms, placement }, null, 2)}\n`);
    return exitCodes.clean;
  }
  const counts = new Map<ServiceState, number>();
  for (const service of services) counts.set(service.state, (counts.get(service.state) ?? 0) + 1);
  const order: ServiceState[] = ['down', 'degraded', 'failover', 'up'];
  const serviceCounts = order.filter((state) => counts.has(state)).map((state) => `${counts.get(state)} ${state}`).join(', ');
  io.stdout(`Failing ${failed.map((part) => `${part.kind.keyword} ${part.name}`).join(', ')}: ${serviceCounts ? `services ${serviceCounts}` : 'the stamp declares no services'}.\n`);
  for (const service of services) {
    io.stdout(`  ${service.state.padEnd(9)} ${service.service}${service.why ? `: ${service.why}` : ''}\n`);
  }
  if (placement.length > 0) {
    io.stdout('Placement (startup memory used / memory for VMs after the reserve):\n');
    for (const entry of placement) {
      for (const node of entry.nodes) {
        // A cluster is placed only when every node's memory is known (capacityKnown): each has its capacity.
        const memory = `${formatGB(node.usedGB)}/${formatGB(node.capacityGB as number)} GB`;
        io.stdout(`  ${entry.cluster} ${node.host}: ${node.failed ? 'failed' : `${memory}: ${node.vms.join(', ') || 'no VMs'}`}\n`);
      }
    }
  }
  const capacityOutcome = failureCapacityLines(model, result);
  if (capacityOutcome.length > 0) {
    io.stdout('Capacity:\n');
    for (const line of capacityOutcome) io.stdout(`  ${line}\n`);
  }
  if (vms.length > 0) {
    const vmCounts = new Map<ServiceState, number>();
    for (const vm of vms) vmCounts.set(vm.state, (vmCounts.get(vm.state) ?? 0) + 1);
    io.stdout(`VMs: ${order.filter((state) => vmCounts.has(state)).map((state) => `${vmCounts.get(state)} ${state}`).join(', ')}.\n`);
    for (const vm of vms) io.stdout(`  ${vm.state.padEnd(9)} ${vm.vm}${vm.host ? ` on ${vm.host}` : ''}${vm.why ? `: ${vm.why}` : ''}\n`);
  }
  return exitCodes.clean;
}
