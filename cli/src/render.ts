// `stamp render`: draws the preview's topology diagram of a stamp to an SVG or PNG file, without an editor.
import { extname, resolve } from 'node:path';
import { diagnose } from '../../server/src/analysis/diagnose.js';
import { buildGraph } from '../../server/src/graph/graph.js';
import { exportLayout } from '../../server/src/graph/export.js';
import { renderSvg } from '../../server/src/graph/svg.js';
import { ConfigCache } from './config.js';
import { exitCodes, InputError, UsageError } from './errors.js';
import { describeFileError, displayPath } from './files.js';
import { loadStampOfFile } from './load.js';
import { choiceOption, parseCommandLine } from './options.js';
import { writeFileSafely } from './safe-write.js';
import type { CommandIo } from './output.js';
import { renderThemes, renderUsage, renderViews } from './render-usage.js';
import { graphViews, projectView } from '../../server/src/graph/views.js';

/** Runs `stamp render` and returns its exit code. */
export async function runRenderCommand(args: readonly string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseCommandLine('render', args, { output: { type: 'string', short: 'o' }, theme: { type: 'string' }, scale: { type: 'string' }, view: { type: 'string' } });
  if (values.help) {
    io.stdout(`${renderUsage}\n`);
    return exitCodes.clean;
  }
  if (positionals.length !== 1) throw new UsageError('Name exactly one .stamp file to render.', 'render');
  if (typeof values.output !== 'string') throw new UsageError('Say where to write the diagram with -o out.svg or -o out.png.', 'render');
  const theme = choiceOption('render', 'theme', values.theme, renderThemes, 'light');
  const view = choiceOption('render', 'view', values.view, renderViews, 'topology');
  const scale = scaleOption(values.scale);
  const outputPath = resolve(io.cwd, values.output);
  const extension = extname(outputPath).toLowerCase();
  if (extension !== '.svg' && extension !== '.png') throw new UsageError(`The output must end with .svg or .png, not \`${values.output}\`.`, 'render');

  const path = resolve(io.cwd, positionals[0]);
  const stamp = loadStampOfFile(path, positionals[0], undefined, io.cwd);
  const diagnostics = diagnose(stamp.analysis, new ConfigCache(io.cwd).forFile(path));
  // A file shows the whole view: no container starts closed as in the editor's overview.
  const graph = projectView(buildGraph(stamp.analysis, diagnostics, stamp.uri), view, 'all');
  const viewTitle = graphViews.find((info) => info.name === view)!.title;
  // Laid out for a page: the view as it is when it prints readably on A4, else with containers' children in rows. The
  // page is measured with the title line and the legend it is drawn with.
  const page = { viewTitle, legend: true };
  const svg = renderSvg((await exportLayout(graph, page)).laidOut, { theme, ...page });
  let bytes: Uint8Array = Buffer.from(svg);
  if (extension === '.png') {
    // The rasterizer is a native module: load it only when a PNG is asked for.
    const { renderPng } = await import('../../server/src/graph/png.js');
    bytes = renderPng(svg, { scale });
  }
  try {
    writeFileSafely(outputPath, bytes);
  } catch (error) {
    throw new InputError(`${values.output}: cannot write: ${describeFileError(error)}`);
  }
  io.stderr(`wrote ${displayPath(io.cwd, outputPath)} (${graph.nodes.length} elements)\n`);
  return exitCodes.clean;
}

/** The PNG scale: the rasterizer's default when absent, else a number from 0.1 to 8. */
function scaleOption(value: string | boolean | undefined): number | undefined {
  if (value === undefined) return undefined;
  // A string option's value is always a string.
  const scale = /^[0-9]+(\.[0-9]+)?$/.test(String(value)) ? Number(value) : NaN;
  if (!(scale >= 0.1 && scale <= 8)) throw new UsageError(`--scale must be a number from 0.1 to 8, not \`${String(value)}\`.`, 'render');
  return scale;
}
