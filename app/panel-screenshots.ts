import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import type { Page } from 'playwright-core';
import { launchBrowser } from './browser.js';
import { loadConfig } from './config.js';
import { demoLogins } from './demo/demo-logins.js';
import { startApp } from './start-app.js';

/**
 * `npm run screenshots`: the demo in a throwaway database, the panel in headless Chromium, and a picture of
 * each main view in Polish and English under docs/screenshots/ (the README shows them).
 */
const outDir = path.resolve('docs/screenshots');

const main = async () => {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'it-ops-screens-'));
  const app = await startApp({
    config: loadConfig({ DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent' }),
    roles: ['write-api', 'read-api', 'projector'],
    logger: pino({ level: 'silent' }),
    seedDemo: true,
  });
  const browser = await launchBrowser();
  try {
    const { rows } = await app.database.pool.query<{ checkpoint: string }>(
      `select lpad(transaction_id::text, 20, '0') || ':' || lpad(global_position::text, 20, '0') as checkpoint
         from es_events order by transaction_id desc, global_position desc limit 1`,
    );
    const last = rows[0]?.checkpoint;
    if (last) await app.runner()?.waitForCheckpoint(last, 120_000);
    await mkdir(outDir, { recursive: true });
    const url = app.url as string;
    const login = (role: string) => {
      const found = demoLogins.find((l) => l.role === role);
      if (!found) throw new Error(`no demo login for ${role}`);
      return found;
    };
    for (const language of ['en', 'pl'] as const) {
      const shots: Array<[string, string, string | undefined]> = [
        ['client_manager', 'dashboard', '/'],
        ['client_manager', 'devices', '/devices'],
        ['client_manager', 'device-card', undefined],
        ['client_manager', 'tickets', '/tickets'],
        ['client_manager', 'processes', '/processes'],
        ['client_manager', 'process-card', undefined],
        ['client_manager', 'costs', '/costs'],
        ['auditor', 'audit-log', '/audit-log'],
        ['auditor', 'audit-tools', '/audit-tools'],
        ['technician', 'queue', '/queue'],
        ['msp_admin', 'companies', '/companies'],
      ];
      const pages = new Map<string, Page>();
      for (const [role, name, target] of shots) {
        let page = pages.get(role);
        if (!page) {
          const context = await browser.newContext({
            locale: language === 'pl' ? 'pl-PL' : 'en-GB',
            viewport: { width: 1280, height: 900 },
          });
          page = await context.newPage();
          await page.goto(url);
          const account = login(role);
          await page.locator('input[name=email]').fill(account.email);
          await page.locator('input[name=password]').fill(account.password);
          await page.locator('button[type=submit]').click();
          await page.locator('nav').waitFor();
          pages.set(role, page);
        }
        if (target) {
          await page.goto(`${url}${target}`);
        } else {
          // A card: the first entry of the list shown before it.
          const link = page.locator('main table a').first();
          await link.click();
        }
        await page.waitForLoadState('networkidle');
        await page
          .locator('[aria-busy="true"]')
          .first()
          .waitFor({ state: 'detached', timeout: 10_000 })
          .catch(() => undefined);
        await page.screenshot({ path: path.join(outDir, `${language}-${name}.png`), fullPage: false });
        console.log(`${language}-${name}.png`);
      }
      for (const page of pages.values()) await page.context().close();
    }
  } finally {
    await browser.close();
    await app.close();
    await rm(dataDir, { recursive: true, force: true });
  }
};

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
