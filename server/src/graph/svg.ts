// Draws a laid-out stamp graph as SVG text: pure string building (no DOM), every user string escaped, no script.
import { renderMemoryBar } from './memory-bar.js';
import type { GraphEdge, GraphNode, GraphNodeKind } from './graph.js';
import type { LaidOutGraph, LaidOutNode, LaidOutEdge } from './layout.js';
import { kindFamily, svgStylesheet, type SvgTheme } from './stylesheet.js';
import { clipLabel, maximumLabelCharacters, textMetrics, textWidth } from './text-metrics.js';

export { svgStylesheet, type SvgTheme } from './stylesheet.js';

export interface SvgOptions {
  theme: SvgTheme;
  /**
   * Whether the stylesheet is written inside the SVG (a standalone file). The preview passes false and installs
   * `svgStylesheet('vscode')` itself, because its content security policy refuses unsigned style elements.
   */
  embedStyle?: boolean;
}

/** Escapes text for XML content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[character]!);
}

/** The letters drawn in a node's badge, by kind. */
export const kindBadges: Record<GraphNodeKind, string> = {
  domain: 'AD', san: 'SAN', host: 'H', cluster: 'HV', guest_cluster: 'GC', csv: 'CSV', replica_broker: 'RB', vm: 'VM', sql: 'SQL',
  availability_group: 'AG', replica: 'R', listener: 'L', nlb: 'NLB', load_balancer: 'LB', dns_record: 'DNS', certificate: 'CRT',
  vmm: 'VMM', spf: 'SPF', wap: 'WAP', app: 'APP', recovery_plan: 'RP', recovery_group: 'RG',
  nic: 'NIC', team: 'TM', vswitch: 'VS', switch: 'SW',
};

/** What each kind is called in the legend and tooltips. */
export const kindTitles: Record<GraphNodeKind, string> = {
  domain: 'AD domain', san: 'SAN', host: 'Hyper-V host', cluster: 'Hyper-V cluster', guest_cluster: 'guest cluster', csv: 'cluster shared volume',
  replica_broker: 'Replica Broker', vm: 'virtual machine', sql: 'SQL Server instance', availability_group: 'availability group', replica: 'AG replica',
  listener: 'AG listener', nlb: 'NLB cluster', load_balancer: 'load balancer', dns_record: 'DNS record', certificate: 'certificate',
  vmm: 'VMM', spf: 'SPF', wap: 'Azure Pack', app: 'application', recovery_plan: 'recovery plan', recovery_group: 'recovery group',
  nic: 'network adapter', team: 'NIC team', vswitch: 'virtual switch', switch: 'physical switch',
};

/**
 * The glyph of each kind, drawn in white on the kind's colour in a 16 x 16 box: the shapes infrastructure diagrams use
 * (a tower server, a disk shelf, a database cylinder, a monitor for a VM, a globe for DNS, a splitter for a load balancer).
 */
