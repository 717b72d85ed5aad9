// Measures re-validation after an edit in one file of a 50-file, 50k-line workspace, next to the same edit in one 10k-line file.
//
// The workspace is bench/generate.ts's 50k-line stamp split by pods: core.stamp holds the stamp, the domain and its
// controllers; 49 pod files hold the pods in turn and each imports core.stamp, so the 50 files form one stamp. The
// files are written to a temporary folder and driven through the server's own StampWorkspace (as the language server
// does on didChange): only the edited file is parsed and checked again (CheckedFileCache), then the program is
// resolved and modelled and the fast rules run. Usage: node --expose-gc out/bench/workspace.bench.js [runs] [edit]
// where edit is `space` (the default: a space added to or removed from the end of the first line, which changes no
// meaning, so the previous analysis and findings are re-used), `line` (a line break added to or removed from the end
// of the first line: every later line moves, so resolution, model and fast rules run again) or `value` (a digit of a
// VM's memory past the middle of the file changed and changed back, as bench/lsp-client.ts's `timeValueEdit`: only a
// value changes, so the rules that read no VM memory keep their findings).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { StampWorkspace } from '../server/src/analysis/workspace.js';
import { emptyConfig } from '../server/src/analysis/config.js';
import { nodeFileSystem } from '../server/src/node/node-file-system.js';
import { generateStamp, splitByPods } from './generate.js';

const workspaceFileCount = 50;
const workspaceLines = 50_000;
const singleFileLines = 10_000;

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const collect = (): void => (globalThis as { gc?: () => void }).gc?.();

/**
 * Opens `editedName` in a StampWorkspace over `folder`, then times `runs` edits (a space added to or removed from the
 * end of the first line): each is the work of one didChange validation with the fast rules.
 */
function timeEdits(folder: string, editedName: string, text: string, runs: number, editOf: (text: string) => string): { first: number; edit: number; cpu: number; elements: number; diagnostics: number } {
  const workspace = new StampWorkspace(() => emptyConfig, nodeFileSystem);
  workspace.setFolders([pathToFileURL(folder).toString()]);
  const uri = pathToFileURL(join(folder, editedName)).toString();
  workspace.open(uri, text, 1);
  let started = performance.now();
  const first = workspace.diagnosisOf(uri)!;
  const firstMs = performance.now() - started;
  const times: number[] = [];
  const cpuTimes: number[] = [];
  let diagnostics = first.all.length;
  for (let run = 0; run < runs + 2; run++) {
    const edited = run % 2 === 0 ? editOf(text) : text;
    collect();
    started = performance.now();
    const cpuStarted = process.cpuUsage();
    workspace.change(uri, edited, run + 2);
    diagnostics = workspace.diagnosisOf(uri)!.all.length;
    // The first two runs warm the code paths up.
    if (run >= 2) {
      times.push(performance.now() - started);
      const cpu = process.cpuUsage(cpuStarted);
      cpuTimes.push((cpu.user + cpu.system) / 1000);
    }
  }
  return { first: firstMs, edit: median(times), cpu: median(cpuTimes), elements: first.document.analysis.model.index.all.length, diagnostics };
}

function main(): void {
  const runs = Number(process.argv[2] ?? 7);
  const edit = process.argv[3] ?? 'space';
  if (edit !== 'space' && edit !== 'line' && edit !== 'value') throw new Error(`unknown edit ${edit}: space, line or value`);
  const insert = edit === 'space' ? ' ' : '\n';
  const editOf = (text: string): string => {
    if (edit === 'value') {
      const found = /memory (\d)/g;
      found.lastIndex = Math.floor(text.length / 2);
      const match = found.exec(text) ?? /memory (\d)/.exec(text);
      if (!match) throw new Error('no memory value to edit');
      const offset = match.index + 'memory '.length;
      return `${text.slice(0, offset)}${text[offset] === '7' ? '6' : '7'}${text.slice(offset + 1)}`;
    }
    const firstLineEnd = text.indexOf('\n');
    return `${text.slice(0, firstLineEnd)}${insert}${text.slice(firstLineEnd)}`;
  };
  const generated = generateStamp(workspaceLines);
  const files = splitByPods(generated.stampText, workspaceFileCount - 1);
  const folder = mkdtempSync(join(tmpdir(), 'stamp-workspace-bench-'));
  const single = mkdtempSync(join(tmpdir(), 'stamp-single-bench-'));
  try {
    for (const file of files) writeFileSync(join(folder, file.name), file.text);
    const totalLines = files.reduce((sum, file) => sum + file.text.split('\n').length - 1, 0);
    const edited = files[Math.floor(files.length / 2)];
    const workspaceResult = timeEdits(folder, edited.name, edited.text, runs, editOf);

    const singleText = generateStamp(singleFileLines).stampText;
    writeFileSync(join(single, 'single.stamp'), singleText);
    const singleResult = timeEdits(single, 'single.stamp', singleText, runs, editOf);

    const rows = [
      ['workspace', `${files.length} files, ${totalLines} lines (edited ${edited.name}: ${edited.text.split('\n').length - 1} lines)`, workspaceResult],
      ['single file', `1 file, ${singleText.split('\n').length - 1} lines`, singleResult],
    ] as const;
    const described = { space: 'a space at the end of line 1 (no meaning changed)', line: 'a line break at the end of line 1 (every later line moves)', value: 'a digit of a VM\'s memory past the middle of the file (only a value changes)' };
    console.log(`Edit: ${described[edit]}.`);
    console.log('| stamp | size | elements | first analysis, ms | edit → fast-rule diagnostics, median ms (CPU ms) |');
    console.log('|---|---|---:|---:|---:|');
    for (const [label, size, result] of rows) console.log(`| ${label} | ${size} | ${result.elements} | ${result.first.toFixed(0)} | ${result.edit.toFixed(1)} (${result.cpu.toFixed(1)}) |`);
    console.log(`\nWorkspace edit / single-file edit: ${(workspaceResult.edit / singleResult.edit).toFixed(2)}× for ${(workspaceResult.elements / singleResult.elements).toFixed(1)}× the elements (${runs} timed runs each).`);
  } finally {
    rmSync(folder, { recursive: true, force: true });
    rmSync(single, { recursive: true, force: true });
  }
}

main();
