// `stamp render`: the preview's diagram as an SVG with every drawn element of the example, and as a PNG of the right size.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { analyze } from '../../grammar/src/analyze.js';
import { diagnose } from '../../server/src/analysis/diagnose.js';
import { handleExportRequest } from '../../server/src/graph/request.js';
import { repoRoot } from '../support/paths.js';
import { runStamp } from './run-cli.js';

const example = 'examples/hypervnu-lab.stamp';

/** Every element of the example that the topology diagram draws, by its data-id. */
const exampleElements = [
  'domain:hyper-v.nu', 'san:san01', 'host:hv01', 'host:hv02', 'cluster:hvcluster', 'csv:hvcluster/volume1',
  'vm:dc01', 'vm:dc02', 'vm:sql1', 'vm:sql2', 'vm:vmm01', 'vm:vmm02', 'vm:spf1', 'vm:spf2', 'vm:portal1', 'vm:portal2',
  'guest_cluster:sqlcluster', 'guest_cluster:vmmcluster', 'sql:sql1', 'sql:sql2',
  'availability_group:scag', 'replica:scag/sql1', 'replica:scag/sql2', 'listener:scag/sql',
  'vmm:vmm', 'nlb:spfnlb', 'nlb:portalnlb', 'dns_record:spf.hyper-v.nu', 'dns_record:portal.hyper-v.nu',
  'certificate:spf.hyper-v.nu', 'certificate:portal.hyper-v.nu', 'spf:spf', 'wap:portal',
];

/** Width and height from a PNG's IHDR chunk, after checking the signature. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
  assert.equal(bytes.subarray(12, 16).toString('ascii'), 'IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

function svgSize(svg: string): { width: number; height: number } {
  const match = /^<svg [^>]*width="([0-9.]+)" height="([0-9.]+)"/.exec(svg);
  assert.ok(match, 'the SVG states its size');
  return { width: Number(match[1]), height: Number(match[2]) };
}

describe('stamp render', () => {
  let folder = '';
  before(() => {
    folder = mkdtempSync(join(tmpdir(), 'stamp-render-'));
  });
  after(() => rmSync(folder, { recursive: true, force: true }));

  it('writes an SVG in the light theme by default, the topology view, and the other views with --view: together every drawn element of the example', () => {
    const out = join(folder, 'lab.svg');
    const result = runStamp(['render', example, '-o', out]);
    assert.equal(result.status, 0, result.stderr);
    const svg = readFileSync(out, 'utf8');
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" class="stamp-graph theme-light"/);
    const idsOf = (text: string) => new Set([...text.matchAll(/<g class="[^"]*node[^"]*" data-id="([^"]+)"/g)].map((match) => match[1]));
    const topology = idsOf(svg);
    assert.match(svg, /<text class="title"[^>]*>hypervnu-lab · Topology<\/text>/);
    assert.match(svg, /<g class="legend"[\s\S]*>Hyper-V cluster</, 'an export carries a legend of the kinds it draws');
    assert.ok(topology.has('cluster:hvcluster') && topology.has('san:san01') && !topology.has('nlb:spfnlb'), 'the topology view draws the fabric, not the services');
    const servicesOut = join(folder, 'lab-services.svg');
    assert.equal(runStamp(['render', example, '-o', servicesOut, '--view', 'services']).status, 0);
    const servicesSvg = readFileSync(servicesOut, 'utf8');
    assert.match(servicesSvg, />hypervnu-lab · Services<\/text>/);
    const services = idsOf(servicesSvg);
    for (const id of exampleElements) assert.ok(topology.has(id) || services.has(id), `a view draws ${id}`);
    assert.match(servicesSvg, /data-id="nlb:spfnlb" data-kind="nlb" data-severity="info"/, 'the NLB005 info is marked on the NLB');
    assert.doesNotMatch(svg + servicesSvg, /<script/i);
    const bad = runStamp(['render', example, '-o', join(folder, 'x.svg'), '--view', 'physical']);
    assert.notEqual(bad.status, 0);
    assert.match(bad.stderr, /topology|services|replication/);
  });

  it('draws exactly the SVG that the preview exports for the same file, a view laid out again for the page included', async () => {
    const path = join(repoRoot, example);
    const analysis = analyze([{ uri: pathToFileURL(path).href, text: readFileSync(path, 'utf8') }]);
    const preview = await handleExportRequest(analysis, diagnose(analysis), pathToFileURL(path).href);
    assert.equal(readFileSync(join(folder, 'lab.svg'), 'utf8'), preview.lightSvg);
    // The ASR example's replication view is too wide for A4 as shown: both lay it out again in rows, the same way.
    const asrPath = join(repoRoot, 'examples', 'asr-stamp.stamp');
    const asrOut = join(folder, 'asr-replication.svg');
    assert.equal(runStamp(['render', 'examples/asr-stamp.stamp', '-o', asrOut, '--view', 'replication']).status, 0);
    const asr = analyze([{ uri: pathToFileURL(asrPath).href, text: readFileSync(asrPath, 'utf8') }]);
    const asrPreview = await handleExportRequest(asr, diagnose(asr), pathToFileURL(asrPath).href, { view: 'replication' });
    assert.ok(asrPreview.points >= 7, `${asrPreview.points} pt`);
    assert.equal(readFileSync(asrOut, 'utf8'), asrPreview.lightSvg);
  });

  it('writes the dark theme when asked', () => {
    const out = join(folder, 'dark.svg');
    assert.equal(runStamp(['render', example, '-o', out, '--theme', 'dark']).status, 0);
    assert.match(readFileSync(out, 'utf8'), /class="stamp-graph theme-dark"/);
  });

  it('writes a PNG whose pixel size is the SVG size times the scale', () => {
    const svg = readFileSync(join(folder, 'lab.svg'), 'utf8');
    const expected = svgSize(svg);
    for (const scale of [1, 2]) {
      const out = join(folder, `lab@${scale}.png`);
      const result = runStamp(['render', example, '-o', out, '--scale', String(scale)]);
      assert.equal(result.status, 0, result.stderr);
      assert.deepEqual(pngSize(readFileSync(out)), { width: Math.round(expected.width * scale), height: Math.round(expected.height * scale) });
    }
  });

  it('exits 2 on a missing output, an unknown extension or theme, and a missing input', () => {
    assert.match(runStamp(['render', example]).stderr, /Say where to write the diagram/);
    const gif = runStamp(['render', example, '-o', join(folder, 'lab.gif')]);
    assert.equal(gif.status, 2);
    assert.match(gif.stderr, /must end with \.svg or \.png/);
    assert.equal(runStamp(['render', example, '-o', join(folder, 'x.svg'), '--theme', 'sepia']).status, 2);
    const missing = runStamp(['render', 'absent.stamp', '-o', join(folder, 'absent.svg')]);
    assert.equal(missing.status, 2);
    assert.equal(missing.stderr, 'stamp: absent.stamp: no such file or folder.\n');
    assert.ok(!existsSync(join(folder, 'absent.svg')));
  });
});
