// The tidy test: the structure ARCHITECTURE.md promises, checked on the source itself — import boundaries, no import
// cycles (type-only imports included), every rule fires in a fixture and every fix has a golden, every source file
// opens with its purpose comment, and the schema's names are checked by the compiler.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { KindId, PropertyKeyword } from '../grammar/src/schema.js';
import { ruleFamilies } from '../server/src/rules/rule.js';
import { allRules } from '../server/src/rules/registry.js';
import { isMarkerLine } from './support/expectations.js';
import { repoRoot } from './support/paths.js';

// ── Reading the source ──────────────────────────────────────────────────────────────────────────────────────────

/** One import (or re-export) of a source file. */
export interface ImportEdge {
  /** The module specifier as written. */
  specifier: string;
  /** `import type` / `export type`: erased from the bundle, but still a dependency of the design. */
  typeOnly: boolean;
}

/** Every static import, re-export, side-effect import and dynamic `import('…')` of a TypeScript or JavaScript text. */
export function importsIn(text: string): ImportEdge[] {
  const found: ImportEdge[] = [];
  // An import clause holds names, braces, commas, `* as`, `type`: never `;`, `(`, `)` or `=`.
  for (const match of text.matchAll(/(?:^|[\n;])\s*(import|export)\s+(type\s+)?[^;()='"`]*?\bfrom\s*['"]([^'"]+)['"]/g)) {
    found.push({ specifier: match[3], typeOnly: match[2] !== undefined });
  }
  for (const match of text.matchAll(/(?:^|[\n;])\s*import\s*['"]([^'"]+)['"]/g)) found.push({ specifier: match[1], typeOnly: false });
  for (const match of text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push({ specifier: match[1], typeOnly: false });
  return found;
}

/** The strongly connected components with more than one file (or a file importing itself): the import cycles. */
export function importCycles(graph: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  let counter = 0;
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (node: string): void => {
    order.set(node, counter);
    low.set(node, counter);
    counter++;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!order.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, order.get(next)!));
      }
    }
    if (low.get(node) !== order.get(node)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1 || graph.get(node)?.has(node)) cycles.push(component.sort());
  };
  for (const node of [...graph.keys()].sort()) if (!order.has(node)) visit(node);
  return cycles;
}

/** Folders of the product's code: what the import rules speak about. */
const productFolders = ['grammar/src', 'protocol/src', 'server/src', 'client/src', 'cli/src'];
/** Folders under test/ that hold data, not code. */
const dataFolders = new Set(['fixtures', 'golden', 'cli-inputs', 'editor-workspaces', 'spec']);

function listFiles(folder: string, suffixes: readonly string[]): string[] {
  const found: string[] = [];
  if (!existsSync(folder)) return found;
  for (const name of readdirSync(folder).sort()) {
    if (name === 'node_modules' || name.startsWith('.') || dataFolders.has(name)) continue;
    const path = join(folder, name);
    if (statSync(path).isDirectory()) found.push(...listFiles(path, suffixes));
    else if (suffixes.some((suffix) => name.endsWith(suffix))) found.push(path);
  }
  return found;
}

/** A repository-relative path with forward slashes. */
const rel = (path: string): string => relative(repoRoot, path).split(sep).join('/');

/** Every TypeScript file of the product, the tests and the benchmarks, with its imports. */
function sourceFiles(): Map<string, { text: string; imports: ImportEdge[] }> {
  const files = new Map<string, { text: string; imports: ImportEdge[] }>();
  for (const folder of [...productFolders, 'test', 'bench', 'scripts']) {
    for (const path of listFiles(join(repoRoot, folder), ['.ts'])) {
      const text = readFileSync(path, 'utf8');
      files.set(rel(path), { text, imports: importsIn(text) });
    }
  }
  return files;
}

