// Draws a laid-out stamp graph as SVG text: pure string building (no DOM), every user string escaped, no script.
import { renderMemoryBar } from './memory-bar.js';
import type { GraphNode, GraphNodeKind } from './graph.js';
import type { LaidOutGraph, LaidOutNode, LaidOutEdge } from './layout.js';
import { clipLabel, maximumLabelCharacters, textMetrics, textWidth } from './layout.js';

/** `vscode` follows the editor's theme through its CSS variables; `light` and `dark` are fixed, for files. */
export type SvgTheme = 'vscode' | 'light' | 'dark';

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
  vmm: 'VMM', spf: 'SPF', wap: 'WAP', app: 'APP', recovery_plan: 'RP',
};

/** The colour family of each kind: compute, storage, SQL, network, System Center, security. */
const kindFamily: Record<GraphNodeKind, 'compute' | 'storage' | 'sql' | 'network' | 'management' | 'identity'> = {
  domain: 'identity', san: 'storage', host: 'compute', cluster: 'compute', guest_cluster: 'compute', csv: 'storage', replica_broker: 'compute',
  vm: 'compute', sql: 'sql', availability_group: 'sql', replica: 'sql', listener: 'sql', nlb: 'network', load_balancer: 'network',
  dns_record: 'network', certificate: 'identity', vmm: 'management', spf: 'management', wap: 'management', app: 'management', recovery_plan: 'management',
};

interface Palette {
  background: string; foreground: string; description: string; nodeFill: string; containerFill: string; border: string; edge: string;
  edgeLabelFill: string; error: string; warning: string; info: string; highlight: string; fontFamily: string;
  families: Record<(typeof kindFamily)[GraphNodeKind], string>;
}

const palettes: Record<SvgTheme, Palette> = {
  vscode: {
    background: 'var(--vscode-editor-background, #ffffff)',
    foreground: 'var(--vscode-editor-foreground, #1f1f1f)',
    description: 'var(--vscode-descriptionForeground, #616161)',
    nodeFill: 'var(--vscode-editorWidget-background, #f3f3f3)',
    containerFill: 'var(--vscode-sideBar-background, var(--vscode-editor-background, #fafafa))',
    border: 'var(--vscode-editorWidget-border, var(--vscode-contrastBorder, #c8c8c8))',
    edge: 'var(--vscode-editorLineNumber-foreground, #8a8a8a)',
    edgeLabelFill: 'var(--vscode-editor-background, #ffffff)',
    error: 'var(--vscode-editorError-foreground, #e51400)',
    warning: 'var(--vscode-editorWarning-foreground, #bf8803)',
    info: 'var(--vscode-editorInfo-foreground, #1a85ff)',
    highlight: 'var(--vscode-focusBorder, #0090f1)',
    fontFamily: 'var(--vscode-font-family, "Segoe UI", Helvetica, Arial, sans-serif)',
    families: {
      compute: 'var(--vscode-charts-blue, #1a85ff)', storage: 'var(--vscode-charts-orange, #d18616)', sql: 'var(--vscode-charts-purple, #652d90)',
      network: 'var(--vscode-charts-green, #388a34)', management: 'var(--vscode-charts-yellow, #bf8803)', identity: 'var(--vscode-charts-red, #c72e0f)',
    },
  },
  light: {
    background: '#ffffff', foreground: '#1f1f1f', description: '#5f6368', nodeFill: '#f6f8fa', containerFill: '#fbfcfd', border: '#c5ccd3', edge: '#8a949e',
    edgeLabelFill: '#ffffff', error: '#d1242f', warning: '#b08500', info: '#0969da', highlight: '#0969da', fontFamily: '"Segoe UI", Helvetica, Arial, sans-serif',
    families: { compute: '#0969da', storage: '#bc4c00', sql: '#8250df', network: '#1a7f37', management: '#9a6700', identity: '#cf222e' },
  },
  dark: {
    background: '#1e1e1e', foreground: '#d4d4d4', description: '#a0a0a0', nodeFill: '#252526', containerFill: '#202021', border: '#454545', edge: '#858585',
    edgeLabelFill: '#1e1e1e', error: '#f14c4c', warning: '#cca700', info: '#3794ff', highlight: '#007fd4', fontFamily: '"Segoe UI", Helvetica, Arial, sans-serif',
    families: { compute: '#3794ff', storage: '#d18616', sql: '#b180d7', network: '#89d185', management: '#cca700', identity: '#f14c4c' },
  },
};

