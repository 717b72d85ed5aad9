// The diagram's stylesheet and colours by theme, in a module of its own: the playground installs it without pulling the layout (elkjs) or the renderer.
import type { GraphNodeKind } from '../../../protocol/src/protocol.js';
import { textMetrics } from './text-metrics.js';

/** `vscode` follows the editor's theme through its CSS variables; `light` and `dark` are fixed, for files. */
export type SvgTheme = 'vscode' | 'light' | 'dark';

/** The colour family of each kind: compute, storage, SQL, network, System Center, security. */
export const kindFamily: Record<GraphNodeKind, 'compute' | 'storage' | 'sql' | 'network' | 'management' | 'identity'> = {
  domain: 'identity', san: 'storage', host: 'compute', cluster: 'compute', guest_cluster: 'compute', csv: 'storage', replica_broker: 'compute',
  vm: 'compute', sql: 'sql', availability_group: 'sql', replica: 'sql', listener: 'sql', nlb: 'network', load_balancer: 'network',
  dns_record: 'network', certificate: 'identity', vmm: 'management', spf: 'management', wap: 'management', app: 'management', recovery_plan: 'management',
  recovery_group: 'management', nic: 'network', team: 'network', vswitch: 'network', switch: 'network',
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
.stamp-graph .glyph { fill: none; stroke: #ffffff; stroke-width: 1.4; stroke-linecap: round; stroke-linejoin: round; }
.stamp-graph .collapsed > .frame { stroke-width: 2; stroke-dasharray: none; }
.stamp-graph .collapsed > .stack { fill: ${palette.nodeFill}; stroke: ${palette.border}; stroke-width: 1.2; }
.stamp-graph .legend-title { fill: ${palette.foreground}; font-size: ${textMetrics.labelFontSize}px; font-weight: 600; }
.stamp-graph .legend-text { fill: ${palette.foreground}; font-size: ${textMetrics.sublabelFontSize}px; }
.stamp-graph .legend .frame { fill: ${palette.nodeFill}; }
.stamp-graph .mark { fill: ${palette.background}; stroke: ${palette.foreground}; stroke-width: 0.8; }
.stamp-graph .mark-text { fill: ${palette.foreground}; font-size: ${textMetrics.markFontSize}px; font-weight: 600; }
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
.stamp-graph .problem-badge text { fill: #ffffff; font-size: 11px; font-weight: 700; }
.stamp-graph .node.highlighted > .frame { stroke: ${palette.highlight}; stroke-width: 3; stroke-dasharray: none; }
.stamp-graph .node { cursor: pointer; }
.stamp-graph .file-tag text { fill: ${palette.description}; font-size: 10px; font-style: italic; }
.stamp-graph .title { fill: ${palette.foreground}; font-size: 16px; font-weight: 600; }
.stamp-graph .edge.kind-csv_on path, .stamp-graph .edge.kind-witness path, .stamp-graph .edge.kind-recovers path { stroke-dasharray: 2 3; }`;
}
