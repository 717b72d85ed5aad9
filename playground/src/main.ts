// The Stamp playground: Monaco with the Stamp language server in a web worker, the live topology diagram, the problems,
// the resilience summary, failure simulation, the examples, SVG export and share links. Static files only; nothing leaves the page.
import * as monaco from './monaco.js';
import type { FailablePart, SimulateResult, ViewName } from '../../protocol/src/protocol.js';
import { StampChannel } from './stamp-channel.js';
import { decodeDesign, encodeDesign } from './share.js';
import { svgStylesheet } from '../../server/src/graph/stylesheet.js';
import lab from '../../examples/hypervnu-lab.stamp';
import hoster from '../../examples/hoster-4-server.stamp';
import asr from '../../examples/asr-stamp.stamp';

const examples: Record<string, string> = { 'hypervnu-lab.stamp': lab, 'hoster-4-server.stamp': hoster, 'asr-stamp.stamp': asr };

/** Monaco's own editor worker (text model services); the language server has its own worker. */
(self as unknown as { MonacoEnvironment: monaco.Environment }).MonacoEnvironment = {
  getWorker: () => new Worker('./editor.worker.js', { type: 'module' }),
};

const byId = <T extends HTMLElement>(id: string): T => {
  const element = document.getElementById(id);
  if (!element) throw new Error(`#${id} missing from index.html`);
  return element as T;
};

monaco.languages.register({ id: 'stamp', extensions: ['.stamp'], aliases: ['Stamp'] });
monaco.languages.setLanguageConfiguration('stamp', {
  comments: { lineComment: '//' },
  brackets: [['{', '}']],
  autoClosingPairs: [{ open: '{', close: '}' }, { open: '"', close: '"' }],
});
monaco.languages.setMonarchTokensProvider('stamp', {
  tokenizer: {
    root: [
      [/\/\/.*$/, 'comment'],
      [/"([^"\\]|\\.)*"/, 'string'],
      [/\b\d+(\.\d+)*(GB|MB|TB|Gbps|Mbps)?\b/, 'number'],
      [/^\s*[a-z_]+/, 'keyword'],
      [/[{};,]/, 'delimiter'],
    ],
  },
});

const channel = new StampChannel(new Worker('./server.js'));
// Monaco's LSP client: document sync, diagnostics as markers, hover, completion, code actions, rename, formatting …
new monaco.lsp.MonacoLspClient(channel.transport);

const picker = byId<HTMLSelectElement>('example');
for (const name of Object.keys(examples)) picker.add(new Option(name, name));
const shared = await decodeDesign(location.hash);
if (shared !== undefined) picker.add(new Option('shared design', 'shared'), 0);
const initialName = shared !== undefined ? 'shared' : 'hypervnu-lab.stamp';
picker.value = initialName;

const models = new Map<string, monaco.editor.ITextModel>();
const modelFor = (name: string): monaco.editor.ITextModel => {
  let model = models.get(name);
  if (!model) {
    const text = name === 'shared' ? shared ?? '' : examples[name];
    model = monaco.editor.createModel(text, 'stamp', monaco.Uri.parse(`file:///playground/${name === 'shared' ? 'shared.stamp' : name}`));
    models.set(name, model);
  }
  return model;
};

const editor = monaco.editor.create(byId('editor'), {
  model: modelFor(initialName),
  automaticLayout: true,
  minimap: { enabled: false },
  fontSize: 13,
  lightbulb: { enabled: monaco.editor.ShowLightbulbIconMode.On },
  theme: matchMedia('(prefers-color-scheme: dark)').matches ? 'vs-dark' : 'vs',
});
picker.addEventListener('change', () => {
  editor.setModel(modelFor(picker.value));
  void refresh();
});
(window as unknown as { stampEditor: monaco.editor.IStandaloneCodeEditor; monaco: typeof monaco }).stampEditor = editor;
(window as unknown as { monaco: typeof monaco }).monaco = monaco;

// ── Problems ────────────────────────────────────────────────────────────────────────────────────────────────────
const problems = byId<HTMLOListElement>('problems');
const renderProblems = (): void => {
  const model = editor.getModel();
  if (!model) return;
  const markers = monaco.editor.getModelMarkers({ resource: model.uri }).sort((a, b) => a.startLineNumber - b.startLineNumber || a.startColumn - b.startColumn);
  problems.replaceChildren(...markers.map((marker) => {
    const item = document.createElement('li');
    const severity = marker.severity === monaco.MarkerSeverity.Error ? 'error' : marker.severity === monaco.MarkerSeverity.Warning ? 'warning' : 'info';
    item.className = `problem ${severity}`;
    const code = typeof marker.code === 'object' ? marker.code.value : marker.code ?? '';
    item.textContent = `${marker.startLineNumber}:${marker.startColumn} ${code} ${marker.message}`;
    item.addEventListener('click', () => {
      editor.setPosition({ lineNumber: marker.startLineNumber, column: marker.startColumn });
      editor.revealLineInCenter(marker.startLineNumber);
      editor.focus();
    });
    return item;
  }));
  byId('problem-count').textContent = String(markers.length);
};
monaco.editor.onDidChangeMarkers(renderProblems);