/** The stylesheet of the diagram for a theme; the preview installs the `vscode` one with its own nonce. */
export function svgStylesheet(theme: SvgTheme): string {
  const palette = palettes[theme];
  const families = Object.entries(palette.families)
    .map(([family, colour]) => `.stamp-graph .family-${family} .badge { fill: ${colour}; } .stamp-graph .family-${family} > .frame { stroke: ${colour}; }`)
    .join('\n');
  return `.stamp-graph { font-family: ${palette.fontFamily}; }
.stamp-graph .background { fill: ${palette.background}; }
.stamp-graph .frame { fill: ${palette.nodeFill}; stroke-width: 1.2; }
.stamp-graph .container > .frame { fill: ${palette.containerFill}; stroke-dasharray: 5 3; }
.stamp-graph .label { fill: ${palette.foreground}; font-size: ${textMetrics.labelFontSize}px; font-weight: 600; }
.stamp-graph .sublabel { fill: ${palette.description}; font-size: ${textMetrics.sublabelFontSize}px; }
.stamp-graph .badge-text { fill: #ffffff; font-size: 8px; font-weight: 700; }
.stamp-graph .mark { fill: ${palette.background}; stroke: ${palette.foreground}; stroke-width: 0.8; }
.stamp-graph .mark-text { fill: ${palette.foreground}; font-size: 9px; font-weight: 600; }
.stamp-graph .edge path { fill: none; stroke: ${palette.edge}; stroke-width: 1.2; }
.stamp-graph .edge.kind-replication path, .stamp-graph .edge.kind-extended_replication path { stroke-dasharray: 6 3; stroke-width: 1.6; }
.stamp-graph .edge.kind-database path { stroke-width: 1.6; }
.stamp-graph .arrow { fill: ${palette.edge}; }
.stamp-graph .edge-label-box { fill: ${palette.edgeLabelFill}; fill-opacity: 0.85; }
.stamp-graph .edge-label { fill: ${palette.description}; font-size: ${textMetrics.edgeLabelFontSize}px; }
${families}
.stamp-graph .severity-warning > .frame { stroke: ${palette.warning}; stroke-width: 2.4; stroke-dasharray: none; }
.stamp-graph .severity-error > .frame { stroke: ${palette.error}; stroke-width: 2.4; stroke-dasharray: none; }
.stamp-graph .problem-badge.severity-error circle { fill: ${palette.error}; }
.stamp-graph .problem-badge.severity-warning circle { fill: ${palette.warning}; }
.stamp-graph .problem-badge.severity-info circle, .stamp-graph .problem-badge.severity-hint circle { fill: ${palette.info}; }
.stamp-graph .problem-badge text { fill: #ffffff; font-size: 10px; font-weight: 700; }
.stamp-graph .node.highlighted > .frame { stroke: ${palette.highlight}; stroke-width: 3; stroke-dasharray: none; }
.stamp-graph .node { cursor: pointer; }
.stamp-graph .file-tag text { fill: ${palette.description}; font-size: 8px; font-style: italic; }
.stamp-graph .title { fill: ${palette.foreground}; font-size: 14px; font-weight: 600; }`;
}

const round = (value: number): string => String(Math.round(value * 10) / 10);

