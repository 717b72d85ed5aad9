// What a rule family reads, declared as the facts a value edit can touch (grammar/src/value-edit.ts), so that after an
// edit that changes only values the server runs again only the rules that read one of them.
import { childKinds, elementKind, type KindId } from '../../../grammar/src/schema.js';
import type { Rule } from './rule.js';

/**
 * The memory facts: the memory of VMs (written, or through Dynamic Memory) and of hosts (physical, and the reserve).
 * Only the capacity rules, HV's memory checks and the failure analysis read them.
 */
export const memoryFacts = ['vm.memory', 'vm.dynamic_memory', 'dynamic_memory', 'host.memory', 'host.reserve'] as const;

/**
 * The facts a family reads: every value of the elements of `kinds` and of their children (a child's change is also a
 * change of its parent's kind: see `valueChanges`), but none of `except` (`kind.keyword` or a child kind id). Every
 * family reads the stamp's product defaults and its imports. List a kind when the family's rules, or the model's
 * facts they use (a VM's cluster, the logins an availability group needs), read any value of it.
 */
export function reading(kinds: readonly KindId[], except: readonly string[] = []): readonly string[] {
  const reads: string[] = ['stamp', 'import'];
  for (const id of kinds) {
    const excepted = except.filter((fact) => fact.startsWith(`${id}.`));
    if (excepted.length === 0) {
      reads.push(id);
      continue;
    }
    const kind = elementKind(id);
    const facts = [
      ...kind.header.flatMap((form) => form.map((argument) => argument.name)),
      ...Object.keys(kind.properties),
      ...[...childKinds(id).values()].map((child) => child.id),
    ];
    for (const fact of new Set(facts)) if (!excepted.includes(`${id}.${fact}`)) reads.push(`${id}.${fact}`);
  }
  // A child kind read on its own (not through its parent) is listed by the family itself; excepted ones never are.
  return reads.filter((fact) => !except.includes(fact));
}

/** Sets what every rule of a family reads, but for the rules `own` names, which read what it says; returns the family's rules. */
export function declareReads(reads: readonly string[], rules: Rule[], own: Readonly<Record<string, readonly string[]>> = {}): Rule[] {
  for (const rule of rules) rule.reads = own[rule.id] ?? reads;
  return rules;
}
