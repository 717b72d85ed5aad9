// `stamp render` as a user drives it: help, each usage error with its one line, a write that fails, and what a
// successful run says and draws (every element of an expanded cluster, the view's title and the legend).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { renderUsage } from '../../cli/src/render-usage.js';
import { runStampHere } from './run-cli.js';

const usage = (message: string): string => `stamp: ${message}\nRun \`stamp render --help\` for usage.\n`;

describe('stamp render: usage', () => {
  let folder = '';
  before(() => {
    folder = mkdtempSync(join(tmpdir(), 'stamp-render-options-'));
    writeFileSync(join(folder, 'c.stamp'), 'host H1 { os 2019 }\nhost H2 { os 2019 }\ncluster C { kind hyperv; nodes H1, H2; witness none; csv V1 }\nvm V on C { memory 4GB; storage csv V1 }\n');
  });
  after(() => rmSync(folder, { recursive: true, force: true }));

  it('prints its help', async () => {
    for (const args of [['render', '--help'], ['render', 'c.stamp', '-h']]) {
      const result = await runStampHere(args, { cwd: folder });
      assert.deepEqual([result.status, result.stdout, result.stderr], [0, `${renderUsage}\n`, ''], args.join(' '));
    }
  });

  it('refuses a wrong command line with one line each, writing nothing', async () => {
    const cases: Array<[string[], string]> = [
      [['c.stamp', '--nope'], 'Unknown option `--nope`.'],
      [[], 'Name exactly one .stamp file to render.'],
      [['c.stamp', 'd.stamp', '-o', 'x.svg'], 'Name exactly one .stamp file to render.'],
      [['c.stamp'], 'Say where to write the diagram with -o out.svg or -o out.png.'],
      [['c.stamp', '-o', 'x.svg', '--theme', 'sepia'], '--theme must be one of light, dark, not `sepia`.'],
      [['c.stamp', '-o', 'x.svg', '--view', 'physical'], '--view must be one of topology, services, replication, not `physical`.'],
      [['c.stamp', '-o', 'x.gif'], 'The output must end with .svg or .png, not `x.gif`.'],
      [['c.stamp', '-o', 'x.png', '--scale', '0'], '--scale must be a number from 0.1 to 8, not `0`.'],
      [['c.stamp', '-o', 'x.png', '--scale', '8.5'], '--scale must be a number from 0.1 to 8, not `8.5`.'],
      [['c.stamp', '-o', 'x.png', '--scale', 'big'], '--scale must be a number from 0.1 to 8, not `big`.'],
    ];
    for (const [args, message] of cases) {
      const result = await runStampHere(['render', ...args], { cwd: folder });
      assert.deepEqual([result.status, result.stdout, result.stderr], [2, '', usage(message)], args.join(' '));
    }
  });

  it('says where it cannot write', async () => {
    const result = await runStampHere(['render', 'c.stamp', '-o', 'nofolder/c.svg'], { cwd: folder });
    assert.deepEqual([result.status, result.stderr], [2, 'stamp: nofolder/c.svg: cannot write: no such file or folder.\n']);
  });

  it('draws every element of an expanded cluster with the view title and the legend, and says how many it drew', async () => {
    const result = await runStampHere(['render', 'c.stamp', '-o', 'c.svg'], { cwd: folder });
    assert.deepEqual([result.status, result.stdout, result.stderr], [0, '', 'wrote c.svg (5 elements)\n']);
    const svg = readFileSync(join(folder, 'c.svg'), 'utf8');
    assert.deepEqual(svg.match(/<title>[^<\n]*/g), ['<title>cluster C', '<title>host H1', '<title>host H2', '<title>csv V1', '<title>vm V']);
    assert.match(svg, />Topology</);
    assert.match(svg, /class="legend"/);
    const services = await runStampHere(['render', 'c.stamp', '-o', 's.svg', '--view', 'services'], { cwd: folder });
    assert.equal(services.status, 0, services.stderr);
    assert.match(readFileSync(join(folder, 's.svg'), 'utf8'), />Services</);
  });

  it('draws a view too large for the editor\'s first look whole: no container starts closed in a file', async () => {
    const vms = Array.from({ length: 100 }, (_, index) => `vm V${index} on C { memory 1GB; storage csv V1 }`).join('\n');
    writeFileSync(join(folder, 'big.stamp'), `host H1 { os 2019 }\nhost H2 { os 2019 }\ncluster C { kind hyperv; nodes H1, H2; witness none; csv V1 }\n${vms}\n`);
    const result = await runStampHere(['render', 'big.stamp', '-o', 'big.svg'], { cwd: folder });
    assert.deepEqual([result.status, result.stderr], [0, 'wrote big.svg (104 elements)\n']);
  });
});