/** Renders the laid-out graph as one SVG document. */
export function renderSvg(laidOut: LaidOutGraph, options: SvgOptions): string {
  const embedStyle = options.embedStyle ?? true;
  const margin = textMetrics.margin;
  const titleHeight = laidOut.graph.title ? 26 : 0;
  const width = Math.max(laidOut.width, 200) + 2 * margin;
  const height = Math.max(laidOut.height, 60) + 2 * margin + titleHeight;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="stamp-graph theme-${options.theme}" width="${round(width)}" height="${round(height)}" viewBox="0 0 ${round(width)} ${round(height)}" role="img" aria-label="${escapeXml(`Topology of ${laidOut.graph.title ?? 'the stamp'}`)}">`,
  );
  if (embedStyle) parts.push(`<style>${svgStylesheet(options.theme)}</style>`);
  parts.push('<defs><marker id="stamp-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path class="arrow" d="M 0 0 L 10 5 L 0 10 z"/></marker></defs>');
  parts.push(`<rect class="background" x="0" y="0" width="${round(width)}" height="${round(height)}"/>`);
  if (laidOut.graph.title) parts.push(`<text class="title" x="${margin}" y="${margin + 10}">${escapeXml(laidOut.graph.title)}</text>`);
  parts.push(`<g transform="translate(${margin},${margin + titleHeight})">`);
  // Containers first (outermost first), then edges, then leaves on top, so that edges stay visible over container fills.
  const containers = laidOut.nodes.filter((item) => item.node.container);
  const leaves = laidOut.nodes.filter((item) => !item.node.container);
  const shownUri = laidOut.graph.uri;
  parts.push('<g class="containers">', ...containers.map((item) => renderNode(item, shownUri)), '</g>');
  parts.push('<g class="edges">', ...laidOut.edges.map(renderEdge), '</g>');
  parts.push('<g class="nodes">', ...leaves.map((item) => renderNode(item, shownUri)), '</g>');
  parts.push('</g></svg>');
  return parts.join('\n');
}

/** The file name of a URI without its folder and `.stamp` extension, for the tag of a node declared in another file. */
export function fileTagText(uri: string): string {
  const name = decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
  return name.endsWith('.stamp') ? name.slice(0, -'.stamp'.length) : name;
}

function renderNode(item: LaidOutNode, shownUri: string): string {
  const node = item.node;
  const severity = node.severity ?? 'none';
  const classes = ['node', `kind-${node.kind}`, `family-${kindFamily[node.kind]}`, `severity-${severity}`];
  if (node.container) classes.push('container');
  const parts: string[] = [];
  parts.push(
    `<g class="${classes.join(' ')}" data-id="${escapeXml(node.id)}" data-kind="${node.kind}" data-severity="${severity}" transform="translate(${round(item.x)},${round(item.y)})">`,
  );
  parts.push(`<title>${escapeXml(tooltipText(node))}</title>`);
  const cornerRadius = node.kind === 'vm' || node.kind === 'sql' ? 8 : node.kind === 'listener' || node.kind === 'dns_record' ? 14 : 4;
  parts.push(`<rect class="frame" width="${round(item.width)}" height="${round(item.height)}" rx="${cornerRadius}"/>`);
  // The header sits at the top of a container and in the middle of a leaf.
  const headerTop = node.container ? 0 : (item.height - textMetrics.leafHeight) / 2;
  const badgeWidth = 24;
  parts.push(`<rect class="badge" x="6" y="${round(headerTop + 9)}" width="${badgeWidth}" height="14" rx="3"/>`);
  parts.push(`<text class="badge-text" x="${6 + badgeWidth / 2}" y="${round(headerTop + 19)}" text-anchor="middle">${escapeXml(kindBadges[node.kind])}</text>`);
  const textLeft = textMetrics.badgeSpace + 6;
  // A container is as wide as its contents: its header gets the characters that fit.
  const markSpace = node.marks.reduce((sum, mark) => sum + textWidth(mark, textMetrics.sublabelFontSize) + 14, 0) + (node.problems.length > 0 ? 26 : 0);
  const fittingCharacters = Math.floor((item.width - textLeft - markSpace - 8) / (textMetrics.labelFontSize * (textMetrics.averageCharacterWidth + 0.08)));
  const label = clipLabel(node.label, Math.max(4, Math.min(maximumLabelCharacters, fittingCharacters)));
  parts.push(`<text class="label" x="${textLeft}" y="${round(headerTop + 19)}">${escapeXml(label)}</text>`);
  if (node.sublabel) parts.push(`<text class="sublabel" x="${textLeft}" y="${round(headerTop + 33)}">${escapeXml(clipLabel(node.sublabel))}</text>`);
  let markLeft = textLeft + textWidth(label, textMetrics.labelFontSize, true) + 6;
  for (const mark of node.marks) {
    const markWidth = textWidth(mark, textMetrics.sublabelFontSize) + 8;
    parts.push(`<g class="mark-group"><rect class="mark" x="${round(markLeft)}" y="${round(headerTop + 9)}" width="${round(markWidth)}" height="13" rx="6"/>`);
    parts.push(`<text class="mark-text" x="${round(markLeft + markWidth / 2)}" y="${round(headerTop + 19)}" text-anchor="middle">${escapeXml(mark)}</text></g>`);
    markLeft += markWidth + 6;
  }
  if (node.uri && shownUri && node.uri !== shownUri) {
    // A node declared in another file of the stamp carries that file's name in its bottom right corner.
    const fileName = decodeURIComponent(node.uri.slice(node.uri.lastIndexOf('/') + 1));
    parts.push(`<g class="file-tag"><title>${escapeXml(`Declared in ${fileName}`)}</title><text x="${round(item.width - 6)}" y="${round(node.container ? item.height - 4 : headerTop + textMetrics.leafHeight - 3)}" text-anchor="end">${escapeXml(fileTagText(node.uri))}</text></g>`);
  }
  if (node.memory) parts.push(renderMemoryBar(node.memory, item.width));
  if (node.problems.length > 0) {
    parts.push(`<g class="problem-badge severity-${severity}"><circle cx="${round(item.width - 13)}" cy="${round(headerTop + 15)}" r="9"/>`);
    parts.push(`<text x="${round(item.width - 13)}" y="${round(headerTop + 19)}" text-anchor="middle">${node.problems.length > 99 ? '99+' : node.problems.length}</text></g>`);
  }
  parts.push('</g>');
  return parts.join('');
}

function renderEdge(item: LaidOutEdge): string {
  const edge = item.edge;
  const path = item.points.map((point, index) => `${index === 0 ? 'M' : 'L'} ${round(point.x)} ${round(point.y)}`).join(' ');
  const parts = [
    `<g class="edge kind-${edge.kind}" data-id="${escapeXml(edge.id)}" data-source="${escapeXml(edge.source)}" data-target="${escapeXml(edge.target)}">`,
    `<title>${escapeXml(edge.label ? `${edge.kind.replace(/_/g, ' ')}: ${edge.label}` : edge.kind.replace(/_/g, ' '))}</title>`,
    `<path d="${path}" marker-end="url(#stamp-arrow)"/>`,
  ];
  if (edge.label && item.label) {
    const box = item.label;
    parts.push(`<rect class="edge-label-box" x="${round(box.x)}" y="${round(box.y)}" width="${round(box.width)}" height="${round(box.height)}" rx="2"/>`);
    parts.push(`<text class="edge-label" x="${round(box.x + box.width / 2)}" y="${round(box.y + box.height - 4)}" text-anchor="middle">${escapeXml(clipLabel(edge.label, 28))}</text>`);
  }
  parts.push('</g>');
  return parts.join('');
}

/** The plain-text tooltip of a node: kind and name, key properties, problems. */
export function tooltipText(node: GraphNode): string {
  const lines = [`${node.kind.replace(/_/g, ' ')} ${node.label}${node.marks.length ? ` (${node.marks.join(', ')})` : ''}`];
  for (const detail of node.details) lines.push(`${detail.label}: ${detail.value}`);
  for (const problem of node.problems) lines.push(`${problem.severity} ${problem.code}: ${problem.message}`);
  return lines.join('\n');
}