/** The repository file a relative specifier names (`./x.js` is written for `./x.ts`), if it exists. */
function resolveRelative(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = resolve(repoRoot, dirname(from), specifier);
  for (const candidate of [base.replace(/\.js$/, '.ts'), base, `${base}.ts`, join(base, 'index.ts')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return rel(candidate);
  }
  return undefined;
}

const files = sourceFiles();

/** What a file imports: packages by name, repository files by path. */
function dependenciesOf(path: string): Array<ImportEdge & { target: string }> {
  return files.get(path)!.imports.map((edge) => ({ ...edge, target: resolveRelative(path, edge.specifier) ?? edge.specifier }));
}

const inFolder = (path: string, folder: string): boolean => path.startsWith(`${folder}/`);
const isLspPackage = (target: string): boolean => /^(vscode-languageserver|vscode-jsonrpc)(\/|-|$)/.test(target);
const isEditorPackage = (target: string): boolean => target === 'vscode' || /^vscode-languageclient(\/|$)/.test(target);

/** The import rules; each returns a complaint for an import it forbids. */
const importRules: Array<{ name: string; check: (from: string, edge: ImportEdge & { target: string }) => string | undefined }> = [
  {
    name: 'the language core (grammar/src) imports nothing from LSP, VS Code, Node or the rest of the product',
    check: (from, edge) => {
      if (!inFolder(from, 'grammar/src')) return undefined;
      if (isLspPackage(edge.target) || isEditorPackage(edge.target) || edge.target.startsWith('node:')) return edge.target;
      return productFolders.some((folder) => folder !== 'grammar/src' && inFolder(edge.target, folder)) ? edge.target : undefined;
    },
  },
  {
    name: 'only server/src/lsp and server/src/main.ts import vscode-languageserver (one layer converts to protocol types)',
    check: (from, edge) => (productFolders.some((folder) => inFolder(from, folder)) && isLspPackage(edge.target) && !inFolder(from, 'server/src/lsp') && from !== 'server/src/main.ts' ? edge.target : undefined),
  },
  {
    name: 'only the client imports VS Code and the language client',
    check: (from, edge) => (productFolders.some((folder) => inFolder(from, folder)) && isEditorPackage(edge.target) && !inFolder(from, 'client/src') ? edge.target : undefined),
  },
  {
    name: 'the protocol module holds types only: it imports types, and only from the language core',
    check: (from, edge) => (inFolder(from, 'protocol/src') && (!edge.typeOnly || !inFolder(edge.target, 'grammar/src')) ? edge.target : undefined),
  },
  {
    name: 'the client reaches the server only through the protocol module, with `import type`',
    check: (from, edge) => {
      if (!inFolder(from, 'client/src')) return undefined;
      if (inFolder(edge.target, 'protocol/src')) return edge.typeOnly ? undefined : `${edge.target} (not \`import type\`)`;
      return ['grammar/src', 'server/src', 'cli/src'].some((folder) => inFolder(edge.target, folder)) ? edge.target : undefined;
    },
  },
  {
    name: 'the server and the core read files only through StampFileSystem: node:fs only in server/src/node (and the CLI)',
    check: (from, edge) => (/^(node:)?fs(\/promises)?$/.test(edge.target) && ['grammar/src', 'protocol/src', 'server/src', 'client/src'].some((folder) => inFolder(from, folder)) && !inFolder(from, 'server/src/node') ? edge.target : undefined),
  },
  {
    name: 'the server does not import the client or the CLI',
    check: (from, edge) => (inFolder(from, 'server/src') && (inFolder(edge.target, 'client/src') || inFolder(edge.target, 'cli/src')) ? edge.target : undefined),
  },
  {
    name: 'a rule family file imports helper files, never another family',
    check: (from, edge) => (familyFiles.has(from) && familyFiles.has(edge.target) && from !== edge.target ? edge.target : undefined),
  },
];

const familyFiles = new Set(ruleFamilies.map((family) => `server/src/rules/${family.toLowerCase()}.ts`));

test('tidy: the import rules of ARCHITECTURE.md hold', () => {
  const problems: string[] = [];
  for (const path of files.keys()) {
    for (const edge of dependenciesOf(path)) {
      for (const rule of importRules) {
        const complaint = rule.check(path, edge);
        if (complaint) problems.push(`${path} imports ${complaint}: ${rule.name}`);
      }
    }
  }
  assert.deepEqual(problems, []);
});

test('tidy: no import cycles, type-only imports included', () => {
  const graph = new Map<string, Set<string>>();
  for (const path of files.keys()) graph.set(path, new Set(dependenciesOf(path).map((edge) => edge.target).filter((target) => files.has(target))));
  assert.deepEqual(importCycles(graph).map((cycle) => cycle.join(' <-> ')), []);
});

test('tidy: the checks themselves find what they look for', () => {
  const imports = importsIn("import type { A } from '../x.js';\nimport {\n  b,\n  type C,\n} from 'vscode';\nexport { d } from './d.js';\nimport './side.js';\nconst e = await import('./e.js');\n");
  assert.deepEqual(imports, [
    { specifier: '../x.js', typeOnly: true }, { specifier: 'vscode', typeOnly: false }, { specifier: './d.js', typeOnly: false },
    { specifier: './side.js', typeOnly: false }, { specifier: './e.js', typeOnly: false },
  ]);
  const graph = new Map([['a', new Set(['b'])], ['b', new Set(['c'])], ['c', new Set(['a'])], ['d', new Set(['a'])]]);
  assert.deepEqual(importCycles(graph), [['a', 'b', 'c']]);
  assert.deepEqual(importCycles(new Map([['a', new Set(['b'])], ['b', new Set<string>()]])), []);
});

// ── Rules, fixtures and goldens ─────────────────────────────────────────────────────────────────────────────────

function stampFilesUnder(folder: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(folder).sort()) {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) found.push(...stampFilesUnder(path));
    else if (name.endsWith('.stamp')) found.push(path);
  }
  return found;
}

