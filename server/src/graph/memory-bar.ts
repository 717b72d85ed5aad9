// The memory bar drawn on a host node of the SVG: startup memory of its VMs against its memory after the reserve.
// Kept apart from svg.ts so that the node renderer only calls it; colours come from the theme's stylesheet classes,
// with plain fills as a fallback for exported files.
import type { GraphMemory } from '../../../protocol/src/protocol.js';

const round = (value: number): number => Math.round(value * 100) / 100;

/** The filled share of a memory bar, 0 to 1 (a host with no memory for VMs is full as soon as anything runs). */
export function memoryShare(memory: Pick<GraphMemory, 'usedGB' | 'capacityGB'>): number {
  return memory.capacityGB > 0 ? Math.min(1, memory.usedGB / memory.capacityGB) : memory.usedGB > 0 ? 1 : 0;
}

/** A memory bar's tooltip: "Memory: 3 of 12 GB for VMs used (16 GB minus a 4 GB reserve)", with a prefix under a simulation. */
export function memoryTitle(memory: GraphMemory, prefix = 'Memory'): string {
  return `${prefix}: ${round(memory.usedGB)} of ${round(memory.capacityGB)} GB for VMs used (${round(memory.totalGB)} GB minus a ${round(memory.reserveGB)} GB reserve)${memory.overcommitted ? ': over-committed' : ''}`;
}

/** An SVG group: a thin track across the node's top edge, filled to the share used, red when over-committed. */
export function renderMemoryBar(memory: GraphMemory, width: number): string {
  const x = 6;
  const y = 3;
  const trackWidth = Math.max(0, width - 12);
  const share = memoryShare(memory);
  const title = memoryTitle(memory);
  const state = memory.overcommitted ? 'overcommitted' : 'fits';
  return [
    `<g class="memory-bar memory-${state}" data-used-gb="${round(memory.usedGB)}" data-capacity-gb="${round(memory.capacityGB)}"><title>${title}</title>`,
    `<rect class="memory-track" x="${x}" y="${y}" width="${round(trackWidth)}" height="4" rx="2" fill="#8884"/>`,
    `<rect class="memory-used" x="${x}" y="${y}" width="${round(trackWidth * share)}" height="4" rx="2" fill="${memory.overcommitted ? '#e51400' : '#3794ff'}"/>`,
    '</g>',
  ].join('');
}
