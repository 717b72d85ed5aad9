// The layout of an exported diagram: the view as shown when it prints readably on an A4 page, else laid out again (containers' children in rows, then a more compact drawing) until its labels reach 7 pt there.
import { countCrossings } from './metrics.js';
import { layoutGraph, textMetrics, type LaidOutGraph } from './layout.js';
import { svgSize, type SvgExtras } from './svg.js';
import type { StampGraph } from './graph.js';

/** An A4 page less 10 mm margins, in millimetres. */
export const a4Page = { long: 277, short: 190 };
/** A CSS pixel printed at natural size (96 per inch), in millimetres. */
const millimetresPerPixel = 25.4 / 96;
const pointsPerMillimetre = 72 / 25.4;
/** The smallest label a printed diagram should have, in points. */
export const readablePrintPoints = 7;

/**
 * The size in points of a node label when an SVG document of this size is printed on an A4 page: at its natural size
 * if it fits, else shrunk to the page in the orientation that keeps it larger.
 */
export function a4LabelPoints(size: { width: number; height: number }): { points: number; orientation: 'portrait' | 'landscape' } {
  const landscape = Math.min(a4Page.long / size.width, a4Page.short / size.height);
  const portrait = Math.min(a4Page.short / size.width, a4Page.long / size.height);
  const scale = Math.min(millimetresPerPixel, Math.max(landscape, portrait));
  return { points: textMetrics.labelFontSize * scale * pointsPerMillimetre, orientation: landscape >= portrait ? 'landscape' : 'portrait' };
}

/** The longest rows of a container's children the export tries, in order, when the view as shown prints too small. */
export const exportRowLengths = [8, 5, 3] as const;

/**
 * The tighter drawing the export tries when rows alone leave the labels below 7 pt: each long chain of nodes kept in one
 * straight column (ELK's linear segments: a row of entry points above one load balancer no longer pushes the layers
 * below it sideways) and less space between layers.
 */
export const compactExportOptions: Record<string, string> = {
  'elk.layered.nodePlacement.strategy': 'LINEAR_SEGMENTS',
  'elk.layered.spacing.nodeNodeBetweenLayers': '32',
};

export interface ExportLayout {
  laidOut: LaidOutGraph;
  /** The label size on an A4 page, in points. */
  points: number;
  orientation: 'portrait' | 'landscape';
  /** The row length the layout was computed with; undefined for the view's own layout. */
  rowLength?: number;
  /** Whether the layout is the compact one (`compactExportOptions`). */
  compact?: boolean;
}

/**
 * The layout to export: the view's own (`shown`, or a fresh one) when its labels print at 7 pt or more on A4; else the
 * first layout with containers' children in rows of 8, 5 or 3 that does; else, of the compact layouts in such rows that
 * do, the one with the fewest crossings; else the layout that prints largest.
 */
export async function exportLayout(graph: StampGraph, extras: SvgExtras, shown?: LaidOutGraph): Promise<ExportLayout> {
  const measure = (laidOut: LaidOutGraph, rowLength?: number, compact?: boolean): ExportLayout => ({ laidOut, rowLength, compact, ...a4LabelPoints(svgSize(laidOut, extras)) });
  let best = measure(shown ?? (await layoutGraph(graph)));
  if (best.points >= readablePrintPoints) return best;
  const childCounts = new Map<string, number>();
  for (const node of graph.nodes) if (node.parent) childCounts.set(node.parent, (childCounts.get(node.parent) ?? 0) + 1);
  const widest = Math.max(0, ...childCounts.values());
  // Below 7 pt everywhere: the largest print wins; at equal size, the one with fewer crossings.
  const keepLargest = (candidate: ExportLayout): void => {
    if (candidate.points > best.points + 0.05 || (Math.abs(candidate.points - best.points) <= 0.05 && countCrossings(candidate.laidOut) < countCrossings(best.laidOut))) best = candidate;
  };
  for (const rowLength of exportRowLengths) {
    // Rows this long change nothing when no container holds more children.
    if (widest <= rowLength) continue;
    const candidate = measure(await layoutGraph(graph, { rowLength }), rowLength);
    if (candidate.points >= readablePrintPoints) return candidate;
    keepLargest(candidate);
  }
  let readable: { layout: ExportLayout; crossings: number } | undefined;
  for (const rowLength of [undefined, ...exportRowLengths]) {
    if (rowLength !== undefined && widest <= rowLength) continue;
    const candidate = measure(await layoutGraph(graph, { rowLength, elkOptions: compactExportOptions }), rowLength, true);
    if (candidate.points < readablePrintPoints) {
      keepLargest(candidate);
      continue;
    }
    const crossings = countCrossings(candidate.laidOut);
    if (!readable || crossings < readable.crossings) readable = { layout: candidate, crossings };
    if (crossings === 0) break;
  }
  return readable?.layout ?? best;
}
