// TEAM rules of the catalog (rules.md section 2.11): Windows NIC Teaming on hosts and inside guests.
import type { Value } from '../../../grammar/src/elements.js';
import { prop } from '../../../grammar/src/elements.js';
import type { Fix, TextEdit } from '../../../grammar/src/diagnostic.js';
import type { Nic, StampModel, Team } from '../../../grammar/src/model.js';
import { listValueRemoval, setProperty } from '../../../grammar/src/edits.js';
import { links, versionOrder } from '../../../grammar/src/schema.js';
import { defineRule, type Rule } from './rule.js';
import { declareReads, memoryFacts, reading } from './reads.js';
import { joinNames } from './fix-text.js';

const teamingSources = [{ label: 'NIC Teaming (Windows Server)', url: links.nicTeaming }];

/** The member values of a team with the adapter or team each one names. */
function membersOf(model: StampModel, team: Team): Array<{ value: Value; nic?: Nic; team?: Team }> {
  return team.memberValues.map((value) => ({ value, nic: value.target ? model.nicOf.get(value.target) : undefined, team: value.target ? model.teamOf.get(value.target) : undefined }));
}

/** The load-balancing algorithm a team uses: the written one, else the product default of the machine's Windows version. */
function balancingOf(model: StampModel, team: Team): string | undefined {
  if (team.balancing) return team.balancing;
  // Stryker disable next-line ConditionalExpression,OptionalChaining: equivalent while TEAM002 (in-guest teams) is the only caller: the host branch never runs and a VM team's owner is always a VM
  const os = team.location === 'vm' ? model.vmOf.get(team.owner)?.os : model.hostOf.get(team.owner)?.os;
  if (!os) return undefined;
  // Windows Server 2012 defaults to Address Hash; 2012 R2 introduced Dynamic and made it the default.
  // Stryker disable next-line StringLiteral: equivalent: callers only compare the result with 'address_hash'
  return os.rank >= versionOrder.windows.indexOf('2012R2') ? 'dynamic' : 'address_hash';
}

/** The fix that takes one member out of a team, when the list keeps another and no comment would go with it. */
function removeMemberFix(model: StampModel, team: Team, index: number, title: string): Fix[] {
  const uri = team.element.uri;
  // Stryker disable next-line StringLiteral: unreachable: the model's texts hold every file its elements come from
  const removed = listValueRemoval(model.texts.get(uri) ?? '', team.memberValues, index);
  return removed ? [{ title, preferred: true, edits: [{ uri, ...removed, newText: '' }] }] : [];
}

// What this family reads (rules/reads.ts): after an edit that changes only values, its rules run again only
// when one of these changed, the memory of VMs and hosts excepted (no rule here reads it).
const teamReads = reading(['host', 'vm', 'switch_stack', 'cluster'], [...memoryFacts]);

