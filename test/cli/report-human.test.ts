// The human report of `stamp check` as a terminal shows it: colours by severity and for the summary, and the code
// frame of a problem (a range over several lines, CRLF and unterminated last lines, windows over long lines that never
// cut a surrogate pair, tabs kept in the caret line).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import type { Diagnostic, Severity } from '../../grammar/src/diagnostic.js';
import { LineIndex } from '../../grammar/src/text.js';
import { formatHumanReport } from '../../cli/src/report-human.js';
import { runStampHere } from './run-cli.js';

const esc = '\u001b[';
const red = (text: string): string => `${esc}31m${text}${esc}0m`;
const yellow = (text: string): string => `${esc}33m${text}${esc}0m`;
const blue = (text: string): string => `${esc}34m${text}${esc}0m`;
const cyan = (text: string): string => `${esc}36m${text}${esc}0m`;
const dim = (text: string): string => `${esc}2m${text}${esc}0m`;

const nlbHost = 'host HV1 { os 2019; nic NIC1 { speed 10Gbps }; vswitch External { type external; uplink NIC1 } }';
const nlbVm = 'vm APP4 on HV1 { nic nic0 { switch External; mac_spoofing } }';
const nlbLine = 'nlb SINGLE { ip 10.0.0.16; internet_name "single.contoso.com"; hosts APP4 }';
const nlb005 = 'Unicast NLB with a single NIC per host: NLB Manager running on a member may fail to connect to the other hosts.';

