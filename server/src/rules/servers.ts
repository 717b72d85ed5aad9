// The servers of an SPF or WAP as the rules see them (their `server` blocks and `servers` entries), and the name clients
// use for a component. Shared by the SPF, WAP and CERT rules.
import type { Component, ServerFacts, StampModel } from '../../../grammar/src/model.js';
import type { Value } from '../../../grammar/src/elements.js';
import type { TextEdit } from '../../../grammar/src/diagnostic.js';
import { headSpan, insertStatement, nameText } from '../../../grammar/src/edits.js';
import type { Finding } from './rule.js';

/** One server of an SPF or WAP: its `server` block when written, and its entry in `servers`. */
export interface ServerSlot {
  name: string;
  facts?: ServerFacts;
  value?: Value;
}

/**
 * The servers whose per-server facts a rule checks. When a component has no `server` block at all its per-server facts
 * are not modeled and the list is empty (the rules stay silent). When it has some, a listed server without a block is
 * taken as an empty block: no console, no local accounts, no group members, which are the product's defaults.
 */
export function serverSlots(component: Component & { serverFacts: ServerFacts[] }): ServerSlot[] {
  if (component.serverFacts.length === 0) return [];
  // A `server` block that names no VM or host (SCH003) is no server a rule can speak of.
  const slots: ServerSlot[] = component.serverFacts.filter((facts) => facts.name !== '').map((facts) => ({ name: facts.name, facts }));
  for (const value of component.serverValues) {
    // A listed server and its `server` block name the same machine exactly when they are the same name (in any case).
    const key = value.text.toLowerCase();
    const existing = slots.find((slot) => slot.name.toLowerCase() === key);
    // A server listed twice keeps its first entry, where its findings go.
    if (existing) existing.value ??= value;
    else slots.push({ name: value.text, value });
  }
  return slots;
}

/** Where a finding about a server goes: its `server` block's head, else its entry in the component's `servers`. */
export function slotPlace(component: Component, slot: ServerSlot): Pick<Finding, 'element' | 'span'> {
  if (slot.facts) return { element: slot.facts.element };
  return { element: component.element, span: slot.value ? { start: slot.value.start, end: slot.value.end } : headSpan(component.element) };
}

/** Adds a statement to a server's block, creating the `server` block when the server has none. */
export function addToServer(model: StampModel, component: Component, slot: ServerSlot, statementText: string): TextEdit {
  if (slot.facts) return insertStatement(model.texts, slot.facts.element, statementText);
  return insertStatement(model.texts, component.element, `server ${nameText(slot.name)} { ${statementText} }`);
}

/** The name clients use for a component: the full internet name of its NLB, else its load balancer's FQDN. */
export function frontNameOf(component: Component): string | undefined {
  for (const front of component.frontedBy) {
    const name = 'realServers' in front ? front.fqdn?.text : front.internetName?.text;
    if (name) return name;
  }
  return undefined;
}