export const teamRules: Rule[] = declareReads(teamReads, [
  defineRule({
    id: 'TEAM001', family: 'TEAM', severity: 'error', seed: 'S',
    title: 'Team with no members or more than 32',
    explanation: [
      'A Windows (LBFO) team holds between 1 and 32 physical Ethernet adapters of the same machine; adapters from different vendors may be mixed.',
      'A one-member team gives no failover but can still separate VLAN traffic.',
    ].join('\n\n'),
    sources: [{ label: 'seed 004 ("You can have up to 32 NIC in a single team")' }, ...teamingSources],
    check(model, report) {
      for (const team of [...model.hosts.flatMap((host) => host.teams), ...model.vms.flatMap((vm) => vm.teams)]) {
        const count = team.memberValues.length;
        if (count >= 1 && count <= 32) continue;
        report({ element: team.element, message: `Team ${team.name} has ${count} members; Windows NIC Teaming supports 1 to 32.` });
      }
    },
  }),
  defineRule({
    id: 'TEAM002', family: 'TEAM', severity: 'error', seed: 'S',
    title: 'In-guest team not Switch Independent with Address Hash',
    explanation: [
      'A guest cannot negotiate static or LACP teaming with the physical switches, and the Hyper-V Port algorithm means nothing inside a VM. Only Switch Independent teaming with Address Hash load balancing is supported in guests.',
      'Without a written `balancing`, the product default of the guest\'s Windows version applies: Address Hash on 2012, Dynamic from 2012 R2.',
    ].join('\n\n'),
    fix: 'Sets `mode switch_independent` and `balancing address_hash` on the team.',
    sources: [{ label: 'seed 004 ("teams created in a virtual machine can only run in Switch Independent configuration, Address Hash distribution mode")' }, ...teamingSources],
    check(model, report) {
      for (const vm of model.vms) {
        for (const team of vm.teams) {
          const balancing = balancingOf(model, team);
          const modeWrong = team.mode !== 'switch_independent';
          const balancingWrong = balancing !== undefined && balancing !== 'address_hash';
          if (!modeWrong && !balancingWrong) continue;
          const edits: TextEdit[] = [];
          if (modeWrong) edits.push(setProperty(model.texts, team.element, 'mode', 'switch_independent'));
          if (balancingWrong) edits.push(setProperty(model.texts, team.element, 'balancing', 'address_hash'));
          report({
            element: team.element,
            message: `In-guest team ${team.name} must use Switch Independent teaming with Address Hash load balancing.`,
            fixes: [{ title: `Use switch_independent with address_hash on ${team.name}`, preferred: true, edits }],
          });
        }
      }
    },
  }),
  defineRule({
    id: 'TEAM003', family: 'TEAM', severity: 'error', seed: 'S',
    title: 'Unsupported in-guest team members',
    explanation: [
      'A team inside a VM adds redundancy only if each member is connected to a different external Hyper-V switch, backed by a different physical adapter. Microsoft supports two-member teams in VMs.',
      'The switch ports must allow teaming (`allow_teaming` on each member), because after a failover the traffic leaves with the other adapter\'s MAC address.',
    ].join('\n\n'),
    fix: 'Sets `allow_teaming` on a member adapter that lacks it.',
    sources: [{ label: 'seed 004 ("Only teams where each of the team members is connected to a different Hyper-V switch are supported")' }, ...teamingSources],
    check(model, report) {
      for (const vm of model.vms) {
        for (const team of vm.teams) {
          const members = membersOf(model, team);
          const prefix = `In-guest team ${team.name}`;
          if (members.length > 2) report({ element: team.element, message: `${prefix}: it has ${members.length} members; VMs support two-member teams.` });
          const bySwitch = new Map<string, string>();
          for (const member of members) {
            const nic = member.nic;
            if (!nic) continue;
            const switchElement = nic.switch;
            if (switchElement) {
              const key = switchElement.key;
              const first = bySwitch.get(key);
              if (first) report({ element: team.element, message: `${prefix}: members ${first} and ${nic.name} are connected to the same switch ${switchElement.name}.` });
              else bySwitch.set(key, nic.name);
              // Stryker disable next-line OptionalChaining: equivalent: an adapter's switch resolves to a host's virtual switch only
              const type = model.hosts.flatMap((host) => host.vswitches).find((candidate) => candidate.element === switchElement)?.type;
              if (type === 'internal' || type === 'private') report({ element: team.element, message: `${prefix}: member ${nic.name} is connected to the ${type} switch ${switchElement.name}; members need external switches.` });
            }
            if (!nic.allowTeaming) {
              const written = prop(nic.element, 'allow_teaming');
              // A written `allow_teaming` that leaves it off has its value (`no`) written: the fix writes `yes` over it, else adds the flag.
              const onText = written ? 'yes' : '';
              report({
                element: nic.element,
                message: `${prefix}: member ${nic.name} does not allow teaming.`,
                fixes: [{ title: `Set allow_teaming on ${vm.name}/${nic.name}`, preferred: true, edits: [setProperty(model.texts, nic.element, 'allow_teaming', onText)] }],
              });
            }
          }
        }
      }
    },
  }),
  defineRule({
    id: 'TEAM004', family: 'TEAM', severity: 'error', seed: 'S',
    title: 'Team of teams or of host vNICs',
    explanation: [
      'Windows NIC Teaming cannot team interfaces that are already teamed, in the host or in a VM, nor combine teams built with vendor software (Intel, Broadcom).',
      'Teaming the virtual NICs a Hyper-V switch exposes to the management OS is not supported either, and can cut the host off the network.',
      'Each such member is reported on its own value in the team\'s `members`, with what it is (a team or a host vNIC); the quick fix takes that member out of the team when another member remains.',
    ].join('\n\n'),
    fix: 'Removes the member from the team with one comma (when the team keeps another member; not offered when a comment written in the list would go with it).',
    sources: [{ label: 'seed 004 ("you can\'t team teamed NIC … no support for using Windows NIC teaming to team two teams created with 3rd party")' }, ...teamingSources],
    check(model, report) {
      for (const team of [...model.hosts.flatMap((host) => host.teams), ...model.vms.flatMap((vm) => vm.teams)]) {
        membersOf(model, team).forEach((member, index) => {
          const isHostVnic = member.nic !== undefined && member.nic.virtual && model.hostOf.has(member.nic.owner);
          if (!member.team && !isHostVnic) return;
          const what = member.team
            ? `team ${member.team.name}${member.team.vendor !== 'windows' ? ` (a ${member.team.vendor} team)` : ''}; teams of teams are not supported`
            : `host vNIC ${member.nic!.name}; management-OS vNICs cannot be teamed`;
          report({
            element: team.element, span: { start: member.value.start, end: member.value.end },
            message: `Team ${team.name} contains ${what}.`,
            fixes: removeMemberFix(model, team, index, `Remove ${member.value.text} from team ${team.name}`),
          });
        });
      }
    },
  }),
  defineRule({
    id: 'TEAM005', family: 'TEAM', severity: 'error', seed: 'S',
    title: 'SR-IOV switch bound to a team',
    explanation: [
      'SR-IOV traffic goes from the VM\'s virtual function straight to the physical adapter, bypassing the host\'s networking stack and therefore the team: a host team cannot protect it.',
      'Bind one external switch to each SR-IOV adapter and build the team inside the guest instead (TEAM002, TEAM003). Security policies on the switch also disable SR-IOV.',
    ].join('\n\n'),
    sources: [{ label: 'seed 004 ("Once you team NICs they do not expose SR-IOV")' }, ...teamingSources],
    check(model, report) {
      for (const host of model.hosts) {
        for (const vswitch of host.vswitches) {
          const team = vswitch.uplink ? model.teamOf.get(vswitch.uplink) : undefined;
          if (!vswitch.sriov || !team) continue;
          report({ element: vswitch.element, message: `SR-IOV switch ${vswitch.name} is bound to team ${team.name}; SR-IOV is not available through a NIC team.` });
        }
      }
    },
  }),
  defineRule({
    id: 'TEAM006', family: 'TEAM', severity: 'error', seed: 'S',
    title: 'RDMA adapter in a team',
    explanation: [
      'RDMA (SMB Direct) needs each adapter to keep its own IP address and bypasses the networking stack, so a team cannot offer it.',
      'For more bandwidth and resilience, leave the RDMA adapters unteamed and let SMB Multichannel use them together.',
    ].join('\n\n'),
    fix: 'Removes the adapter from the team with one comma (when the team keeps another member; not offered when a comment written in the list would go with it).',
    sources: [
      { label: 'seed 004 ("RDMA requires that each NIC has a unique IP addresses. This excludes NIC teaming")' },
      { label: 'Microsoft NIC Teaming guide, as summarized by Aidan Finn', url: 'https://aidanfinn.com/?p=14057' },
    ],
    check(model, report) {
      for (const team of [...model.hosts.flatMap((host) => host.teams), ...model.vms.flatMap((vm) => vm.teams)]) {
        team.memberValues.forEach((value, index) => {
          const nic = value.target ? model.nicOf.get(value.target) : undefined;
          if (!nic?.rdma) return;
          report({
            element: team.element, span: { start: value.start, end: value.end },
            message: `RDMA NIC ${nic.name} on ${nic.owner.name} is a member of team ${team.name}; RDMA is not exposed through a team.`,
            fixes: removeMemberFix(model, team, index, `Remove ${nic.name} from team ${team.name}`),
          });
        });
      }
    },
  }),
  defineRule({
    id: 'TEAM007', family: 'TEAM', severity: 'error', seed: '—',
    title: 'Switch-dependent team across separate physical switches',
    explanation: [
      'Static and LACP teaming are switch-dependent: the physical switch must bundle the team\'s ports into one link aggregation group. That works only when all members are cabled to one switch, or to switches that act as one: a stack, or an MLAG (multi-chassis LAG, vPC) pair. Some vendors support only LACP across an MLAG pair.',
      'Across separate switches the LAG does not form, or forms on one switch only and black-holes the traffic hashed to the other. Declare the stack or MLAG pair (`switch_stack`), cable the members to one switch, or use Switch Independent teaming, which needs nothing from the switches.',
      'Members whose `physical_switch` is not written are not compared.',
    ].join('\n\n'),
    fix: 'Sets `mode switch_independent` on the team.',
    sources: [{ label: 'NIC Teaming overview (switch-dependent modes need all members on the same physical switch, or a multi-chassis switch)', url: links.nicTeaming }],
    check(model, report) {
      for (const host of model.hosts) {
        for (const team of host.teams) {
          if (team.mode !== 'static' && team.mode !== 'lacp') continue;
          const bySwitch = new Map<string, { name: string; members: string[] }>();
          for (const member of membersOf(model, team)) {
            const written = member.nic?.physicalSwitch;
            if (!written) continue;
            const key = written.toLowerCase();
            const entry = bySwitch.get(key) ?? { name: written, members: [] };
            entry.members.push(member.nic!.name);
            bySwitch.set(key, entry);
          }
          if (bySwitch.size < 2) continue;
          const keys = [...bySwitch.keys()];
          if (model.switchStacks.some((stack) => keys.every((key) => stack.switches.includes(key)))) continue;
          const written = prop(team.element, 'mode')!;
          const cabling = joinNames([...bySwitch.values()].map((entry) => `${entry.name} (${entry.members.join(', ')})`));
          report({
            element: team.element, span: { start: written.statement.start, end: written.statement.end },
            message: `Team ${team.name} uses ${team.mode === 'lacp' ? 'LACP' : 'static'} teaming, but its members are cabled to ${cabling}, which no switch_stack declares a stack or MLAG pair; the link aggregation cannot form across them.`,
            fixes: [{ title: `Use switch_independent teaming on ${team.name}`, preferred: true, edits: [setProperty(model.texts, team.element, 'mode', 'switch_independent')] }],
          });
        }
      }
    },
  }),
  defineRule({
    id: 'TEAM008', family: 'TEAM', severity: 'warning', seed: '—',
    title: 'Team members of different speeds',
    explanation: [
      'NIC Teaming accepts members of different speeds, but Microsoft does not recommend it: the team spreads flows without regard to speed, so the flows placed on the slower member are limited to it, and when the faster member fails the whole team drops to the slower speed.',
      'Team adapters of the same speed. Each slower member is reported on its value in `members`; members whose `speed` is not written are not compared.',
    ].join('\n\n'),
    sources: [{ label: 'NIC Teaming overview ("different speeds … not recommended")', url: links.nicTeaming }],
    check(model, report) {
      for (const team of [...model.hosts.flatMap((host) => host.teams), ...model.vms.flatMap((vm) => vm.teams)]) {
        const known = membersOf(model, team).filter((member) => member.nic?.speedGbps !== undefined);
        // Stryker disable next-line ConditionalExpression: equivalent: one known speed is the fastest, and nothing is slower
        if (known.length < 2) continue;
        const fastest = Math.max(...known.map((member) => member.nic!.speedGbps!));
        const fast = known.filter((member) => member.nic!.speedGbps === fastest).map((member) => member.nic!.name);
        for (const member of known) {
          if (member.nic!.speedGbps! >= fastest) continue;
          report({
            element: team.element, span: { start: member.value.start, end: member.value.end },
            message: `Team ${team.name} mixes speeds: ${member.nic!.name} runs at ${speedText(member.nic!.speedGbps!)}, ${joinNames(fast)} at ${speedText(fastest)}; flows on ${member.nic!.name} are limited to its speed, and losing ${joinNames(fast)} drops the team to it.`,
          });
        }
      }
    },
  }),
  defineRule({
    id: 'TEAM009', family: 'TEAM', severity: 'warning', seed: '—',
    title: 'VMQ on 1 GbE adapters, or overlapping VMQ processors in a Sum-of-Queues team',
    explanation: [
      'Windows leaves Virtual Machine Queue off on 1 GbE adapters by default: one processor keeps up with a 1 Gbps link, and several 1 GbE drivers have had VMQ defects. Enabling it there gains nothing and risks connectivity problems; keep VMQ for 10 GbE and faster adapters.',
      'In a Sum-of-Queues team (Switch Independent with Hyper-V Port or Dynamic balancing) every member\'s queues are in use at once, so each member needs its own processors: `base_processor` and `max_processors` must not overlap between members, or the queues compete for the same cores (VmSwitch event 113 reports the overlap). A member\'s processors are taken as `max_processors` (1 when not written) consecutive processors from `base_processor`; on hosts with hyper-threading VMQ uses only every other logical processor, so leave room accordingly.',
    ].join('\n\n'),
    fix: 'Sets `vmq no` on a 1 GbE adapter.',
    sources: [
      { label: 'Set-NetAdapterVmq (BaseProcessorNumber, MaxProcessors)', url: links.vmq },
      { label: 'KB 3001783 / synthetic accelerations guidance: VMQ off on 1 GbE adapters' },
      { label: 'Software and hardware integrated features: VMQ and NIC Teaming', url: links.vmqFeatures },
    ],
    check(model, report) {
      for (const host of model.hosts) {
        for (const nic of host.nics) {
          if (nic.vmq !== true || nic.speedGbps === undefined || nic.speedGbps > 1) continue;
          const written = prop(nic.element, 'vmq')!;
          report({
            element: nic.element, span: { start: written.statement.start, end: written.statement.end },
            message: `VMQ is enabled on ${host.name}/${nic.name}, a ${speedText(nic.speedGbps)} adapter; Windows leaves VMQ off on 1 GbE adapters, where it gains nothing and risks connectivity problems.`,
            fixes: [{ title: `Set vmq no on ${host.name}/${nic.name}`, preferred: true, edits: [setProperty(model.texts, nic.element, 'vmq', 'no')] }],
          });
        }
        for (const team of host.teams) {
          const balancing = balancingOf(model, team);
          if (team.mode !== 'switch_independent' || (balancing !== 'hyperv_port' && balancing !== 'dynamic')) continue;
          // Stryker disable next-line ArrayDeclaration: equivalent: a stray element has no `from`, so it overlaps nothing
          const sets: Array<{ nic: Nic; from: number; to: number }> = [];
          for (const member of membersOf(model, team)) {
            const nic = member.nic;
            if (!nic || nic.vmq === false) continue;
            // Stryker disable next-line ConditionalExpression: equivalent as `false`: a set from an unknown base processor runs from NaN to NaN and overlaps nothing (the mark also covers the killed `true`)
            if (nic.baseProcessor === undefined) continue;
            const set = { nic, from: nic.baseProcessor, to: nic.baseProcessor + (nic.maxProcessors ?? 1) - 1 };
            const overlapping = sets.filter((other) => other.from <= set.to && set.from <= other.to);
            sets.push(set);
            if (overlapping.length === 0) continue;
            const written = prop(nic.element, 'base_processor')!;
            report({
              element: nic.element, span: { start: written.statement.start, end: written.statement.end },
              message: `VMQ processors ${set.from}-${set.to} of ${host.name}/${nic.name} overlap those of ${joinNames(overlapping.map((other) => `${other.nic.name} (${other.from}-${other.to})`))} in team ${team.name}, a Sum-of-Queues team (switch independent, ${balancing}); give each member its own processors.`,
            });
          }
        }
      }
    },
  }),
]);

/** A link speed for messages: `10 Gbps`, `100 Mbps`. */
function speedText(gbps: number): string {
  return gbps >= 1 ? `${gbps} Gbps` : `${Math.round(gbps * 1000)} Mbps`;
}
