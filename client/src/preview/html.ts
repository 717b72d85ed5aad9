// The HTML page of the preview webview: a strict content security policy with a nonce, the bundled script and the stylesheet.
import type * as vscode from 'vscode';

/** A fresh random nonce for one page load (Web Crypto: the same in the desktop and the web extension host). */
export function makeNonce(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(18));
  return btoa(String.fromCharCode(...bytes)).replace(/[^A-Za-z0-9]/g, '');
}

/** The webview's page. Nothing remote: the script (dist/preview.js) and stylesheet (media/) come from the extension. */
export function previewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, nonce = makeNonce()): string {
  const resource = (...parts: string[]) => webview.asWebviewUri(joinUri(extensionUri, ...parts)).toString();
  const policy = [
    "default-src 'none'",
    `img-src ${webview.cspSource} data:`,
    `style-src ${webview.cspSource} 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${policy}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${resource('media', 'preview.css')}" nonce="${nonce}">
<title>Stamp topology</title>
</head>
<body>
<div id="toolbar" role="toolbar" aria-label="Preview">
  <div id="views" role="tablist" aria-label="View"></div>
  <span class="find"><input id="search" type="search" placeholder="Find…" aria-label="Find an element by name" spellcheck="false"><span id="search-count" aria-live="polite"></span></span>
  <span class="group">
    <button id="zoom-out" title="Zoom out">&#8722;</button>
    <button id="zoom-in" title="Zoom in">+</button>
    <button id="fit" title="Show the whole diagram, however small">Fit</button>
    <button id="tidy" title="Lay the view out afresh (edits keep the nodes in place until then)">Tidy</button>
    <button id="toggle-network" title="Show or hide the network layer: adapters, teams, virtual and physical switches" aria-pressed="false" hidden>Network</button>
  </span>
  <span class="group">
    <button id="export-svg" title="Export this view as SVG, with a legend">SVG</button>
    <button id="export-png" title="Export this view as PNG, with a legend">PNG</button>
    <button id="toggle-resilience" title="Show or hide the resilience summary: how many failures each service survives" aria-pressed="false">Resilience</button>
  </span>
</div>
<div id="main">
  <div id="viewport">
    <div id="minimap" hidden aria-label="Overview of the whole diagram"><div id="minimap-view"></div></div>
    <div id="tooltip" role="tooltip"></div>
    <div id="empty">Nothing to draw yet: declare hosts, clusters or VMs.</div>
  </div>
  <div id="side-panels" hidden>
    <section id="simulation-report" aria-label="Failure simulation" hidden>
      <div class="panel-header"><span class="panel-title" role="button" tabindex="0" aria-expanded="true" title="Fold or unfold">Failure simulation</span><button id="clear-simulation" title="Clear the failure simulation">Clear</button></div>
      <div class="panel-body">
        <div id="simulation-summary"></div>
        <ul id="simulation-services"></ul>
        <div class="legend"><span class="legend-caption">In the diagram:</span><span class="legend-item legend-failed">failed</span><span class="legend-item legend-down">down</span><span class="legend-item legend-degraded">degraded</span><span class="legend-item legend-failover">failover</span><span class="legend-item legend-up">up</span></div>
      </div>
    </section>
    <section id="resilience-report" aria-label="Resilience summary" hidden>
      <div class="panel-header"><span class="panel-title" role="button" tabindex="0" aria-expanded="true" title="Fold or unfold">Resilience summary</span><button id="close-resilience" title="Hide the resilience summary">Hide</button></div>
      <div class="panel-body">
        <div class="panel-note">The fewest simultaneous failures that take each service down (1 = a single point of failure).</div>
        <table id="resilience-table"><thead><tr><th>Service</th><th>Failures</th><th>For example</th></tr></thead><tbody></tbody></table>
        <div class="panel-subtitle">Capacity</div>
        <ul id="capacity-lines"></ul>
        <div id="memory-coverage" class="panel-note"></div>
      </div>
    </section>
  </div>
</div>
<div id="status">Loading the topology…</div>
<script nonce="${nonce}" src="${resource('dist', 'preview.js')}"></script>
</body>
</html>`;
}

function joinUri(base: vscode.Uri, ...parts: string[]): vscode.Uri {
  return base.with({ path: `${base.path.replace(/\/$/, '')}/${parts.join('/')}` });
}