export const kindGlyphs: Record<GraphNodeKind, string> = {
  host: 'M4 1.5h8v13H4z M6 4h4 M6 6.5h4 M8 11.5h.01',
  cluster: 'M1 3h5.5v10H1z M9.5 3H15v10H9.5z M6.5 8h3 M2.5 5.5h2.5 M11 5.5h2.5',
  guest_cluster: 'M1.5 4.5h5v7h-5z M9.5 4.5h5v7h-5z M6.5 8h3',
  vm: 'M1.5 2.5h13v9h-13z M5 14.5h6 M8 11.5v3 M4 5h8',
  san: 'M1.5 2h13v12h-13z M1.5 6h13 M1.5 10h13 M11.5 4h.01 M11.5 8h.01 M11.5 12h.01',
  csv: 'M2 5.5c0-2.2 12-2.2 12 0v5c0 2.2-12 2.2-12 0z M2 5.5c0 2.2 12 2.2 12 0',
  replica_broker: 'M2.5 7a5.5 5.5 0 0 1 10-2.5 M13.5 9a5.5 5.5 0 0 1-10 2.5 M12.5 1.5v3h-3 M3.5 14.5v-3h3',
  sql: 'M3 3.5c0-2 10-2 10 0v9c0 2-10 2-10 0z M3 3.5c0 2 10 2 10 0 M3 8c0 2 10 2 10 0',
  availability_group: 'M1 4.5c0-1.5 6-1.5 6 0v7c0 1.5-6 1.5-6 0z M9 4.5c0-1.5 6-1.5 6 0v7c0 1.5-6 1.5-6 0z M1 4.5c0 1.5 6 1.5 6 0 M9 4.5c0 1.5 6 1.5 6 0',
  replica: 'M3 3.5c0-2 10-2 10 0v9c0 2-10 2-10 0z M3 3.5c0 2 10 2 10 0 M6 9.5l2-2 2 2',
  listener: 'M6.5 8a1.5 1.5 0 1 0 3 0a1.5 1.5 0 1 0-3 0 M4 4a5.5 5.5 0 0 0 0 8 M12 4a5.5 5.5 0 0 1 0 8 M2 2a8.5 8.5 0 0 0 0 12 M14 2a8.5 8.5 0 0 1 0 12',
  nlb: 'M1 8h5 M6 8l8-5.5 M6 8h8 M6 8l8 5.5',
  load_balancer: 'M1 8h5 M6 8l8-5.5 M6 8h8 M6 8l8 5.5 M1 5.5v5',
  dns_record: 'M1.5 8a6.5 6.5 0 1 0 13 0a6.5 6.5 0 1 0-13 0 M1.5 8h13 M8 1.5c-3 3-3 10 0 13 M8 1.5c3 3 3 10 0 13',
  certificate: 'M2 2h12v8.5H2z M4.5 5h7 M4.5 7.5h4 M6 10.5l-1 4.5 3-1.8 3 1.8-1-4.5',
  vmm: 'M5.5 8a2.5 2.5 0 1 0 5 0a2.5 2.5 0 1 0-5 0 M8 1v3 M8 12v3 M1 8h3 M12 8h3 M3 3l2 2 M11 11l2 2 M3 13l2-2 M11 5l2-2',
  spf: 'M5.5 2C3.5 2 4 5.5 3.5 7S1.5 8 1.5 8s1.5 0 2 1 0 5 2 5 M10.5 2c2 0 1.5 3.5 2 5s2 1 2 1-1.5 0-2 1 0 5-2 5',
  wap: 'M4.5 13a3 3 0 0 1-.5-6a4.5 4.5 0 0 1 8.5-1a3.5 3.5 0 0 1 0 7z',
  app: 'M1.5 2.5h13v11h-13z M1.5 5.5h13 M3.5 4h.01 M5 4h.01',
  domain: 'M6 1h4v3H6z M8 4v3 M3 7h10 M3 7v3 M13 7v3 M1 10h4v4H1z M11 10h4v4h-4z',
  recovery_plan: 'M3.5 2.5h9v12h-9z M6 1.5h4v2H6z M5.5 7l1 1 2-2 M5.5 11l1 1 2-2 M9.5 7.5h1.5 M9.5 11.5h1.5',
  recovery_group: 'M2 3h2v2H2z M6 4h8 M2 7h2v2H2z M6 8h8 M2 11h2v2H2z M6 12h8',
  // An adapter card with its port, two cards joined, a switch with its ports below, a rack switch with port rows.
  nic: 'M1.5 4.5h13v6h-13z M4 10.5v2 M7 10.5v2 M10 10.5v2 M10.5 6.5h2v2h-2z',
  team: 'M1.5 2.5h9v4.5h-9z M5.5 9h9v4.5h-9z M6 7v2 M10 7v2',
  vswitch: 'M1.5 3.5h13v5h-13z M3 12.5v-4 M8 12.5v-4 M13 12.5v-4 M2 14.5h2 M7 14.5h2 M12 14.5h2',
  switch: 'M1 5h14v6H1z M3 7.5h1.5 M5.5 7.5h1.5 M8 7.5h1.5 M10.5 7.5h1.5 M3 9.5h1.5 M5.5 9.5h1.5 M8 9.5h1.5 M10.5 9.5h1.5',
};

const round = (value: number): string => String(Math.round(value * 10) / 10);

/** What the SVG draws besides the diagram: a title line naming the view, and (for exports) a legend. */
export interface SvgExtras {
  /** The view's title, written after the stamp's name. */
  viewTitle?: string;
  /** Draws the legend of the kinds and relations present under the diagram. */
  legend?: boolean;
}

/** The size of the SVG document `renderSvg` draws for a layout: the diagram, its title line and its legend. */
export function svgSize(laidOut: LaidOutGraph, options: SvgExtras): { width: number; height: number } {
  return svgFrame(laidOut, options);
}