// ── Diagram, resilience and simulation (all computed by the server; the page only shows them) ────────────────────
const diagram = byId('diagram');
// The diagram's stylesheet, as `stamp render` embeds it in a file (the preview webview installs the theme-following one).
const diagramStyle = document.createElement('style');
diagramStyle.textContent = svgStylesheet(matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light');
document.head.append(diagramStyle);
const status = byId('status');
let simulated: string[] = [];

const documentUri = (): string => editor.getModel()!.uri.toString();

async function refresh(): Promise<void> {
  const uri = documentUri();
  const view = byId<HTMLSelectElement>('view').value as ViewName;
  const graph = await channel.request('stamp/graph', { uri, view });
  if (!graph || uri !== documentUri()) return;
  // The SVG is rendered by the server with every name escaped; the page's CSP forbids inline script besides.
  diagram.innerHTML = graph.svg;
  diagram.dataset.version = String(editor.getModel()!.getVersionId());
  status.textContent = `${graph.graph.nodes.length} elements, ${graph.graph.edges.length} relations`;
  await Promise.all([refreshResilience(uri), refreshParts(uri), simulated.length > 0 ? simulate(simulated) : Promise.resolve()]);
}

async function refreshResilience(uri: string): Promise<void> {
  const result = await channel.request('stamp/resilience', { uri });
  const list = byId<HTMLUListElement>('resilience');
  const item = (text: string, className: string, state?: string): HTMLLIElement => {
    const entry = document.createElement('li');
    entry.className = className;
    if (state) entry.dataset.state = state;
    entry.textContent = text;
    return entry;
  };
  list.replaceChildren(
    ...(result?.services ?? []).map((line) => item(`${line.service}: ${line.text}${line.example.length > 0 ? ` (${line.example.join(', ')})` : ''}`, 'service')),
    ...(result?.capacity ?? []).map((line) => item(line.text, 'capacity', line.state)),
    ...(result?.memoryCoverage ? [item(result.memoryCoverage, 'coverage')] : []),
  );
}

async function refreshParts(uri: string): Promise<void> {
  const parts = (await channel.request('stamp/failableParts', { uri })) ?? [];
  const select = byId<HTMLSelectElement>('fail');
  const current = select.value;
  select.replaceChildren(new Option('Simulate failure of…', ''), ...parts.map((part: FailablePart) => new Option(`${part.kind} ${part.name}`, part.id)));
  select.value = parts.some((part) => part.id === current) ? current : '';
}

async function simulate(parts: string[]): Promise<void> {
  simulated = parts;
  const result: SimulateResult | null = parts.length > 0 ? await channel.request('stamp/simulate', { uri: documentUri(), failed: parts }) : null;
  for (const node of Array.from(diagram.querySelectorAll('[data-id]'))) node.removeAttribute('data-state');
  const summary = byId('simulation');
  if (!result) {
    summary.textContent = '';
    return;
  }
  for (const [id, state] of Object.entries(result.elementStates)) {
    diagram.querySelector(`[data-id="${CSS.escape(id)}"]`)?.setAttribute('data-state', String(state));
  }
  summary.textContent = result.summary;
}

byId<HTMLSelectElement>('view').addEventListener('change', () => void refresh());

byId<HTMLSelectElement>('fail').addEventListener('change', (event) => {
  const value = (event.target as HTMLSelectElement).value;
  void simulate(value ? [value] : []);
});

channel.onDidAnalyze((params) => {
  if (params.uri === documentUri()) void refresh();
});

// ── Export (the server lays the view out for a page, as stamp/export does for the editor's preview) ──────────────────
byId('export-svg').addEventListener('click', async () => {
  const uri = documentUri();
  const view = byId<HTMLSelectElement>('view').value as ViewName;
  const page = await channel.request('stamp/export', { uri, view });
  if (!page || uri !== documentUri()) return;
  // Named after the design and the view: hypervnu-lab.services.svg.
  const name = `${decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1)).replace(/\.stamp$/i, '')}.${view}.svg`;
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([page.lightSvg], { type: 'image/svg+xml' }));
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
  status.textContent = `${name}: labels at ${page.points.toFixed(1)} pt on an A4 page (${page.orientation})`;
});

// ── Share links ─────────────────────────────────────────────────────────────────────────────────────────────────
byId('share').addEventListener('click', async () => {
  const link = `${location.origin}${location.pathname}#${await encodeDesign(editor.getValue())}`;
  const field = byId<HTMLInputElement>('share-link');
  field.value = link;
  field.hidden = false;
  field.select();
  await navigator.clipboard?.writeText(link).catch(() => undefined);
});

document.body.dataset.ready = 'true';
editor.focus();
