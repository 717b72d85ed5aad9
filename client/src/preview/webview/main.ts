// The preview webview's script (bundled to dist/preview.js): draws the server's SVG for the chosen view, pans and zooms it, finds nodes, relays clicks and exports.
// It computes no meaning: graphs, views, layouts, states and sentences come from the server. It never builds markup from
// names: the SVG comes escaped from the server and is parsed as XML, and every other text goes in with textContent.
import type { FromWebviewMessage, GraphResult, PreviewWebviewState, ResilienceResult, SimulateResult, ToWebviewMessage, ViewName } from '../../../../protocol/src/protocol.js';

interface VsCodeApi {
  postMessage(message: FromWebviewMessage): void;
  getState(): PreviewWebviewState | undefined;
  setState(state: PreviewWebviewState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

interface ViewBox { x: number; y: number; width: number; height: number }

/** The smallest zoom the preview opens at: labels at their own size (13 px), never shrunk to fit. */
export const minimumInitialScale = 1;
/** How far a small diagram is enlarged to fill the panel when it opens. */
export const maximumInitialScale = 1.5;
/** Above this many elements in the stamp, a minimap shows where the view is. */
export const minimapElementCount = 100;

/**
 * The view box a diagram opens with in a panel: at a readable scale (never below `minimumInitialScale`), the whole
 * diagram centred when it fits, else its top-left part (what does not fit is reached by panning).
 */
export function initialViewBox(content: { width: number; height: number }, panel: { width: number; height: number }): ViewBox {
  const fitScale = Math.min(panel.width / content.width, panel.height / content.height);
  const scale = Math.min(Math.max(fitScale, minimumInitialScale), maximumInitialScale);
  const width = panel.width / scale;
  const height = panel.height / scale;
  return { x: content.width <= width ? (content.width - width) / 2 : 0, y: content.height <= height ? (content.height - height) / 2 : 0, width, height };
}

const element = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

function start(): void {
  const vscode = acquireVsCodeApi();
  const nonce = (document.currentScript as HTMLScriptElement | null)?.nonce;
  const viewport = element<HTMLDivElement>('viewport');
  const tooltip = element<HTMLDivElement>('tooltip');
  const status = element<HTMLDivElement>('status');
  const empty = element<HTMLDivElement>('empty');
  const viewButtons = element<HTMLDivElement>('views');
  const search = element<HTMLInputElement>('search');
  const searchCount = element<HTMLSpanElement>('search-count');
  const minimap = element<HTMLDivElement>('minimap');
  const minimapFrame = element<HTMLDivElement>('minimap-view');
  const themeStyle = document.createElement('style');
  if (nonce) themeStyle.setAttribute('nonce', nonce);
  document.head.appendChild(themeStyle);

  let result: GraphResult | undefined;
  let svgElement: SVGSVGElement | undefined;
  let minimapSvg: SVGSVGElement | undefined;
  let view: ViewBox | undefined;
  let highlightedId: string | undefined;
  const state: PreviewWebviewState = vscode.getState() ?? {};
  /** True once the user zoomed or panned in the current view: updates then keep the view instead of resetting it. */
  let userMovedView = false;
  let simulation: SimulateResult | null = null;
  let resilience: ResilienceResult | null = null;
  const nodesById = new Map<string, GraphResult['graph']['nodes'][number]>();
  const simulationReport = element<HTMLElement>('simulation-report');
  const simulationSummary = element<HTMLDivElement>('simulation-summary');
  const simulationServices = element<HTMLUListElement>('simulation-services');
  const resilienceReport = element<HTMLElement>('resilience-report');
  const resilienceBody = document.querySelector('#resilience-table tbody') as HTMLTableSectionElement;
  const resilienceButton = element<HTMLButtonElement>('toggle-resilience');
  const networkButton = element<HTMLButtonElement>('toggle-network');
  const capacityList = element<HTMLUListElement>('capacity-lines');
  const memoryCoverage = element<HTMLDivElement>('memory-coverage');
  const sidePanels = element<HTMLDivElement>('side-panels');

  const post = (message: FromWebviewMessage) => vscode.postMessage(message);
  const saveState = () => vscode.setState(state);

  function contentBox(): ViewBox {
    const width = Number(svgElement?.getAttribute('width')) || 100;
    const height = Number(svgElement?.getAttribute('height')) || 100;
    return { x: 0, y: 0, width, height };
  }

  function applyView(): void {
    if (!svgElement || !view) return;
    svgElement.setAttribute('viewBox', `${view.x} ${view.y} ${view.width} ${view.height}`);
    updateMinimap();
  }

  /** Screen pixels per diagram unit in the current view. */
  function currentScale(): number {
    const rect = viewport.getBoundingClientRect();
    return view ? Math.min(rect.width / view.width, rect.height / view.height) : 1;
  }

  function resetView(): void {
    if (!svgElement) return;
    const rect = viewport.getBoundingClientRect();
    view = initialViewBox(contentBox(), { width: Math.max(rect.width, 50), height: Math.max(rect.height, 50) });
    applyView();
  }

  /** Shows the whole diagram, however small that makes it (the Fit button). */
  function fit(): void {
    if (!svgElement) return;
    const box = contentBox();
    const rect = viewport.getBoundingClientRect();
    const aspect = rect.width > 0 && rect.height > 0 ? rect.width / rect.height : box.width / box.height;
    let width = box.width;
    let height = box.height;
    if (width / height < aspect) width = height * aspect; else height = width / aspect;
    view = { x: box.x - (width - box.width) / 2, y: box.y - (height - box.height) / 2, width, height };
    applyView();
  }

  function zoom(factor: number, clientX?: number, clientY?: number): void {
    if (!svgElement || !view) return;
    const rect = viewport.getBoundingClientRect();
    const fx = clientX === undefined ? 0.5 : (clientX - rect.left) / rect.width;
    const fy = clientY === undefined ? 0.5 : (clientY - rect.top) / rect.height;
    userMovedView = true;
    const width = Math.min(Math.max(view.width / factor, 50), 50000);
    const height = width * (view.height / view.width);
    view = { x: view.x + (view.width - width) * fx, y: view.y + (view.height - height) * fy, width, height };
    applyView();
  }

  /** Centres the view on a node without changing the zoom. */
  function centreOn(id: string): void {
    const node = nodeElement(id);
    if (!node || !svgElement || !view) return;
    const rect = viewport.getBoundingClientRect();
    const box = node.getBoundingClientRect();
    const scale = currentScale();
    const centreX = view.x + (box.left + box.width / 2 - rect.left) / scale;
    const centreY = view.y + (box.top + box.height / 2 - rect.top) / scale;
    view = { ...view, x: centreX - view.width / 2, y: centreY - view.height / 2 };
    userMovedView = true;
    applyView();
  }

  /** Parses the server's SVG as XML and drops anything active, as a second line of defence after the server's escaping. */
  function parseSvg(markup: string): SVGSVGElement | undefined {
    const parsed = new DOMParser().parseFromString(markup, 'image/svg+xml');
    const root = parsed.documentElement;
    if (!root || root.nodeName !== 'svg' || parsed.getElementsByTagName('parsererror').length > 0) return undefined;
    for (const child of Array.from(root.querySelectorAll('script, foreignObject'))) child.remove();
    for (const item of [root, ...Array.from(root.querySelectorAll('*'))]) {
      for (const attribute of Array.from(item.attributes)) {
        if (/^on/i.test(attribute.name) || /href$/i.test(attribute.name)) item.removeAttribute(attribute.name);
      }
    }
    return document.importNode(root, true) as unknown as SVGSVGElement;
  }

  function showViews(next: GraphResult): void {
    if (viewButtons.childElementCount !== next.views.length) {
      viewButtons.textContent = '';
      for (const info of next.views) {
        const button = document.createElement('button');
        button.className = 'view-button';
        button.setAttribute('role', 'tab');
        button.dataset.view = info.name;
        button.textContent = info.title;
        button.title = info.description;
        button.addEventListener('click', () => switchView(info.name));
        viewButtons.appendChild(button);
      }
    }
    for (const button of Array.from(viewButtons.querySelectorAll('button'))) {
      const selected = button.dataset.view === next.view;
      button.classList.toggle('pressed', selected);
      button.setAttribute('aria-selected', String(selected));
    }
    // The network layer belongs to the topology view; the server says whether it drew it.
    networkButton.hidden = next.view !== 'topology';
    networkButton.setAttribute('aria-pressed', next.network ? 'true' : 'false');
    networkButton.classList.toggle('pressed', Boolean(next.network));
  }

  function switchView(name: ViewName): void {
    if (result?.view === name) return;
    state.view = name;
    saveState();
    status.textContent = 'Drawing the view…';
    post({ type: 'setView', view: name });
  }

  function showResult(next: GraphResult): void {
    const sameView = result?.view === next.view;
    const previous = result;
    result = next;
    state.view = next.view;
    saveState();
    themeStyle.textContent = next.stylesheet;
    showViews(next);
    nodesById.clear();
    for (const node of next.graph.nodes) nodesById.set(node.id, node);
    const parsed = parseSvg(next.svg);
    if (!parsed) {
      status.textContent = 'The diagram could not be drawn.';
      status.className = 'problem';
      return;
    }
    parsed.setAttribute('preserveAspectRatio', 'xMidYMid meet');
    if (svgElement) svgElement.replaceWith(parsed); else viewport.insertBefore(parsed, viewport.firstChild);
    svgElement = parsed;
    empty.style.display = next.graph.nodes.length === 0 ? 'block' : 'none';
    empty.textContent = next.view === 'replication' ? 'No replication in this stamp: declare `replication VM to TARGET`.' : 'Nothing to draw yet: declare hosts, clusters or VMs.';
    const problems = next.graph.nodes.reduce((sum, node) => sum + node.problems.length, 0) + next.graph.unattachedProblems.length;
    const elsewhere = next.graph.problemsElsewhere ? ` (${next.graph.problemsElsewhere} more on elements other views show)` : '';
    status.textContent = `${next.graph.nodes.length} elements, ${next.graph.edges.length} relations${problems ? `, ${problems} problem${problems === 1 ? '' : 's'}` : ''}${elsewhere}${next.graph.overview ? ' · overview: click a container to open it' : ''}`;
    const errors = next.graph.nodes.some((node) => node.severity === 'error') || next.graph.unattachedProblems.some((problem) => problem.severity === 'error');
    status.className = errors ? 'problem' : '';
    if (!sameView || !view) {
      userMovedView = false;
      resetView();
    } else if (userMovedView && previous) {
      // The server may have shifted the drawing's origin to keep nodes in place: follow it, so nothing jumps on screen.
      view = { ...view, x: view.x + (previous.originX - next.originX), y: view.y + (previous.originY - next.originY) };
      applyView();
    } else {
      resetView();
    }
    buildMinimap();
    if (highlightedId) highlight(highlightedId);
    applySimulation();
    runSearch(false);
  }

  /** Marks every node with the state the server computed; a node the simulation does not follow keeps no state. */
  function applySimulation(): void {
    if (!svgElement) return;
    const states = simulation ? simulation.elementStates : {};
    const failed = new Set(simulation ? simulation.failed : []);
    svgElement.classList.toggle('simulating', Boolean(simulation));
    for (const node of Array.from(svgElement.querySelectorAll('g.node'))) {
      const id = node.getAttribute('data-id') ?? '';
      const nodeState = simulation && Object.prototype.hasOwnProperty.call(states, id) ? states[id] : undefined;
      if (nodeState) node.setAttribute('data-state', String(nodeState)); else node.removeAttribute('data-state');
      if (failed.has(id)) node.setAttribute('data-failed', 'true'); else node.removeAttribute('data-failed');
      const noRoom = simulation && Object.prototype.hasOwnProperty.call(simulation.noRoom ?? {}, id) ? simulation.noRoom[id] : undefined;
      markNoRoom(node, noRoom);
      const bar = node.querySelector(':scope > g.memory-bar');
      const memory = simulation && Object.prototype.hasOwnProperty.call(simulation.hostMemory ?? {}, id) ? simulation.hostMemory[id] : undefined;
      if (bar) redrawMemoryBar(bar, memory);
    }
  }

  /** Marks a VM that found no room (the server's reason goes in its tooltip and a "no room" tag), or removes the mark. */
  function markNoRoom(node: Element, reason: string | undefined): void {
    node.querySelector(':scope > text.no-room')?.remove();
    const sublabel = node.querySelector(':scope > text.sublabel') as SVGTextElement | null;
    sublabel?.removeAttribute('data-covered');
    if (!reason) {
      node.removeAttribute('data-no-room');
      return;
    }
    node.setAttribute('data-no-room', 'true');
    const frame = node.querySelector(':scope > rect.frame');
    const width = Number(frame?.getAttribute('width') ?? 0);
    const tag = document.createElementNS('http://www.w3.org/2000/svg', 'text');
    tag.setAttribute('class', 'no-room');
    tag.textContent = 'no room';
    node.appendChild(tag);
    if (sublabel) {
      // On the sublabel's line ("20 GB"): after it when both fit in the box, else in its place (the tooltip keeps the
      // figure). A tag in a corner of a small box was drawn over the sublabel.
      const x = Number(sublabel.getAttribute('x') ?? 0);
      const after = x + sublabel.getComputedTextLength() + 6;
      tag.setAttribute('y', sublabel.getAttribute('y') ?? '0');
      if (after + tag.getComputedTextLength() <= width - 4) {
        tag.setAttribute('x', String(after));
      } else {
        tag.setAttribute('x', String(x));
        sublabel.setAttribute('data-covered', 'true');
      }
    } else {
      tag.setAttribute('x', String(width - 6));
      tag.setAttribute('y', String(Number(frame?.getAttribute('height') ?? 0) - 5));
      tag.setAttribute('text-anchor', 'end');
    }
  }

  /**
   * Fills a host's memory bar with its use under the simulation (the share, colour state and tooltip come from the
   * server), or puts back what the diagram drew with nothing failed.
   */
  function redrawMemoryBar(bar: Element, memory: SimulateResult['hostMemory'][string] | undefined): void {
    const used = bar.querySelector('rect.memory-used');
    const track = bar.querySelector('rect.memory-track');
    const title = bar.querySelector('title');
    if (!used || !track) return;
    if (!bar.hasAttribute('data-normal-width')) {
      bar.setAttribute('data-normal-width', used.getAttribute('width') ?? '0');
      bar.setAttribute('data-normal-class', bar.getAttribute('class') ?? '');
      bar.setAttribute('data-normal-fill', used.getAttribute('fill') ?? '');
      bar.setAttribute('data-normal-used-gb', bar.getAttribute('data-used-gb') ?? '');
      bar.setAttribute('data-normal-title', title?.textContent ?? '');
    }
    if (!memory) {
      used.setAttribute('width', bar.getAttribute('data-normal-width') ?? '0');
      bar.setAttribute('class', bar.getAttribute('data-normal-class') ?? 'memory-bar');
      used.setAttribute('fill', bar.getAttribute('data-normal-fill') ?? '');
      bar.setAttribute('data-used-gb', bar.getAttribute('data-normal-used-gb') ?? '');
      bar.removeAttribute('data-simulated');
      if (title) title.textContent = bar.getAttribute('data-normal-title') ?? '';
      return;
    }
    const trackWidth = Number(track.getAttribute('width') ?? 0);
    used.setAttribute('width', String(Math.round(trackWidth * memory.share * 100) / 100));
    bar.setAttribute('class', `memory-bar memory-${memory.overcommitted ? 'overcommitted' : 'fits'}${memory.failed ? ' memory-failed' : ''}`);
    used.setAttribute('fill', memory.overcommitted ? '#e51400' : '#3794ff');
    bar.setAttribute('data-used-gb', String(memory.usedGB));
    bar.setAttribute('data-simulated', 'true');
    if (title) title.textContent = memory.title;
  }

  /** A list line that reveals its element when clicked; every text goes in with textContent. */
  function revealable(item: HTMLElement, nodeId: string | undefined): void {
    if (!nodeId) return;
    item.classList.add('revealable');
    item.title = 'Show in the editor';
    item.addEventListener('click', () => {
      highlight(nodeId);
      post({ type: 'reveal', id: nodeId });
    });
  }

  function showSimulationReport(): void {
    simulationReport.hidden = !simulation;
    simulationServices.textContent = '';
    updateSidePanels();
    if (!simulation) return;
    simulationSummary.textContent = simulation.summary;
    for (const service of simulation.services) {
      const item = document.createElement('li');
      item.className = 'service';
      item.setAttribute('data-state', String(service.state));
      const stateText = document.createElement('span');
      stateText.className = 'state';
      stateText.textContent = String(service.state);
      const label = document.createElement('span');
      label.className = 'service-label';
      label.textContent = String(service.label);
      item.append(stateText, label);
      if (service.why) {
        const why = document.createElement('div');
        why.className = 'why';
        why.textContent = String(service.why);
        item.appendChild(why);
      }
      revealable(item, service.nodeId);
      simulationServices.appendChild(item);
    }
    if (simulation.unknown && simulation.unknown.length > 0) {
      const item = document.createElement('li');
      item.className = 'unknown';
      item.textContent = `No longer in the stamp: ${simulation.unknown.join(', ')}`;
      simulationServices.appendChild(item);
    }
  }

  function showResilienceReport(): void {
    resilienceReport.hidden = !resilience;
    resilienceButton.setAttribute('aria-pressed', resilience ? 'true' : 'false');
    resilienceButton.classList.toggle('pressed', Boolean(resilience));
    resilienceBody.textContent = '';
    capacityList.textContent = '';
    memoryCoverage.textContent = '';
    updateSidePanels();
    if (!resilience) return;
    for (const line of resilience.capacity) {
      const item = document.createElement('li');
      item.setAttribute('data-state', line.state);
      item.textContent = line.text;
      revealable(item, line.nodeId);
      capacityList.appendChild(item);
    }
    memoryCoverage.textContent = resilience.memoryCoverage ?? '';
    for (const line of resilience.services) {
      const row = document.createElement('tr');
      row.setAttribute('data-minimum', line.minimumFailures === null ? 'none' : String(line.minimumFailures));
      for (const text of [line.service, line.text, line.example.join(', ')]) {
        const cell = document.createElement('td');
        cell.textContent = String(text);
        row.appendChild(cell);
      }
      revealable(row, line.nodeId);
      resilienceBody.appendChild(row);
    }
  }

  /** The side column takes its room from the diagram's area (it never lies over it); the diagram keeps its zoom. */
  function updateSidePanels(): void {
    const open = !simulationReport.hidden || !resilienceReport.hidden;
    if (sidePanels.hidden === !open) return;
    sidePanels.hidden = !open;
    if (view) {
      const rect = viewport.getBoundingClientRect();
      const scale = currentScale();
      requestAnimationFrame(() => {
        const next = viewport.getBoundingClientRect();
        if (!view || next.width === rect.width && next.height === rect.height) return;
        view = { ...view, width: next.width / scale, height: next.height / scale };
        applyView();
      });
    }
  }

  function nodeElement(id: string): SVGGElement | undefined {
    if (!svgElement) return undefined;
    return Array.from(svgElement.querySelectorAll<SVGGElement>('g.node')).find((candidate) => candidate.getAttribute('data-id') === id);
  }

  function nodeElementAt(target: EventTarget | null): SVGGElement | undefined {
    const found = target instanceof Element ? target.closest('g.node') : null;
    return found && svgElement && svgElement.contains(found) ? found as SVGGElement : undefined;
  }

  /** Highlights a node, or the node that stands for it in this view (its collapsed container, the VM of a SQL instance). */
  function highlight(id: string | undefined): void {
    highlightedId = id;
    if (!svgElement) return;
    for (const node of Array.from(svgElement.querySelectorAll('g.node.highlighted'))) node.classList.remove('highlighted');
    if (!id) return;
    const shown = nodesById.has(id) ? id : result?.graph.shownAs[id];
    if (shown) nodeElement(shown)?.classList.add('highlighted');
  }

  function showTooltip(node: GraphResult['graph']['nodes'][number], clientX: number, clientY: number): void {
    tooltip.textContent = '';
    const title = document.createElement('div');
    title.className = 'tooltip-title';
    title.textContent = `${node.kind.replace(/_/g, ' ')} ${node.label}${node.marks.length ? ` (${node.marks.join(', ')})` : ''}`;
    tooltip.appendChild(title);
    for (const detail of node.details) {
      const line = document.createElement('div');
      line.textContent = `${detail.label}: ${detail.value}`;
      tooltip.appendChild(line);
    }
    if (node.collapsed) {
      const line = document.createElement('div');
      line.className = 'tooltip-state';
      line.textContent = `${node.collapsed.hidden} elements inside: click to open`;
      tooltip.appendChild(line);
    }
    const simulatedState = simulation && Object.prototype.hasOwnProperty.call(simulation.elementStates, node.id) ? simulation.elementStates[node.id] : undefined;
    if (simulation && simulatedState) {
      const line = document.createElement('div');
      line.className = 'tooltip-state';
      line.textContent = `Simulation: ${simulation.failed.includes(node.id) ? 'failed' : simulatedState}`;
      tooltip.appendChild(line);
      const noRoom = Object.prototype.hasOwnProperty.call(simulation.noRoom ?? {}, node.id) ? simulation.noRoom[node.id] : undefined;
      const memory = Object.prototype.hasOwnProperty.call(simulation.hostMemory ?? {}, node.id) ? simulation.hostMemory[node.id] : undefined;
      for (const text of [noRoom, memory?.title]) {
        if (!text) continue;
        const extra = document.createElement('div');
        extra.className = 'tooltip-state';
        extra.textContent = text;
        tooltip.appendChild(extra);
      }
    }
    for (const problem of node.problems) {
      const line = document.createElement('div');
      line.className = `tooltip-problem-${problem.severity}`;
      line.textContent = `${problem.severity} ${problem.code}: ${problem.message}`;
      tooltip.appendChild(line);
    }
    tooltip.style.display = 'block';
    const rect = viewport.getBoundingClientRect();
    const x = clientX - rect.left;
    const y = clientY - rect.top;
    const left = Math.min(x + 14, rect.width - tooltip.offsetWidth - 8);
    const top = y + 16 + tooltip.offsetHeight > rect.height ? y - tooltip.offsetHeight - 10 : y + 16;
    tooltip.style.left = `${Math.max(4, left)}px`;
    tooltip.style.top = `${Math.max(4, top)}px`;
  }

  // Find: matches element names (drawn here or standing behind a drawn node); Enter jumps to the next one.
  let matches: string[] = [];
  let matchIndex = -1;
  function runSearch(jump: boolean): void {
    const query = search.value.trim().toLowerCase();
    for (const node of Array.from(svgElement?.querySelectorAll('g.node.match') ?? [])) node.classList.remove('match');
    if (!query || !result) {
      matches = [];
      searchCount.textContent = '';
      return;
    }
    const graph = result.graph;
    const found = new Set<string>();
    for (const item of graph.elements) {
      if (!item.label.toLowerCase().includes(query)) continue;
      const shown = nodesById.has(item.id) ? item.id : graph.shownAs[item.id];
      if (shown) found.add(item.id);
    }
    matches = [...found];
    for (const id of matches) nodeElement(nodesById.has(id) ? id : graph.shownAs[id])?.classList.add('match');
    if (matches.length === 0) {
      searchCount.textContent = graph.elements.some((item) => item.label.toLowerCase().includes(query)) ? 'not in this view' : 'no match';
      return;
    }
    if (jump) {
      matchIndex = (matchIndex + 1) % matches.length;
      const id = matches[matchIndex];
      const shown = nodesById.has(id) ? id : graph.shownAs[id];
      highlight(id);
      centreOn(shown);
    } else if (matchIndex >= matches.length) {
      matchIndex = -1;
    }
    searchCount.textContent = `${matchIndex >= 0 ? matchIndex + 1 : 0}/${matches.length}`;
  }
  search.addEventListener('input', () => {
    matchIndex = -1;
    runSearch(false);
  });
  search.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      runSearch(true);
    } else if (event.key === 'Escape') {
      search.value = '';
      runSearch(false);
    }
  });

  // The minimap: the whole diagram small, with a frame for the part in view; pressing on it moves the view there.
  function buildMinimap(): void {
    const wanted = Boolean(result && svgElement && result.graph.elements.length > minimapElementCount && result.graph.nodes.length > 0);
    minimap.hidden = !wanted;
    minimapSvg?.remove();
    minimapSvg = undefined;
    if (!wanted || !svgElement) return;
    minimapSvg = svgElement.cloneNode(true) as SVGSVGElement;
    const box = contentBox();
    minimapSvg.setAttribute('viewBox', `0 0 ${box.width} ${box.height}`);
    minimapSvg.removeAttribute('width');
    minimapSvg.removeAttribute('height');
    minimap.insertBefore(minimapSvg, minimapFrame);
    updateMinimap();
  }
  function minimapScale(): { scale: number; offsetX: number; offsetY: number } {
    const rect = minimap.getBoundingClientRect();
    const box = contentBox();
    const scale = Math.min(rect.width / box.width, rect.height / box.height);
    return { scale, offsetX: (rect.width - box.width * scale) / 2, offsetY: (rect.height - box.height * scale) / 2 };
  }
  function updateMinimap(): void {
    if (minimap.hidden || !view) return;
    const { scale, offsetX, offsetY } = minimapScale();
    minimapFrame.style.left = `${offsetX + view.x * scale}px`;
    minimapFrame.style.top = `${offsetY + view.y * scale}px`;
    minimapFrame.style.width = `${view.width * scale}px`;
    minimapFrame.style.height = `${view.height * scale}px`;
  }
  function moveToMinimapPoint(event: MouseEvent): void {
    if (!view) return;
    const rect = minimap.getBoundingClientRect();
    const { scale, offsetX, offsetY } = minimapScale();
    const x = (event.clientX - rect.left - offsetX) / scale;
    const y = (event.clientY - rect.top - offsetY) / scale;
    view = { ...view, x: x - view.width / 2, y: y - view.height / 2 };
    userMovedView = true;
    applyView();
  }
  let minimapDrag = false;
  minimap.addEventListener('mousedown', (event) => {
    event.stopPropagation();
    minimapDrag = true;
    moveToMinimapPoint(event);
  });

  // Pan by dragging; a press and release without movement is a click.
  let drag: { x: number; y: number; view: ViewBox; moved: boolean } | undefined;
  viewport.addEventListener('mousedown', (event) => {
    if (event.button !== 0 || !view) return;
    drag = { x: event.clientX, y: event.clientY, view: { ...view }, moved: false };
  });
  window.addEventListener('mousemove', (event) => {
    if (minimapDrag) {
      moveToMinimapPoint(event);
      return;
    }
    if (drag) {
      const dx = event.clientX - drag.x;
      const dy = event.clientY - drag.y;
      if (Math.abs(dx) + Math.abs(dy) > 4) drag.moved = true;
      if (drag.moved) {
        viewport.classList.add('dragging');
        userMovedView = true;
        tooltip.style.display = 'none';
        const rect = viewport.getBoundingClientRect();
        const scale = Math.max(drag.view.width / rect.width, drag.view.height / rect.height);
        view = { ...drag.view, x: drag.view.x - dx * scale, y: drag.view.y - dy * scale };
        applyView();
      }
      return;
    }
    const target = nodeElementAt(event.target);
    const node = target && nodesById.get(target.getAttribute('data-id') ?? '');
    if (node) showTooltip(node, event.clientX, event.clientY); else tooltip.style.display = 'none';
  });
  window.addEventListener('mouseup', (event) => {
    if (minimapDrag) {
      minimapDrag = false;
      return;
    }
    const wasDrag = drag?.moved;
    const pressed = drag !== undefined;
    drag = undefined;
    viewport.classList.remove('dragging');
    if (wasDrag || !pressed) return;
    const target = nodeElementAt(event.target);
    if (!target) return;
    const id = target.getAttribute('data-id') ?? '';
    highlight(id);
    post({ type: 'reveal', id });
    if (target.getAttribute('data-collapsed') === 'true' && result) {
      status.textContent = 'Opening…';
      state.expanded = { ...state.expanded, [result.view]: [...(state.expanded?.[result.view] ?? []), id] };
      saveState();
      post({ type: 'expand', id });
    }
  });
  viewport.addEventListener('mouseleave', () => { tooltip.style.display = 'none'; });
  viewport.addEventListener('wheel', (event) => {
    event.preventDefault();
    zoom(event.deltaY < 0 ? 1.15 : 1 / 1.15, event.clientX, event.clientY);
  }, { passive: false });
  window.addEventListener('resize', () => {
    if (!userMovedView) resetView();
    else applyView();
  });

  element('zoom-in').addEventListener('click', () => zoom(1.25));
  element('zoom-out').addEventListener('click', () => zoom(1 / 1.25));
  element('fit').addEventListener('click', () => { userMovedView = true; fit(); });
  element('tidy').addEventListener('click', () => post({ type: 'tidy' }));
  element('export-svg').addEventListener('click', () => post({ type: 'exportClicked', format: 'svg' }));
  element('export-png').addEventListener('click', () => post({ type: 'exportClicked', format: 'png' }));
  resilienceButton.addEventListener('click', () => post({ type: 'toggleResilience' }));
  networkButton.addEventListener('click', () => {
    state.network = networkButton.getAttribute('aria-pressed') !== 'true';
    saveState();
    status.textContent = state.network ? 'Drawing the network layer…' : 'Hiding the network layer…';
    post({ type: 'toggleNetwork' });
  });
  element('close-resilience').addEventListener('click', () => post({ type: 'toggleResilience' }));
  element('clear-simulation').addEventListener('click', () => post({ type: 'clearSimulation' }));
  // A panel's title folds it to one line; the diagram gets the room back.
  for (const header of Array.from(document.querySelectorAll<HTMLElement>('#side-panels .panel-title'))) {
    header.addEventListener('click', () => {
      const section = header.closest('section');
      if (!section) return;
      const folded = section.classList.toggle('folded');
      header.setAttribute('aria-expanded', String(!folded));
    });
  }

  /** The standalone SVG to export: the light document, or the current theme with its colours resolved. */
  function exportSvgText(theme: 'light' | 'current', page: { exportSvg?: string; lightSvg?: string }): string {
    if (!result) throw new Error('nothing to export yet');
    if (theme === 'light') return page.lightSvg ?? result.lightSvg;
    const computed = getComputedStyle(document.documentElement);
    const resolve = (css: string): string => css.replace(/var\((--[\w-]+)\s*,?\s*((?:[^()]|\([^()]*\))*)\)/g, (_whole, name: string, fallback: string) => computed.getPropertyValue(name).trim() || resolve(fallback.trim()) || 'currentColor');
    const style = resolve(result.stylesheet);
    return (page.exportSvg ?? result.exportSvg).replace(/^<svg([^>]*)>/, (open) => `${open}\n<style>${style.replace(/</g, '')}</style>`);
  }

  function exportPng(svgText: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const image = new Image();
      image.onload = () => {
        const scale = 2;
        const canvas = document.createElement('canvas');
        canvas.width = Math.ceil(image.width * scale);
        canvas.height = Math.ceil(image.height * scale);
        const context = canvas.getContext('2d');
        if (!context) return reject(new Error('no canvas to draw on'));
        context.scale(scale, scale);
        context.drawImage(image, 0, 0);
        resolve(canvas.toDataURL('image/png').replace(/^data:image\/png;base64,/, ''));
      };
      image.onerror = () => reject(new Error('the SVG could not be rasterized'));
      image.src = `data:image/svg+xml;base64,${btoa(unescape(encodeURIComponent(svgText)))}`;
    });
  }

  window.addEventListener('message', async (event: MessageEvent<ToWebviewMessage>) => {
    const message = event.data;
    if (!message || typeof message !== 'object') return;
    switch (message.type) {
      case 'graph':
        state.uri = message.uri;
        showResult(message.result);
        break;
      case 'failureAnalysis':
        simulation = message.simulation ?? null;
        resilience = message.resilience && Array.isArray(message.resilience.services) ? message.resilience : null;
        applySimulation();
        showSimulationReport();
        showResilienceReport();
        break;
      case 'highlight':
        highlight(message.id);
        break;
      case 'error':
        status.textContent = message.message;
        status.className = 'problem';
        break;
      case 'export':
        if (!result) return;
        try {
          const svgText = exportSvgText(message.theme, { exportSvg: typeof message.exportSvg === 'string' ? message.exportSvg : undefined, lightSvg: typeof message.lightSvg === 'string' ? message.lightSvg : undefined });
          if (message.format === 'svg') post({ type: 'exportData', format: 'svg', theme: message.theme, text: svgText });
          else post({ type: 'exportData', format: 'png', theme: message.theme, base64: await exportPng(svgText) });
        } catch (error) {
          post({ type: 'exportFailed', message: String((error as Error)?.message ?? error) });
        }
        break;
    }
  });
  post({ type: 'ready', view: state.view, expanded: state.view ? state.expanded?.[state.view] : undefined, network: state.network });
}

if (typeof document !== 'undefined' && typeof acquireVsCodeApi === 'function') start();
