// ASR rules of the catalog (rules.md section 2.12): Azure Site Recovery plans, their scripts, clouds, networks and boot order.
import type { Element, Value } from '../../../grammar/src/elements.js';
import { prop, propValues } from '../../../grammar/src/elements.js';
import type { RecoveryPlan, StampModel, Vmm } from '../../../grammar/src/model.js';
import { setProperty } from '../../../grammar/src/edits.js';
import { links } from '../../../grammar/src/schema.js';
import { defineRule, type Rule } from './rule.js';
import { declareReads, memoryFacts, reading } from './reads.js';

const scriptSources = [{ label: 'Add a VMM script to a recovery plan (Azure Site Recovery)', url: links.asrScripts }];

const runsScripts = (plan: RecoveryPlan): boolean => plan.groups.some((group) => group.steps.length > 0);

/** The server part of a UNC path (`\\server\share` gives `server`), if the text is one. */
function uncHost(path: string | undefined): string | undefined {
  return path ? /^\\\\([^\\]+)\\/.exec(path)?.[1] : undefined;
}

/** True when the VMM library share is on a machine that is not one of the VMM servers. */
function libraryIsRemote(vmm: Vmm): boolean {
  const host = uncHost(vmm.library?.text)?.toLowerCase();
  if (!host) return false;
  const shortName = host.split('.')[0];
  return !vmm.servers.some((server) => server.key === host || server.key === shortName);
}

/** Each VM value of a plan's groups with its group's order, in plan order. */
function planVmValues(model: StampModel, plan: RecoveryPlan): Array<{ value: Value; vm: Element; order: number; group: RecoveryPlan['groups'][number] }> {
  return plan.groups.flatMap((group) => {
    // Stryker disable next-line ConditionalExpression,LogicalOperator: equivalent: `vmOf.has(undefined)` is false, so the undefined test only narrows the type
    const vms = propValues(group.element, 'vms').filter((value) => value.target !== undefined && model.vmOf.has(value.target));
    return vms.map((value) => ({ value, vm: value.target!, order: group.order, group }));
  });
}

// What this family reads (rules/reads.ts): after an edit that changes only values, its rules run again only
// when one of these changed, the memory of VMs and hosts excepted (no rule here reads it).
const asrReads = reading(['recovery_plan', 'replication', 'vm', 'host', 'cluster', 'domain', 'vmm', 'spf', 'wap', 'app', 'availability_group', 'sql'], [...memoryFacts]);

