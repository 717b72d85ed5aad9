// Hostile names in a design reach the preview only as escaped text: no markup, no script, no event handlers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { analyze } from '../grammar/src/analyze.js';
import { handleGraphRequest } from '../server/src/graph/request.js';
import { escapeXml } from '../server/src/graph/svg.js';
import { repoRoot } from './support/paths.js';

const hostileFile = join(repoRoot, 'test', 'fixtures', 'graph', 'hostile-names.stamp');
const hostileNames = [
  '<img src=x onerror=window.__xss=1>',
  '</script><script>window.__xss=1</script>',
  "Tom & Jerry's 'VM'",
  '<svg onload=window.__xss=1>',
  "'><script>window.__xss=1</script>",
];

test('escapeXml escapes the five XML special characters', () => {
  assert.equal(escapeXml(`<a href="x" title='y'>&</a>`), '&lt;a href=&quot;x&quot; title=&apos;y&apos;&gt;&amp;&lt;/a&gt;');
});

test('hostile names render only as escaped text in every SVG the preview and export produce', async () => {
  const uri = 'file:///hostile-names.stamp';
  const analysis = analyze([{ uri, text: readFileSync(hostileFile, 'utf8') }]);
  const results = await Promise.all((['topology', 'services', 'replication'] as const).map((view) => handleGraphRequest(analysis, analysis.diagnostics, uri, { view })));
  const drawnLabels = new Set(results.flatMap((result) => result.graph.nodes.map((node) => node.label)));
  assert.ok(hostileNames.every((name) => [...drawnLabels].some((label) => label.includes(name))), 'the hostile elements are drawn');
  for (const svg of results.flatMap((result) => [result.svg, result.lightSvg, result.exportSvg])) {
    assert.equal(XMLValidator.validate(svg), true, 'well-formed');
    assert.doesNotMatch(svg, /<img|<script|<svg onload|<\/script/i, 'no markup from names');
    // Parsed back, the names come out exactly as written: as text and attribute values.
    const texts: string[] = [];
    const attributeNames: string[] = [];
    const walk = (value: unknown): void => {
      if (typeof value === 'string') texts.push(value);
      else if (Array.isArray(value)) value.forEach(walk);
      else if (value && typeof value === 'object') {
        for (const [key, child] of Object.entries(value)) {
          if (key.startsWith('@')) attributeNames.push(key.slice(1));
          walk(child);
        }
      }
    };
    walk(new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', processEntities: true }).parse(svg));
    // A name appears as text exactly as written wherever it is drawn.
    for (const name of hostileNames) {
      if (svg.includes(escapeXml(name))) assert.ok(texts.some((text) => text.includes(name)), `the name ${name} appears as text`);
    }
    assert.ok(!attributeNames.some((name) => /^on/i.test(name)), `no event handler attributes: ${attributeNames.filter((name) => /^on/i.test(name)).join(', ')}`);
  }
  // The tooltip data the webview shows is plain JSON text, never markup it would insert as HTML.
  assert.ok(results.some((result) => result.graph.nodes.some((node) => node.label === '</script><script>window.__xss=1</script>')));
});
