// The topology preview's webview script: shows the server's SVG, pans and zooms it, shows tooltips, relays clicks and exports.
// It never builds markup from names: the SVG comes escaped from the server, and tooltips are filled with textContent.
(function () {
  'use strict';
  const vscode = acquireVsCodeApi();
  const nonce = document.currentScript && document.currentScript.nonce;
  const viewport = document.getElementById('viewport');
  const tooltip = document.getElementById('tooltip');
  const status = document.getElementById('status');
  const empty = document.getElementById('empty');
  const themeStyle = document.createElement('style');
  if (nonce) themeStyle.setAttribute('nonce', nonce);
  document.head.appendChild(themeStyle);

  /** The last result of `stamp/graph`, the drawn SVG element, and the view box (pan and zoom). */
  let result = undefined;
  let svgElement = undefined;
  let view = undefined;
  let highlightedId = undefined;
  const state = vscode.getState() || {};
  /** True once the user zoomed or panned: updates then keep the view instead of fitting the new diagram. */
  let userMovedView = Boolean(state.userMovedView);
  const nodesById = new Map();
  /** The server's failure simulation (states and sentences) and resilience summary, or null when off. */
  let simulation = null;
  let resilience = null;
  const simulationReport = document.getElementById('simulation-report');
  const simulationSummary = document.getElementById('simulation-summary');
  const simulationServices = document.getElementById('simulation-services');
  const resilienceReport = document.getElementById('resilience-report');
  const resilienceBody = document.querySelector('#resilience-table tbody');
  const resilienceButton = document.getElementById('toggle-resilience');

  function contentBox() {
    const width = Number(svgElement.getAttribute('width')) || 100;
    const height = Number(svgElement.getAttribute('height')) || 100;
    return { x: 0, y: 0, width, height };
  }

  function applyView() {
    if (!svgElement || !view) return;
    svgElement.setAttribute('viewBox', `${view.x} ${view.y} ${view.width} ${view.height}`);
    vscode.setState({ uri: state.uri, view, userMovedView });
  }

  /** Shows the whole diagram, keeping its proportions. */
  function fit() {
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

  function zoom(factor, clientX, clientY) {
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

  /** Parses the server's SVG as XML and drops anything active, as a second line of defence after the server's escaping. */
  function parseSvg(markup) {
    const documentParsed = new DOMParser().parseFromString(markup, 'image/svg+xml');
    const root = documentParsed.documentElement;
    if (!root || root.nodeName !== 'svg' || documentParsed.getElementsByTagName('parsererror').length > 0) return undefined;
    for (const element of Array.from(root.querySelectorAll('script, foreignObject'))) element.remove();
    for (const element of [root, ...Array.from(root.querySelectorAll('*'))]) {
      for (const attribute of Array.from(element.attributes)) {
        if (/^on/i.test(attribute.name) || /href$/i.test(attribute.name)) element.removeAttribute(attribute.name);
      }
    }
    return document.importNode(root, true);
  }

  function showResult(next) {
    const firstTime = !result;
    const previousSize = svgElement ? contentBox() : undefined;
    result = next;
    themeStyle.textContent = next.stylesheet;
    nodesById.clear();
    for (const node of next.graph.nodes) nodesById.set(node.id, node);
    const parsed = parseSvg(next.svg);
    if (!parsed) {
      status.textContent = 'The diagram could not be drawn.';
      status.className = 'problem';
      return;
    }
    parsed.setAttribute('preserveAspectRatio', 'xMidYMid meet');
    if (svgElement) svgElement.replaceWith(parsed); else viewport.appendChild(parsed);
    svgElement = parsed;
    empty.style.display = next.graph.nodes.length === 0 ? 'block' : 'none';
    const problems = next.graph.nodes.reduce((sum, node) => sum + node.problems.length, 0) + next.graph.unattachedProblems.length;
    status.textContent = `${next.graph.nodes.length} elements, ${next.graph.edges.length} relations${problems ? `, ${problems} problem${problems === 1 ? '' : 's'}` : ''}`;
    const errors = next.graph.nodes.some((node) => node.severity === 'error') || next.graph.unattachedProblems.some((problem) => problem.severity === 'error');
    status.className = errors ? 'problem' : '';
    // Keep the user's pan and zoom across edits and reloads; otherwise fit the new diagram.
    if (firstTime && state.view && userMovedView) { view = state.view; applyView(); }
    else if (!userMovedView || !view) fit();
    else if (previousSize) applyView();
    if (highlightedId) highlight(highlightedId);
    applySimulation();
  }

  /** Marks every node with the state the server computed; a node the simulation does not follow keeps no state. */
  function applySimulation() {
    if (!svgElement) return;
    const states = simulation ? simulation.elementStates : {};
    const failed = new Set(simulation ? simulation.failed : []);
    svgElement.classList.toggle('simulating', Boolean(simulation));
    for (const element of Array.from(svgElement.querySelectorAll('g.node'))) {
      const id = element.getAttribute('data-id');
      const nodeState = simulation && Object.prototype.hasOwnProperty.call(states, id) ? states[id] : undefined;
      if (nodeState) element.setAttribute('data-state', String(nodeState)); else element.removeAttribute('data-state');
      if (failed.has(id)) element.setAttribute('data-failed', 'true'); else element.removeAttribute('data-failed');
      // A VM that found no room on the surviving nodes (the server's placement says why).
      if (simulation && simulation.noRoom && Object.prototype.hasOwnProperty.call(simulation.noRoom, id)) element.setAttribute('data-no-room', 'true'); else element.removeAttribute('data-no-room');
    }
  }

  /** A list line that reveals its element when clicked; every text goes in with textContent. */
  function revealable(element, nodeId) {
    if (!nodeId) return;
    element.classList.add('revealable');
    element.title = 'Show in the editor';
    element.addEventListener('click', () => {
      highlight(nodeId);
      vscode.postMessage({ type: 'reveal', id: nodeId });
    });
  }

  function showSimulationReport() {
    simulationReport.hidden = !simulation;
    simulationServices.textContent = '';
    if (!simulation) return;
    simulationSummary.textContent = simulation.summary;
    for (const service of simulation.services) {
      const item = document.createElement('li');
      item.className = 'service';
      item.setAttribute('data-state', String(service.state));
      const state = document.createElement('span');
      state.className = 'state';
      state.textContent = String(service.state);
      const label = document.createElement('span');
      label.className = 'service-label';
      label.textContent = String(service.label);
      item.append(state, label);
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

  function showResilienceReport() {
    resilienceReport.hidden = !resilience;
    resilienceButton.setAttribute('aria-pressed', resilience ? 'true' : 'false');
    resilienceButton.classList.toggle('pressed', Boolean(resilience));
    resilienceBody.textContent = '';
    if (!resilience) return;
    for (const line of resilience) {
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

  function nodeElementAt(target) {
    const element = target && target.closest ? target.closest('g.node') : undefined;
    return element && svgElement && svgElement.contains(element) ? element : undefined;
  }

  function highlight(id) {
    highlightedId = id;
    if (!svgElement) return;
    for (const element of Array.from(svgElement.querySelectorAll('g.node.highlighted'))) element.classList.remove('highlighted');
    if (!id) return;
    const element = Array.from(svgElement.querySelectorAll('g.node')).find((candidate) => candidate.getAttribute('data-id') === id);
    if (element) element.classList.add('highlighted');
  }

  function showTooltip(node, clientX, clientY) {
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
    const simulatedState = simulation && Object.prototype.hasOwnProperty.call(simulation.elementStates, node.id) ? simulation.elementStates[node.id] : undefined;
    if (simulatedState) {
      const line = document.createElement('div');
      line.className = 'tooltip-state';
      line.textContent = `Simulation: ${simulation.failed.includes(node.id) ? 'failed' : simulatedState}`;
      tooltip.appendChild(line);
      const noRoom = simulation.noRoom && Object.prototype.hasOwnProperty.call(simulation.noRoom, node.id) ? simulation.noRoom[node.id] : undefined;
      if (noRoom) {
        const reason = document.createElement('div');
        reason.className = 'tooltip-state';
        reason.textContent = noRoom;
        tooltip.appendChild(reason);
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
    const left = Math.min(clientX + 14, rect.width - tooltip.offsetWidth - 8);
    const top = clientY + 16 + tooltip.offsetHeight > rect.height ? clientY - tooltip.offsetHeight - 10 : clientY + 16;
    tooltip.style.left = `${Math.max(4, left)}px`;
    tooltip.style.top = `${Math.max(4, top)}px`;
  }

  // Pan by dragging; a press and release without movement is a click.
  let drag = undefined;
  viewport.addEventListener('mousedown', (event) => {
    if (event.button !== 0 || !view) return;
    drag = { x: event.clientX, y: event.clientY, view: { ...view }, moved: false };
  });
  window.addEventListener('mousemove', (event) => {
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
    const element = nodeElementAt(event.target);
    const node = element && nodesById.get(element.getAttribute('data-id'));
    if (node) showTooltip(node, event.clientX, event.clientY); else tooltip.style.display = 'none';
  });
  window.addEventListener('mouseup', (event) => {
    const wasDrag = drag && drag.moved;
    drag = undefined;
    viewport.classList.remove('dragging');
    if (wasDrag) return;
    const element = nodeElementAt(event.target);
    if (element) {
      const id = element.getAttribute('data-id');
      highlight(id);
      vscode.postMessage({ type: 'reveal', id });
    }
  });
  viewport.addEventListener('mouseleave', () => { tooltip.style.display = 'none'; });
  viewport.addEventListener('wheel', (event) => {
    event.preventDefault();
    zoom(event.deltaY < 0 ? 1.15 : 1 / 1.15, event.clientX, event.clientY);
  }, { passive: false });
  window.addEventListener('resize', () => { if (!userMovedView) fit(); else if (view) applyView(); });

  document.getElementById('zoom-in').addEventListener('click', () => zoom(1.25));
  document.getElementById('zoom-out').addEventListener('click', () => zoom(1 / 1.25));
  document.getElementById('fit').addEventListener('click', () => { userMovedView = false; fit(); });
  document.getElementById('export-svg').addEventListener('click', () => vscode.postMessage({ type: 'exportClicked', format: 'svg' }));
  document.getElementById('export-png').addEventListener('click', () => vscode.postMessage({ type: 'exportClicked', format: 'png' }));
  resilienceButton.addEventListener('click', () => vscode.postMessage({ type: 'toggleResilience' }));
  document.getElementById('close-resilience').addEventListener('click', () => vscode.postMessage({ type: 'toggleResilience' }));
  document.getElementById('clear-simulation').addEventListener('click', () => vscode.postMessage({ type: 'clearSimulation' }));
  // The side panels are not part of the diagram: pressing on them neither pans nor clicks a node.
  document.getElementById('side-panels').addEventListener('mousedown', (event) => event.stopPropagation());

  /** The standalone SVG to export: the light document, or the current theme with its colours resolved. */
  function exportSvgText(theme) {
    if (theme === 'light') return result.lightSvg;
    const computed = getComputedStyle(document.documentElement);
    const resolve = (css) => css.replace(/var\((--[\w-]+)\s*,?\s*((?:[^()]|\([^()]*\))*)\)/g, (whole, name, fallback) => computed.getPropertyValue(name).trim() || resolve(fallback.trim()) || 'currentColor');
    const style = resolve(result.stylesheet);
    return result.svg.replace(/^<svg([^>]*)>/, (open) => `${open}\n<style>${style.replace(/</g, '')}</style>`);
  }

  function exportPng(svgText) {
    return new Promise((resolve, reject) => {
      const image = new Image();
      image.onload = () => {
        const scale = 2;
        const canvas = document.createElement('canvas');
        canvas.width = Math.ceil(image.width * scale);
        canvas.height = Math.ceil(image.height * scale);
        const context = canvas.getContext('2d');
        context.scale(scale, scale);
        context.drawImage(image, 0, 0);
        resolve(canvas.toDataURL('image/png').replace(/^data:image\/png;base64,/, ''));
      };
      image.onerror = () => reject(new Error('the SVG could not be rasterized'));
      image.src = `data:image/svg+xml;base64,${btoa(unescape(encodeURIComponent(svgText)))}`;
    });
  }

  window.addEventListener('message', async (event) => {
    const message = event.data;
    if (!message || typeof message !== 'object') return;
    if (message.type === 'graph') {
      state.uri = message.uri;
      showResult(message.result);
    } else if (message.type === 'failureAnalysis') {
      simulation = message.simulation || null;
      resilience = Array.isArray(message.resilience) ? message.resilience : null;
      applySimulation();
      showSimulationReport();
      showResilienceReport();
    } else if (message.type === 'highlight') {
      highlight(message.id);
    } else if (message.type === 'error') {
      status.textContent = message.message;
      status.className = 'problem';
    } else if (message.type === 'export' && result) {
      try {
        const svgText = exportSvgText(message.theme);
        if (message.format === 'svg') vscode.postMessage({ type: 'exportData', format: 'svg', theme: message.theme, text: svgText });
        else vscode.postMessage({ type: 'exportData', format: 'png', theme: message.theme, base64: await exportPng(svgText) });
      } catch (error) {
        vscode.postMessage({ type: 'exportFailed', message: String(error && error.message || error) });
      }
    }
  });
  vscode.postMessage({ type: 'ready' });
})();