export const asrRules: Rule[] = declareReads(asrReads, [
  defineRule({
    id: 'ASR001', family: 'ASR', severity: 'error', seed: 'S',
    title: 'Recovery plan scripts without a VMM library server',
    explanation: 'The scripts of a VMM-based recovery plan are read from the VMM library, so VMM needs at least one library server (`library`).',
    sources: [{ label: 'seed 002 ("Ensure that you have at least one library server in your SCVMM deployment")' }, ...scriptSources],
    check(model, report) {
      for (const plan of model.recoveryPlans) {
        if (!plan.vmm || !runsScripts(plan) || plan.vmm.library) continue;
        report({ element: plan.vmm.element, message: `Recovery plan '${plan.name}' runs scripts, but VMM ${plan.vmm.name} has no library server.` });
      }
    },
  }),
  defineRule({
    id: 'ASR002', family: 'ASR', severity: 'error', seed: 'S',
    title: 'Missing or wrong ScriptLibraryPath',
    explanation: [
      'When recovery-plan scripts are not in the local MSSCVMMLibrary share, which is always so with a highly available VMM, the recovery provider must be told where they are: the ScriptLibraryPath registry value (`script_library`).',
      'It must be the fully qualified UNC path of the library share, ending with a backslash, for example `\\\\fileserver.domain.local\\libraryshare\\`, and the VMM service account needs share permissions. The value replicates across HA VMM nodes.',
      'Current ASR documentation keeps it under `HKLM\\SOFTWARE\\Microsoft\\Azure Site Recovery\\Registration`; seed 002, from the Hyper-V Recovery Manager era, used the VMM `DRAdapter\\Registration` key.',
    ].join('\n\n'),
    fix: 'Sets `script_library` to the library share with the library server\'s FQDN and a trailing backslash, when the library path names an FQDN.',
    sources: [{ label: 'seed 002 ("Place the value as \\\\fileserver.domain.local\\libraryshare\\. Specify the full fully qualified domain name")' }, ...scriptSources],
    check(model, report) {
      const reported = new Set<Vmm>();
      for (const plan of model.recoveryPlans) {
        const vmm = plan.vmm;
        if (!vmm || reported.has(vmm) || !runsScripts(plan)) continue;
        if (!vmm.ha && !libraryIsRemote(vmm)) continue;
        const path = vmm.scriptLibrary?.text;
        if (path && uncHost(path)?.includes('.') && path.endsWith('\\')) continue;
        reported.add(vmm);
        const written = prop(vmm.element, 'script_library');
        const library = vmm.library?.text;
        const suggestion = library && uncHost(library)?.includes('.') ? (library.endsWith('\\') ? library : `${library}\\`) : undefined;
        report({
          element: vmm.element, span: written ? { start: written.statement.start, end: written.statement.end } : undefined,
          message: 'ScriptLibraryPath must be the fully qualified UNC path of the remote library share, for example `\\\\fileserver.domain.local\\libraryshare\\`.',
          fixes: suggestion ? [{ title: `Set script_library to ${suggestion}`, preferred: true, edits: [setProperty(model.texts, vmm.element, 'script_library', `"${suggestion}"`)] }] : [],
        });
      }
    },
  }),
  defineRule({
    id: 'ASR003', family: 'ASR', severity: 'error', seed: 'S',
    title: 'Recovery plan with the same primary and recovery cloud',
    explanation: [
      'With a single VMM server, ASR protects VMs between two VMM clouds, a primary and a recovery host group; a cloud cannot be mapped to itself.',
      'WAP binds each hosting plan to one cloud, which is why disaster recovery for WAP tenants needs two clouds and two plans.',
    ].join('\n\n'),
    sources: [{ label: 'seed 002 ("we are not able to replicate with ASR using a single cloud … since we have to have two clouds, we also need two plans")' }],
    check(model, report) {
      for (const plan of model.recoveryPlans) {
        if (!plan.primaryCloud || !plan.recoveryCloud || plan.primaryCloud.text.toLowerCase() !== plan.recoveryCloud.text.toLowerCase()) continue;
        const written = prop(plan.element, 'recovery_cloud')!;
        report({
          element: plan.element, span: { start: written.statement.start, end: written.statement.end },
          message: `Recovery plan '${plan.name}' uses cloud ${plan.primaryCloud.text} as both primary and recovery cloud; ASR needs two different VMM clouds.`,
        });
      }
    },
  }),
  defineRule({
    id: 'ASR004', family: 'ASR', severity: 'warning', seed: 'S',
    title: 'Static IP VM that will fail over to an APIPA address',
    explanation: [
      'Without a VM network mapping, the replica\'s "Failover TCP/IP" setting is enabled but empty, so Windows falls back to a 169.254.x.x address.',
      'Fix it in one of three ways: map the networks in the plan (`network_mapping`); inject a failover IP per VM (`failover_ip` on its replication); or, with stretched VLANs as in seed 002, run a script that checks the virtual switch and clears the failover TCP/IP setting before the VM\'s group fails over.',
      'Such a script counts only when it is tagged `network` and runs before the VM\'s group: a `before` script of that group or of an earlier one, or an `after` script of an earlier group. A script without the tag, or one that runs later, does not clear the fault. The quick fix adds the tag to an existing `before` script that runs before the VM\'s group.',
    ].join('\n\n'),
    fix: 'Tags an existing `before` script of the VM\'s group or of an earlier group `network`.',
    sources: [
      { label: 'seed 002 ("the \'Failover TCP/IP\' checkbox was enabled with no info … the VM will come up with an APIPA configuration")' },
      { label: 'Inject IP address into the VM during failover', url: links.failoverIp },
      ...scriptSources,
    ],
    check(model, report) {
      for (const plan of model.recoveryPlans) {
        if (plan.networkMapping) continue;
        for (const entry of planVmValues(model, plan)) {
          const vm = model.vmOf.get(entry.vm)!;
          if (!vm.nics.some((nic) => nic.ip !== undefined)) continue;
          if (model.replications.some((replication) => replication.vm === vm && replication.failoverIp)) continue;
          const runsBefore = (group: RecoveryPlan['groups'][number], when: 'before' | 'after'): boolean => (when === 'before' ? group.order <= entry.order : group.order < entry.order);
          const networkScript = plan.groups.some((group) => group.steps.some((step) => runsBefore(group, step.when) && step.tags.includes('network')));
          if (networkScript) continue;
          // Existing `before` scripts that run before the VM's group, nearest group first: tagging one is the fix. A
          // `before` without its script (SCH003) is no candidate: the tag would be read as the missing script.
          const candidates = plan.groups
            .filter((group) => group.order <= entry.order)
            .sort((a, b) => b.order - a.order)
            .flatMap((group) => (group.element.properties.get('before') ?? []).map((step) => ({ group, step, script: step.args.script?.[0] })))
            .filter((candidate) => candidate.script !== undefined);
          report({
            element: plan.element, span: { start: entry.value.start, end: entry.value.end },
            message: `${vm.name} uses a static IP but has no network mapping, failover TCP/IP settings or network script before its group (a script tagged network); it will come up with an APIPA address.`,
            fixes: candidates.map(({ group, step, script }, index) => {
              const tags = step.args.tags ?? [];
              // The tag goes after the statement's last argument (its last tag, else its script), where the statement ends.
              const end = step.statement.end;
              return {
                title: `Tag the before script ${script!.text} of group ${group.order} network`, preferred: index === 0,
                edits: [{ uri: group.element.uri, start: end, end, newText: tags.length > 0 ? ', network' : ' network' }],
              };
            }),
          });
        }
      }
    },
  }),
  defineRule({
    id: 'ASR005', family: 'ASR', severity: 'warning', seed: 'S*',
    title: 'VM starts before a VM it depends on',
    explanation: [
      'A recovery plan powers VMs on group by group. Start the database tier (the SQL Server replicas) first, then SPF (and VMM if it is in the plan), then the WAP portals, so that each service finds its dependencies when it boots.',
      'The dependencies come from the design: a component\'s servers need the machines behind its database server; SPF also needs VMM, and WAP the SPF it registers.',
    ].join('\n\n'),
    sources: [{ label: 'seed 002 ("it specifies the order in which groups of VMs should fail over … power on the VMs again in a certain order")' }, ...scriptSources],
    check(model, report) {
      for (const plan of model.recoveryPlans) {
        const entries = planVmValues(model, plan);
        const orderOf = new Map<Element, number>();
        for (const entry of entries) if (!orderOf.has(entry.vm)) orderOf.set(entry.vm, entry.order);
        for (const entry of entries) {
          // Stryker disable next-line ArrayDeclaration: equivalent: a stray entry has no group, so it is never late
          const late = (model.vmDependencies.get(entry.vm) ?? []).filter((dependency) => (orderOf.get(dependency) ?? -Infinity) > entry.order);
          if (late.length === 0) continue;
          const byGroup = new Map<number, string[]>();
          for (const dependency of late) {
            const order = orderOf.get(dependency)!;
            byGroup.set(order, [...(byGroup.get(order) ?? []), dependency.name]);
          }
          const described = [...byGroup.entries()].sort((a, b) => a[0] - b[0]).map(([order, names]) => `${names.join(', ')} (group ${order})`).join(' and ');
          report({
            element: plan.element, span: { start: entry.value.start, end: entry.value.end },
            message: `${entry.vm.name} (group ${entry.order}) starts before ${described}, which it depends on.`,
          });
        }
      }
    },
  }),
  defineRule({
    id: 'ASR006', family: 'ASR', severity: 'error', seed: 'S',
    title: 'WAP DR add-on without a second WAP and SPF',
    explanation: [
      'Tenant subscriptions are unique per WAP environment, and each hosting plan is bound to one VMM cloud. Keeping the same subscription after a failover therefore needs a separate WAP, with its own SPF, in front of the recovery cloud.',
      'After a failover, tenants sign in at that environment\'s tenant portal. The design must declare a second `wap` and a second `spf`.',
    ].join('\n\n'),
    sources: [{ label: 'seed 002 ("we need to have another Azure Pack environment … we also need another instance of Service Provider Foundation")' }],
    check(model, report) {
      for (const wap of model.waps) {
        if (!wap.drAddOn || (model.waps.length >= 2 && model.spfs.length >= 2)) continue;
        const written = prop(wap.element, 'dr_add_on');
        report({
          element: wap.element, span: written ? { start: written.statement.start, end: written.statement.end } : undefined,
          message: 'The WAP DR add-on needs a second WAP environment and a second SPF instance in front of the recovery cloud.',
        });
      }
    },
  }),
  defineRule({
    id: 'ASR007', family: 'ASR', severity: 'error', seed: 'S*',
    title: 'VMM database only on VMs the same recovery plan fails over',
    explanation: [
      'A recovery plan is run by VMM: Azure Site Recovery orchestrates the failover through the VMM that manages both clouds. VMM in turn needs its database.',
      'If every copy of the VMM database is on VMs that this same plan fails over, a site loss leaves VMM without a database until those VMs are failed over, and failing them over needs VMM. Keep a copy outside the plan: an availability-group replica at the recovery site that the plan does not fail over, or a database server that is not protected by this plan.',
      'The rule looks at a VMM database kept on a single machine: the instance VMM\'s `database_server` names, or an availability group whose replicas all run on one machine. An availability group with replicas on several machines is not reported here.',
    ].join('\n\n'),
    sources: [
      { label: 'seed 002 (single VMM stamp protected by ASR, with its databases on the SQL AlwaysOn cluster)' },
      { label: 'Set up disaster recovery for Hyper-V VMs in VMM clouds to a secondary site', url: links.asrVmm },
    ],
    check(model, report) {
      for (const plan of model.recoveryPlans) {
        const vmm = plan.vmm;
        const target = vmm?.database;
        if (!vmm || !target) continue;
        // A replica or instance whose machine is not known may keep a copy anywhere (unknown means silent): its
        // `undefined` counts as one more machine, and no plan entry is that machine.
        const machines = target.ag ? target.ag.replicas.map((replica) => replica.instance?.machine) : [target.instance?.machine];
        // Only a database kept on one machine: an availability group spread over several VMs is left alone.
        const distinct = [...new Set(machines)];
        if (distinct.length !== 1) continue;
        const entry = planVmValues(model, plan).find((candidate) => candidate.vm === distinct[0]);
        if (!entry) continue;
        report({
          element: plan.element, span: { start: entry.value.start, end: entry.value.end },
          message: `VMM ${vmm.name} runs recovery plan '${plan.name}' but keeps its database only on ${entry.vm.name}, which this plan fails over; after a site loss VMM has no database to run the plan.`,
          // A database target comes from a written `database_server`.
          related: [{ uri: vmm.element.uri, start: vmm.databaseServer!.start, end: vmm.databaseServer!.end, message: `database server of VMM ${vmm.name}` }],
        });
      }
    },
  }),
]);
