import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

// Flags that keep Chromium from reaching out to the network this machine does not have.
const quiet = [
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

/**
 * Headless Chromium for the browser specs and the screenshots: Debian's package when installed, else the
 * one @sparticuz/chromium unpacks (no download at run time).
 */
export const launchBrowser = async (): Promise<Browser> => {
  if (existsSync('/usr/bin/chromium')) {
    return chromium.launch({
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', ...quiet],
    });
  }
  const { default: packaged } = await import('@sparticuz/chromium');
  return chromium.launch({
    executablePath: await packaged.executablePath(),
    headless: true,
    // Its defaults are for one-shot serverless use: in a single process, closing a context ends the browser.
    args: [...packaged.args.filter((arg) => arg !== '--single-process'), ...quiet],
  });
};
