// The memory bar drawn on a host node of the SVG: startup memory of its VMs against its memory after the reserve.
// Kept apart from svg.ts so that the node renderer only calls it; colours come from the theme's stylesheet classes,
// with plain fills as a fallback for exported files.
import type { GraphMemory } from '../../../protocol/src/protocol.js';

const round = (value: number): number => Math.round(value * 100) / 100;

/** An SVG group: a thin track across the node's top edge, filled to the share used, red when over-committed. */
export function renderMemoryBar(memory: GraphMemory, width: number): string {
  const x = 6;
  const y = 3;
  const trackWidth = Math.max(0, width - 12);
  const share = memory.capacityGB > 0 ? Math.min(1, memory.usedGB / memory.capacityGB) : memory.usedGB > 0 ? 1 : 0;
  const title = `Memory: ${round(memory.usedGB)} of ${round(memory.capacityGB)} GB for VMs used (${round(memory.totalGB)} GB minus a ${round(memory.reserveGB)} GB reserve)${memory.overcommitted ? ': over-committed' : ''}`;
  const state = memory.overcommitted ? 'overcommitted' : 'fits';
  return [
    `<g class="memory-bar memory-${state}" data-used-gb="${round(memory.usedGB)}" data-capacity-gb="${round(memory.capacityGB)}"><title>${title}</title>`,
    `<rect class="memory-track" x="${x}" y="${y}" width="${round(trackWidth)}" height="4" rx="2" fill="#8884"/>`,
    `<rect class="memory-used" x="${x}" y="${y}" width="${round(trackWidth * share)}" height="4" rx="2" fill="${memory.overcommitted ? '#e51400' : '#3794ff'}"/>`,
    '</g>',
  ].join('');
}
