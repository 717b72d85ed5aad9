// Debian's Chromium driven by playwright-core (no browser download: executablePath), ended by PID.
import { chromium, type Browser, type BrowserContext, type Page, type ConsoleMessage } from 'playwright-core';
import { editors } from './paths';
import { killGroup, track, withTimeout } from './processes';

/** The flags that work on this offline machine (see shared testing.md). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Chromium {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  pid: number;
  /** Console lines the page printed (the extension host's output reaches it too). */
  console: string[];
  close(): Promise<void>;
}

/** Launches Chromium as a browser server (so its PID is known), connects and opens one page. */
export async function launchChromium(options: { width?: number; height?: number } = {}): Promise<Chromium> {
  const server = await chromium.launchServer({
    executablePath: editors().chromium,
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: 60_000,
    handleSIGINT: false,
    handleSIGTERM: false,
  });
  const pid = server.process().pid!;
  track(pid);
  const close = async () => {
    await withTimeout(server.close(), 10_000, 'chromium to close').catch(() => undefined);
    await killGroup(pid, 1000);
  };
  try {
    const browser = await withTimeout(chromium.connect(server.wsEndpoint(), { timeout: 30_000 }), 40_000, 'connect to chromium');
    const context = await browser.newContext({
      viewport: { width: options.width ?? 1440, height: options.height ?? 900 },
      // The workbench reads the clipboard in some commands; permission avoids a prompt.
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    context.setDefaultTimeout(30_000);
    const page = await context.newPage();
    const lines: string[] = [];
    page.on('console', (message: ConsoleMessage) => {
      lines.push(`[${message.type()}] ${message.text()}`);
    });
    page.on('pageerror', (error) => lines.push(`[pageerror] ${error.message}`));
    return {
      browser,
      context,
      page,
      pid,
      console: lines,
      close: async () => {
        await withTimeout(browser.close(), 10_000, 'browser to close').catch(() => undefined);
        await close();
      },
    };
  } catch (error) {
    await close();
    throw error;
  }
}
