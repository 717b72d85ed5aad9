// What the preview UI tests share: finding the preview's frame, reading nodes, measuring labels on screen, switching views.
import * as assert from 'node:assert/strict';
import type { Frame, Page } from 'playwright-core';
import { waitUntil } from '../editor';

/** The webview's inner frame that shows a diagram holding a node with this data-id (webviews nest two iframes). */
export async function previewFrame(page: Page, nodeId: string, timeoutMs = 45_000): Promise<Frame> {
  return waitUntil(
    async () => {
      for (const frame of page.frames()) {
        const found = await frame
          .evaluate((id) => Array.from(document.querySelectorAll('#viewport svg g[data-id]')).some((element) => element.getAttribute('data-id') === id), nodeId)
          .catch(() => false);
        if (found) return frame;
      }
      return undefined;
    },
    timeoutMs,
    `a preview webview showing ${nodeId}`,
    250,
  );
}

/** The attribute of the node with this data-id in a preview frame, or undefined when the node is absent. */
export async function nodeAttribute(frame: Frame, id: string, attribute: string): Promise<string | null | undefined> {
  return frame.evaluate(
    ({ id, attribute }) => {
      const element = Array.from(document.querySelectorAll('#viewport svg g[data-id]')).find((candidate) => candidate.getAttribute('data-id') === id);
      return element ? element.getAttribute(attribute) : undefined;
    },
    { id, attribute },
  );
}

/** The on-screen size (CSS px: computed font size times the zoom) of every label, sublabel and edge label in view. */
export async function labelSizesInView(frame: Frame): Promise<number[]> {
  return frame.evaluate(() => {
    const svg = document.querySelector('#viewport svg') as SVGSVGElement;
    const viewport = document.getElementById('viewport')!.getBoundingClientRect();
    const sizes: number[] = [];
    for (const text of Array.from(svg.querySelectorAll<SVGTextElement>('text.label, text.sublabel, text.edge-label'))) {
      const box = text.getBoundingClientRect();
      if (box.width === 0 || box.right < viewport.left || box.left > viewport.right || box.bottom < viewport.top || box.top > viewport.bottom) continue;
      const matrix = text.getScreenCTM()!;
      sizes.push(parseFloat(getComputedStyle(text).fontSize) * Math.hypot(matrix.a, matrix.b));
    }
    return sizes.sort((a, b) => a - b);
  });
}

/** Asserts that the initial view shows its labels at 11 CSS px or more, and logs the figures. */
export async function assertReadable(frame: Frame, what: string): Promise<void> {
  const sizes = await labelSizesInView(frame);
  const width = await frame.evaluate(() => Math.round(document.getElementById('viewport')!.getBoundingClientRect().width));
  assert.ok(sizes.length >= 5, `${what}: labels in view: ${sizes.length}`);
  console.log(`${what}: ${sizes.length} labels in the initial view of a ${width} px wide diagram area, smallest ${sizes[0].toFixed(1)} px, median ${sizes[Math.floor(sizes.length / 2)].toFixed(1)} px`);
  assert.ok(sizes[0] >= 11, `${what}: the smallest label is ${sizes[0].toFixed(1)} px`);
}

/** Clicks a view's button in the toolbar and waits for a node of that view. */
export async function switchView(page: Page, frame: Frame, view: string, nodeId: string): Promise<{ frame: Frame; ms: number }> {
  const started = Date.now();
  await frame.locator(`#views button[data-view="${view}"]`).click();
  const next = await previewFrame(page, nodeId, 20_000);
  await waitUntil(async () => (await next.locator(`#views button[data-view="${view}"]`).getAttribute('aria-selected')) === 'true', 10_000, `${view} selected`);
  return { frame: next, ms: Date.now() - started };
}