function svgFrame(laidOut: LaidOutGraph, options: SvgExtras) {
  const margin = textMetrics.margin;
  const titleText = [laidOut.graph.title, options.viewTitle].filter(Boolean).join(' · ');
  const titleHeight = titleText ? 28 : 0;
  const legend = options.legend ? renderLegend(laidOut, Math.max(laidOut.width, 560)) : undefined;
  const width = Math.max(laidOut.width, 200, legend?.width ?? 0) + 2 * margin;
  const height = Math.max(laidOut.height, 60) + 2 * margin + titleHeight + (legend ? legend.height + margin : 0);
  return { margin, titleText, titleHeight, legend, width, height };
}

/** Renders the laid-out graph as one SVG document. */
export function renderSvg(laidOut: LaidOutGraph, options: SvgOptions & SvgExtras): string {
  const embedStyle = options.embedStyle ?? true;
  const { margin, titleText, titleHeight, legend, width, height } = svgFrame(laidOut, options);
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="stamp-graph theme-${options.theme}" width="${round(width)}" height="${round(height)}" viewBox="0 0 ${round(width)} ${round(height)}" role="img" aria-label="${escapeXml(`${options.viewTitle ?? 'Topology'} of ${laidOut.graph.title ?? 'the stamp'}`)}">`,
  );
  if (embedStyle) parts.push(`<style>${svgStylesheet(options.theme)}</style>`);
  parts.push('<defs><marker id="stamp-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path class="arrow" d="M 0 0 L 10 5 L 0 10 z"/></marker></defs>');
  parts.push(`<rect class="background" x="0" y="0" width="${round(width)}" height="${round(height)}"/>`);
  if (titleText) parts.push(`<text class="title" x="${margin}" y="${margin + 12}">${escapeXml(titleText)}</text>`);
  parts.push(`<g class="diagram" transform="translate(${round(margin - laidOut.originX)},${round(margin + titleHeight - laidOut.originY)})">`);
  // Containers first (outermost first), then edges, then leaves on top, so that edges stay visible over container fills.
  const containers = laidOut.nodes.filter((item) => item.node.container);
  const leaves = laidOut.nodes.filter((item) => !item.node.container);
  const shownUri = laidOut.graph.uri;
  parts.push('<g class="containers">', ...containers.map((item) => renderNode(item, shownUri)), '</g>');
  parts.push('<g class="edges">', ...laidOut.edges.map(renderEdge), '</g>');
  parts.push('<g class="nodes">', ...leaves.map((item) => renderNode(item, shownUri)), '</g>');
  parts.push('</g>');
  if (legend) parts.push(`<g class="legend" transform="translate(${margin},${round(margin + titleHeight + Math.max(laidOut.height, 60) + margin)})">${legend.markup}</g>`);
  parts.push('</svg>');
  return parts.join('\n');
}

/** The file name of a URI without its folder and `.stamp` extension, for the tag of a node declared in another file. */
export function fileTagText(uri: string): string {
  const name = decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
  return name.endsWith('.stamp') ? name.slice(0, -'.stamp'.length) : name;
}

/** The badge of a kind: its glyph in white on the kind's colour, 22 px square. */
function badge(kind: GraphNodeKind, x: number, y: number): string {
  return `<rect class="badge" x="${round(x)}" y="${round(y)}" width="22" height="22" rx="4"/><path class="glyph" transform="translate(${round(x + 3)},${round(y + 3)})" d="${kindGlyphs[kind]}"/>`;
}

function renderNode(item: LaidOutNode, shownUri: string): string {
  const node = item.node;
  const severity = node.severity ?? 'none';
  const classes = ['node', `kind-${node.kind}`, `family-${kindFamily[node.kind]}`, `severity-${severity}`];
  if (node.container) classes.push('container');
  if (node.collapsed) classes.push('collapsed');
  const parts: string[] = [];
  parts.push(
    `<g class="${classes.join(' ')}" data-id="${escapeXml(node.id)}" data-kind="${node.kind}" data-severity="${severity}"${node.collapsed ? ' data-collapsed="true"' : ''} transform="translate(${round(item.x)},${round(item.y)})">`,
  );
  parts.push(`<title>${escapeXml(tooltipText(node))}</title>`);
  const cornerRadius = node.kind === 'vm' || node.kind === 'sql' ? 8 : node.kind === 'listener' || node.kind === 'dns_record' ? 14 : 4;
  // A closed container is drawn as a small stack: a second frame peeks out behind it.
  if (node.collapsed) parts.push(`<rect class="stack" x="4" y="-4" width="${round(item.width)}" height="${round(item.height)}" rx="${cornerRadius}"/>`);
  parts.push(`<rect class="frame" width="${round(item.width)}" height="${round(item.height)}" rx="${cornerRadius}"/>`);
  // The header sits at the top of a container and in the middle of a leaf.
  const headerTop = node.container ? 0 : (item.height - textMetrics.leafHeight) / 2;
  parts.push(badge(node.kind, 8, headerTop + 10));
  const textLeft = textMetrics.badgeSpace + 6;
  // A container is as wide as its contents: its header gets the characters that fit.
  const markSpace = node.marks.reduce((sum, mark) => sum + textWidth(mark, textMetrics.markFontSize) + 14, 0) + (node.problems.length > 0 ? 28 : 0);
  const fittingCharacters = Math.floor((item.width - textLeft - markSpace - 8) / (textMetrics.labelFontSize * (textMetrics.averageCharacterWidth + 0.08)));
  const label = clipLabel(node.label, Math.max(4, Math.min(maximumLabelCharacters, fittingCharacters)));
  parts.push(`<text class="label" x="${textLeft}" y="${round(headerTop + 22)}">${escapeXml(label)}</text>`);
  if (node.sublabel) {
    const sublabelCharacters = Math.floor((item.width - textLeft - 6) / (textMetrics.sublabelFontSize * textMetrics.averageCharacterWidth));
    parts.push(`<text class="sublabel" x="${textLeft}" y="${round(headerTop + 38)}">${escapeXml(clipLabel(node.sublabel, Math.max(6, Math.min(maximumLabelCharacters, sublabelCharacters))))}</text>`);
  }
  let markLeft = textLeft + textWidth(label, textMetrics.labelFontSize, true) + 6;
  for (const mark of node.marks) {
    const markWidth = textWidth(mark, textMetrics.markFontSize) + 8;
    parts.push(`<g class="mark-group"><rect class="mark" x="${round(markLeft)}" y="${round(headerTop + 10)}" width="${round(markWidth)}" height="15" rx="7"/>`);
    parts.push(`<text class="mark-text" x="${round(markLeft + markWidth / 2)}" y="${round(headerTop + 21.5)}" text-anchor="middle">${escapeXml(mark)}</text></g>`);
    markLeft += markWidth + 6;
  }
  if (node.uri && shownUri && node.uri !== shownUri) {
    // A node declared in another file of the stamp carries that file's name in its bottom right corner.
    const fileName = decodeURIComponent(node.uri.slice(node.uri.lastIndexOf('/') + 1));
    parts.push(`<g class="file-tag"><title>${escapeXml(`Declared in ${fileName}`)}</title><text x="${round(item.width - 6)}" y="${round(node.container ? item.height - 4 : headerTop + textMetrics.leafHeight - 3)}" text-anchor="end">${escapeXml(fileTagText(node.uri))}</text></g>`);
  }
  if (node.memory) parts.push(renderMemoryBar(node.memory, item.width));
  if (node.problems.length > 0) {
    parts.push(`<g class="problem-badge severity-${severity}"><circle cx="${round(item.width - 14)}" cy="${round(headerTop + 17)}" r="10"/>`);
    parts.push(`<text x="${round(item.width - 14)}" y="${round(headerTop + 21)}" text-anchor="middle">${node.problems.length > 99 ? '99+' : node.problems.length}</text></g>`);
  }
  parts.push('</g>');
  return parts.join('');
}

function renderEdge(item: LaidOutEdge): string {
  const edge = item.edge;
  const path = item.points.map((point, index) => `${index === 0 ? 'M' : 'L'} ${round(point.x)} ${round(point.y)}`).join(' ');
  const marker = edge.arrow === 'none' ? '' : edge.arrow === 'start' ? ' marker-start="url(#stamp-arrow)"' : ' marker-end="url(#stamp-arrow)"';
  const parts = [
    `<g class="edge kind-${edge.kind}" data-id="${escapeXml(edge.id)}" data-source="${escapeXml(edge.source)}" data-target="${escapeXml(edge.target)}">`,
    `<title>${escapeXml(edge.label ? `${edgeTitles[edge.kind]}: ${edge.label}` : edgeTitles[edge.kind])}</title>`,
    `<path d="${path}"${marker}/>`,
  ];
  if (edge.label && item.label) {
    const box = item.label;
    parts.push(`<rect class="edge-label-box" x="${round(box.x)}" y="${round(box.y)}" width="${round(box.width)}" height="${round(box.height)}" rx="2"/>`);
    parts.push(`<text class="edge-label" x="${round(box.x + box.width / 2)}" y="${round(box.y + box.height - 4)}" text-anchor="middle">${escapeXml(clipLabel(edge.label, 28))}</text>`);
  }
  parts.push('</g>');
  return parts.join('');
}

/** What each relation means, for the legend and the edge tooltips. */
export const edgeTitles: Record<GraphEdge['kind'], string> = {
  runs_on: 'runs on', member: 'member of', replica_of: 'replica on instance', listener: 'listener', database: 'uses the database of',
  uses_vmm: 'manages through VMM', uses_spf: 'reaches SPF through', fronts: 'load-balances', nlb_host: 'balances to host',
  replication: 'Hyper-V Replica', extended_replication: 'extended replication', csv_on: 'volume on SAN', witness: 'witness disk on',
  controller: 'domain controller', installed_on: 'certificate for', resolves_to: 'resolves to', recovers: 'recovers VM',
  team_member: 'teams the adapter', uplink: 'bound to', connects: 'connects to the switch', cabled: 'cabled to',
};

/** The legend of an export: a swatch for every kind and relation the diagram shows, and the problem colours if any. */
export function renderLegend(laidOut: LaidOutGraph, maximumWidth: number): { markup: string; width: number; height: number } {
  const kinds = [...new Set(laidOut.nodes.map((item) => item.node.kind))];
  // A relation's swatch is drawn as the diagram draws it: with an arrowhead only if its edges have one.
  const edgeArrows = new Map<GraphEdge['kind'], boolean>();
  for (const item of laidOut.edges) edgeArrows.set(item.edge.kind, (edgeArrows.get(item.edge.kind) ?? false) || item.edge.arrow !== 'none');
  const edgeKinds = [...edgeArrows.keys()];
  const severities = [...new Set(laidOut.nodes.map((item) => item.node.severity).filter((severity) => severity === 'error' || severity === 'warning'))];
  const entries: Array<{ width: number; markup: (x: number, y: number) => string }> = [];
  for (const kind of kinds) {
    entries.push({
      width: 30 + textWidth(kindTitles[kind], textMetrics.sublabelFontSize) + 16,
      markup: (x, y) => `<g class="node family-${kindFamily[kind]}">${badge(kind, x, y)}</g><text class="legend-text" x="${round(x + 28)}" y="${round(y + 15)}">${escapeXml(kindTitles[kind])}</text>`,
    });
  }
  for (const kind of edgeKinds) {
    entries.push({
      width: 44 + textWidth(edgeTitles[kind], textMetrics.sublabelFontSize) + 16,
      markup: (x, y) => `<g class="edge kind-${kind}"><path d="M ${round(x)} ${round(y + 11)} L ${round(x + 34)} ${round(y + 11)}"${edgeArrows.get(kind) ? ' marker-end="url(#stamp-arrow)"' : ''}/></g><text class="legend-text" x="${round(x + 42)}" y="${round(y + 15)}">${escapeXml(edgeTitles[kind])}</text>`,
    });
  }
  for (const severity of severities) {
    entries.push({
      width: 44 + textWidth(`${severity}s found`, textMetrics.sublabelFontSize) + 16,
      markup: (x, y) => `<g class="severity-${severity}"><rect class="frame" x="${round(x)}" y="${round(y + 2)}" width="34" height="18" rx="3"/></g><text class="legend-text" x="${round(x + 42)}" y="${round(y + 15)}">${severity}s found</text>`,
    });
  }
  const rowHeight = 28;
  const parts = [`<text class="legend-title" x="0" y="14">Legend</text>`];
  let x = 0;
  let y = 24;
  let widest = 0;
  for (const entry of entries) {
    if (x > 0 && x + entry.width > maximumWidth) {
      x = 0;
      y += rowHeight;
    }
    parts.push(entry.markup(x, y));
    x += entry.width;
    widest = Math.max(widest, x);
  }
  return { markup: parts.join(''), width: widest, height: y + rowHeight };
}

/** The plain-text tooltip of a node: kind and name, key properties, problems. */
export function tooltipText(node: GraphNode): string {
  const lines = [`${node.kind.replace(/_/g, ' ')} ${node.label}${node.marks.length ? ` (${node.marks.join(', ')})` : ''}`];
  for (const detail of node.details) lines.push(`${detail.label}: ${detail.value}`);
  for (const problem of node.problems) lines.push(`${problem.severity} ${problem.code}: ${problem.message}`);
  return lines.join('\n');
}