async function coloured(files: Record<string, string>, name: string): Promise<{ status: number | null; lines: string[] }> {
  const folder = mkdtempSync(join(tmpdir(), 'stamp-report-human-'));
  try {
    for (const [file, text] of Object.entries(files)) writeFileSync(join(folder, file), text);
    const result = await runStampHere(['check', name], { cwd: folder, env: { NO_COLOR: undefined, FORCE_COLOR: '1' } });
    return { status: result.status, lines: result.stdout.split('\n') };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** The human report, without colours, of one file holding `text` with diagnostics at the given offsets. */
function frames(text: string, ranges: Array<[number, number]>, severity: Severity = 'error'): string {
  const path = join(tmpdir(), 'frames.stamp');
  const uri = pathToFileURL(path).href;
  const diagnostics: Diagnostic[] = ranges.map(([start, end]) => ({ uri, start, end, severity, code: 'SYN001', message: 'here' }));
  const errors = severity === 'error' ? ranges.length : 0;
  return formatHumanReport({ files: [{ path, shownPath: 'frames.stamp', text, lines: new LineIndex(text), diagnostics }], skipped: [], summary: { errors, warnings: ranges.length - errors, infos: 0, files: 1 }, cwd: tmpdir() }, false);
}

describe('stamp check human output in colour', () => {
  it('paints errors red, warnings yellow, infos blue, the path cyan and the code and gutter dim; a summary with errors is red', async () => {
    const { status, lines } = await coloured({ 'c.stamp': `host A { os 2019 }\nhost B {\n  os 2012\n  os 2012R2\n}\n@\n${nlbHost}\n${nlbVm}\n${nlbLine}\n` }, 'c.stamp');
    assert.equal(status, 1);
    assert.deepEqual(lines, [
      `${cyan('c.stamp')}:4:3 ${yellow('warning')} ${dim('SCH007')} \`os\` is already set in \`host B\`; this second one is ignored.`,
      `  ${dim('4 |')}   os 2012R2`,
      `  ${dim('  |')}   ${yellow('^^')}`,
      '',
      `${cyan('c.stamp')}:6:1 ${red('error')} ${dim('SYN001')} Unexpected \`@\`. Names with dots, backslashes or other punctuation must be written as strings in double quotes.`,
      `  ${dim('6 |')} @`,
      `  ${dim('  |')} ${red('^')}`,
      '',
      `${cyan('c.stamp')}:9:1 ${yellow('warning')} ${dim('NLB003')} No DNS record maps 'single.contoso.com' to cluster IP 10.0.0.16.`,
      `  ${dim('9 |')} ${nlbLine}`,
      `  ${dim('  |')} ${yellow('^^^^^^^^^^')}`,
      '',
      `${cyan('c.stamp')}:9:1 ${blue('info')} ${dim('NLB005')} ${nlb005}`,
      `  ${dim('9 |')} ${nlbLine}`,
      `  ${dim('  |')} ${blue('^^^^^^^^^^')}`,
      '',
      red('1 error, 2 warnings, 1 info in 1 file'),
      '',
    ]);
  });

  it('paints a summary without errors but with warnings yellow', async () => {
    const { status, lines } = await coloured({ 'w.stamp': `${nlbHost}\n${nlbVm}\n${nlbLine}\n` }, 'w.stamp');
    assert.equal(status, 0);
    assert.equal(lines.at(-2), yellow('0 errors, 1 warning, 1 info in 1 file'));
  });

  it('leaves the summary of infos only, and of a clean file, unpainted', async () => {
    const infos = await coloured({ 'i.stamp': `${nlbHost}\n${nlbVm}\n${nlbLine}\n`, 'stamp.config.json': '{ "rules": { "NLB003": "off" } }' }, 'i.stamp');
    assert.equal(infos.status, 0);
    assert.equal(infos.lines.at(-2), '0 errors, 0 warnings, 1 info in 1 file');
    assert.equal(infos.lines[0], `${cyan('i.stamp')}:3:1 ${blue('info')} ${dim('NLB005')} ${nlb005}`);
    const clean = await coloured({ 'ok.stamp': 'host A { os 2019 }\n' }, 'ok.stamp');
    assert.equal(clean.status, 0);
    assert.deepEqual(clean.lines, ['0 errors, 0 warnings, 0 infos in 1 file', '']);
  });
});

describe('stamp check human output: the code frame', () => {
  it('underlines a range over several lines to the end of its first line', () => {
    const text = 'host A {\n  os 2019\n}\n';
    assert.equal(frames(text, [[7, 20]]), ['frames.stamp:1:8 error SYN001 here', '  1 | host A {', '    |        ^', '', '1 error, 0 warnings, 0 infos in 1 file', ''].join('\n'));
    assert.equal(frames(text, [[0, 20]]), ['frames.stamp:1:1 error SYN001 here', '  1 | host A {', '    | ^^^^^^^^', '', '1 error, 0 warnings, 0 infos in 1 file', ''].join('\n'));
  });

  it('shows a CRLF line without its line break, a last line without one, and an empty line', () => {
    const crlf = 'host A {\r\n  os 2019\r\n}';
    assert.equal(frames(crlf, [[12, 14], [21, 22]]), [
      'frames.stamp:2:3 error SYN001 here',
      '  2 |   os 2019',
      '    |   ^^',
      '',
      'frames.stamp:3:1 error SYN001 here',
      '  3 | }',
      '    | ^',
      '',
      '2 errors, 0 warnings, 0 infos in 1 file',
      '',
    ].join('\n'));
    // A lone CR ends a line too; an empty line shows as empty with one caret.
    assert.equal(frames('a\r\rb\n', [[2, 2]]), ['frames.stamp:2:1 error SYN001 here', '  2 | ', '    | ^', '', '1 error, 0 warnings, 0 infos in 1 file', ''].join('\n'));
    assert.equal(frames('ab\n\n', [[3, 3]]), ['frames.stamp:2:1 error SYN001 here', '  2 | ', '    | ^', '', '1 error, 0 warnings, 0 infos in 1 file', ''].join('\n'));
  });

  it('keeps tabs in the caret line so that the carets sit under the text', () => {
    assert.equal(frames('\t\tos 2019\n', [[2, 4]]).split('\n').slice(1, 3).join('\n'), '  1 | \t\tos 2019\n    | \t\t^^');
  });

  it('shows a line of exactly the frame width whole, and a longer one as a window with ellipses', () => {
    const exact = 'x'.repeat(120);
    assert.equal(frames(`${exact}\n`, [[100, 101]]).split('\n')[1], `  1 | ${exact}`);
    const longer = `${'a'.repeat(60)}${'b'.repeat(61)}`;
    // Near the start: the window starts at the line's start and ends with an ellipsis.
    assert.deepEqual(frames(`${longer}\n`, [[10, 12]]).split('\n').slice(1, 3), [`  1 | ${longer.slice(0, 120)}…`, `    | ${' '.repeat(10)}^^`]);
    // Near the end: the window ends at the line's end, after an ellipsis; the carets move by the ellipsis too.
    assert.deepEqual(frames(`${longer}\n`, [[119, 121]]).split('\n').slice(1, 3), [`  1 | …${longer.slice(1)}`, `    |  ${' '.repeat(118)}^^`]);
    // In the middle of a long line: 40 characters before the column, ellipses on both sides.
    const long = Array.from({ length: 300 }, (_, index) => String.fromCharCode(97 + (index % 26))).join('');
    assert.deepEqual(frames(`${long}\n`, [[150, 153]]).split('\n').slice(1, 3), [`  1 | …${long.slice(110, 230)}…`, `    |  ${' '.repeat(40)}^^^`]);
  });

  it('never cuts a surrogate pair at either end of the window', () => {
    // The window of a problem at column 150 runs from 110 to 230: a pair at 109-110 and one at 229-230 are split there.
    // U+10000 and U+10FFFF: the lowest and the highest low surrogate.
    const line = `${'a'.repeat(109)}\u{10000}${'b'.repeat(118)}\u{10ffff}${'c'.repeat(100)}`;
    assert.equal(line.charCodeAt(110), 0xdc00);
    assert.equal(line.charCodeAt(230), 0xdfff);
    const [, frame, carets] = frames(`${line}\n`, [[150, 151]]).split('\n');
    assert.equal(frame, `  1 | …${line.slice(111, 231)}…`);
    assert.equal(carets, `    |  ${' '.repeat(39)}^`);
    // A high surrogate where the window starts or ends, and characters just outside the low surrogates' block, are kept.
    const plain = `${'a'.repeat(109)}\ud7ff\ue000${'b'.repeat(118)}\ud83d\udbff${'c'.repeat(100)}`;
    assert.equal(frames(`${plain}\n`, [[150, 151]]).split('\n')[1], `  1 | …${plain.slice(110, 230)}…`);
  });
});
