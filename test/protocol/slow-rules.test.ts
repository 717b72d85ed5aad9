// On a large stamp the server publishes the fast rules first and adds the failure analysis once typing pauses;
// on a small one everything arrives in the first publish.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateStamp } from '../../bench/generate.js';
import { LspClient } from '../support/lsp-client.js';

let client: LspClient;
before(async () => {
  client = await LspClient.start();
});
after(async () => {
  await client.stop();
});

test('a stamp above the threshold gets SPOF001 in a second publish of the same version', async () => {
  const uri = 'file:///large.stamp';
  // About 3,400 elements: above the 3,000-element threshold, with single points of failure in the generated pods.
  await client.open(uri, generateStamp(7000).stampText);
  const first = await client.diagnostics(uri, 1, 20000);
  assert.ok(first.length > 0, 'the fast rules report the injected problems at once');
  assert.equal(first.filter((diagnostic) => diagnostic.code === 'SPOF001').length, 0, 'no failure analysis in the first publish');
  await client.until(() => (client.latestDiagnostics(uri) ?? []).some((diagnostic) => diagnostic.code === 'SPOF001'), 20000, 'the failure analysis of the large stamp');
  const complete = client.latestDiagnostics(uri)!;
  assert.deepEqual(
    complete.filter((diagnostic) => diagnostic.code !== 'SPOF001').map((diagnostic) => `${diagnostic.code} ${diagnostic.range.start.line}`),
    first.map((diagnostic) => `${diagnostic.code} ${diagnostic.range.start.line}`),
    'the complete publish keeps every fast finding',
  );
});

test('a small stamp gets the failure analysis in its first publish', async () => {
  const uri = 'file:///small.stamp';
  await client.open(uri, 'san S {}\nhost N1 {}\nhost N2 {}\ncluster C { kind hyperv; nodes N1, N2; witness cloud; csv V { san S } }\nvm WEB on C { storage csv V; critical }\n');
  const first = await client.diagnostics(uri, 1);
  assert.ok(first.some((diagnostic) => diagnostic.code === 'SPOF001'), JSON.stringify(first.map((d) => d.code)));
});
