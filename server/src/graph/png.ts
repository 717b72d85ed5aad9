// Rasterizes a rendered diagram to PNG without a browser, for the CLI and tests (resvg, a native module: keep it out of the extension bundle).
import { Resvg } from '@resvg/resvg-js';

/** Renders SVG text to PNG bytes at a scale (2 gives a sharp image on high-density screens). */
export function renderPng(svg: string, options: { scale?: number } = {}): Buffer {
  const renderer = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: options.scale ?? 1.5 },
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
    background: 'rgba(0,0,0,0)',
  });
  return Buffer.from(renderer.render().asPng());
}