test('tidy: every rule fires in a fixture (an inline expectation names it)', () => {
  const expected = new Set<string>();
  for (const path of stampFilesUnder(join(repoRoot, 'test', 'fixtures'))) {
    for (const line of readFileSync(path, 'utf8').split('\n')) {
      if (!isMarkerLine(line)) continue;
      const code = /\[([A-Z]+[0-9]*)\]/.exec(line)?.[1];
      if (code) expected.add(code);
    }
  }
  assert.deepEqual(allRules.filter((rule) => !expected.has(rule.id)).map((rule) => rule.id), []);
});

test('tidy: every rule with a fix has a fix fixture and its reviewed golden', () => {
  const folder = join(repoRoot, 'test', 'fixtures', 'fixes');
  const fixed = new Set<string>();
  for (const name of readdirSync(folder)) {
    if (!name.endsWith('.stamp') || name.endsWith('.fixed.stamp')) continue;
    const code = /^\/\/ fix: ([A-Z]+[0-9]*) /.exec(readFileSync(join(folder, name), 'utf8'))?.[1];
    if (code && existsSync(join(folder, name.replace(/\.stamp$/, '.fixed.stamp')))) fixed.add(code);
  }
  assert.deepEqual(allRules.filter((rule) => rule.fix !== undefined && !fixed.has(rule.id)).map((rule) => rule.id), []);
});

test('tidy: rule XY001 is in the array xyRules of server/src/rules/xy.ts, for every family of the one family list', () => {
  const problems: string[] = [];
  for (const family of ruleFamilies) {
    const path = join(repoRoot, 'server', 'src', 'rules', `${family.toLowerCase()}.ts`);
    if (!existsSync(path)) {
      problems.push(`${family}: no ${rel(path)}`);
      continue;
    }
    const text = readFileSync(path, 'utf8');
    if (!text.includes(`export const ${family.toLowerCase()}Rules`)) problems.push(`${rel(path)} does not export ${family.toLowerCase()}Rules`);
    for (const rule of allRules.filter((each) => each.family === family)) {
      if (!rule.id.startsWith(family) || !/^[0-9]+$/.test(rule.id.slice(family.length))) problems.push(`${rule.id} is not an id of family ${family}`);
      if (!text.includes(`id: '${rule.id}'`)) problems.push(`${rule.id} is not declared in ${rel(path)}`);
    }
  }
  assert.deepEqual(problems, []);
});

// ── Purpose comments ────────────────────────────────────────────────────────────────────────────────────────────

test('tidy: every source file opens with a one-line purpose comment', () => {
  const problems: string[] = [];
  const candidates = [
    ...[...productFolders, 'test', 'bench', 'scripts', 'media', 'bin'].flatMap((folder) => listFiles(join(repoRoot, folder), ['.ts', '.js', '.mjs', '.sh'])),
  ];
  for (const path of candidates) {
    const lines = readFileSync(path, 'utf8').split('\n');
    const first = lines[0].startsWith('#!') ? lines[1] ?? '' : lines[0];
    const comment = path.endsWith('.sh') ? /^# \S.{10,}/ : /^\/\/ \S.{10,}/;
    if (!comment.test(first)) problems.push(`${rel(path)}: starts with ${JSON.stringify(first.slice(0, 60))}`);
  }
  assert.deepEqual(problems, []);
});

test('tidy: no blanket lint exceptions: every eslint-disable names its rules and says why', () => {
  const problems: string[] = [];
  for (const [path, { text }] of files) {
    for (const match of text.matchAll(/\/[/*]\s*(eslint-disable(?:-next-line|-line)?)([^\n*]*)/g)) {
      const rest = match[2].trim();
      if (!/^[@\w/-]+(\s*,\s*[@\w/-]+)*\s+--\s+\S/.test(rest)) problems.push(`${path}: "${match[1]} ${rest}"`);
    }
  }
  assert.deepEqual(problems, []);
});

// ── Compile-time checks (run by `npm run typecheck`) ────────────────────────────────────────────────────────────
// The schema's kind ids and property keywords are types: if these lines ever compile, the checking is gone and
// `tsc` fails on the unused `@ts-expect-error`.

// @ts-expect-error a misspelled property keyword
export const misspelledProperty: PropertyKeyword = 'memroy';
// @ts-expect-error a misspelled element kind
export const misspelledKind: KindId = 'availabilty_group';
export const knownNames: Array<PropertyKeyword | KindId> = ['memory', 'availability_group'];
