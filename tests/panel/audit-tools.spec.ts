import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { expect } from 'chai';
import type { Browser, Download, Page } from 'playwright-core';
import { importAndVerify } from '../../audit/export.js';
import { sealTenant } from '../../audit/seal.js';
import { createPostgresEventStore, type EventStore } from '../../event-store/index.js';
import { startTestWorld, type TestWorld } from '../http/support/test-app.js';
import { laptopPayload } from '../support/commands.js';
import { launchBrowser, openPanelAs, type PanelVisit } from './browser.js';

/** axe-core's browser bundle, as tests/panel/accessibility.spec.ts injects it. */
const axeSource = (createRequire(import.meta.url)('axe-core') as { source: string }).source;

/** What axe finds against WCAG 2.1 A and AA in the page as it is now (the states a page visit does not reach). */
const violationsOf = async (page: Page) => {
  if ((await page.evaluate('typeof axe')) === 'undefined') await page.addScriptTag({ content: axeSource });
  const result = (await page.evaluate(
    "axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })",
  )) as { violations: Array<{ id: string; help: string }> };
  return result.violations.map((violation) => `${violation.id}: ${violation.help}`);
};

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The test world's companies keep their clocks in Warsaw (tests/support/commands.ts). */
const companyZone = 'Europe/Warsaw';

/** Now on the company's clock, as the date and time inputs take it (`2026-03-31`, `17:30:05`). */
const companyClockNow = () => {
  const [date = '', time = ''] = new Intl.DateTimeFormat('sv-SE', {
    timeZone: companyZone,
    dateStyle: 'short',
    timeStyle: 'medium',
  })
    .format(new Date())
    .split(' ');
  return { date, time };
};

describe('The audit tools page in the panel', function () {
  this.timeout(120_000);
  let world: TestWorld;
  let browser: Browser;
  let raw: EventStore;
  const device = { deviceId: randomUUID(), assetTag: `TLS-${randomUUID().slice(0, 6).toUpperCase()}` };

  before(async () => {
    [world, browser] = await Promise.all([startTestWorld(), launchBrowser()]);
    raw = createPostgresEventStore({ pool: world.app.database.pool });
    const registered = await world.technician.post('/devices', laptopPayload(device));
    expect(registered.status, registered.text).to.equal(201);
    await world.settle();
    // A rebuild as of "now, to the second" then surely covers the device.
    await pause(1100);
  });
  after(async () => {
    await browser?.close();
    await raw?.close();
    await world?.close();
  });

  /** Opens the audit tools as `email` in a fresh browser, logged in through the form. */
  const openTools = async (email: string, visit: PanelVisit = {}) => {
    const page = await openPanelAs(browser, world.url, email, { path: '/audit-tools', ...visit });
    await page.getByRole('heading', { name: 'Audit tools' }).waitFor();
    return page;
  };
  const verifyStatus = (page: Page) =>
    page.locator('section[aria-labelledby="audit-verify-title"] [role="status"]');
  /** Chooses a file for the seal input, as if picked from the disk. */
  const chooseSeal = (page: Page, content: string) =>
    page.getByLabel('Seal file kept outside (optional)').setInputFiles({
      name: 'seal.json',
      mimeType: 'application/json',
      buffer: Buffer.from(content),
    });
  const downloaded = async (download: Download) => readFile((await download.path()) as string, 'utf8');

  it('verifies the history for an auditor and says it is intact, counting events and streams', async () => {
    const page = await openTools(world.auditorA.email);
    await page.getByRole('button', { name: 'Verify the history' }).click();
    await page.locator('[data-verified="true"]').waitFor();
    expect(await verifyStatus(page).textContent()).to.match(
      /^OK: the history is intact\. \d+ events in \d+ streams verified\.$/,
    );
    // The outcome takes the focus.
    expect(await page.evaluate('document.activeElement?.getAttribute("role")')).to.equal('status');
    await page.context().close();
  });

  it('checks a seal file chosen in the browser: a matching one is OK, a changed one is named in words', async () => {
    const seal = await sealTenant(raw, world.tenantA);
    const page = await openTools(world.auditorA.email);

    await chooseSeal(page, JSON.stringify(seal));
    await page.getByRole('button', { name: 'Verify the history' }).click();
    await page.locator('[data-verified="true"]').waitFor();
    expect(await verifyStatus(page).textContent()).to.match(
      new RegExp(`the seal file matches \\(${seal.heads.length} sealed stream heads checked\\)\\.$`),
    );

    await chooseSeal(page, JSON.stringify({ ...seal, hash: '0'.repeat(64) }));
    await page.getByRole('button', { name: 'Verify the history' }).click();
    await page.locator('[data-verified="false"]').waitFor();
    expect(await verifyStatus(page).textContent()).to.match(/^Problems found: 1\./);
    const problem = page.getByRole('table', { name: 'What the verification found' }).locator('tbody tr');
    expect(await problem.getAttribute('data-kind')).to.equal('seal_tampered');
    expect(await problem.getByRole('rowheader').textContent()).to.equal(
      'Seal changed: the seal file does not match its own hash',
    );
    expect(await problem.locator('td').first().textContent()).to.equal('the seal file');
    expect(await violationsOf(page)).to.deep.equal([]);
    await page.context().close();
  });

  it('refuses a file that is not JSON, or a seal of another company, next to the file field', async () => {
    const page = await openTools(world.auditorA.email);
    await chooseSeal(page, 'not a seal');
    await page.getByText('The chosen file is not JSON, so it cannot be a seal.').waitFor();
    expect(await page.getByLabel('Seal file kept outside (optional)').getAttribute('aria-invalid')).to.equal(
      'true',
    );

    await chooseSeal(page, JSON.stringify(await sealTenant(raw, world.tenantB)));
    await page.getByRole('button', { name: 'Verify the history' }).click();
    await page.getByRole('alert').filter({ hasText: 'The seal file was not accepted' }).waitFor();
    expect(await page.locator('#verify-seal-error').textContent()).to.equal(
      'tenantId: not the tenant this request acts in',
    );
    expect(await page.locator('[data-verified]').count()).to.equal(0);
    await page.context().close();
  });

  it('downloads the full history as an NDJSON file that verifies offline', async () => {
    const page = await openTools(world.auditorA.email);
    const link = page.getByRole('link', { name: 'Download the full history (NDJSON)' });
    expect(await link.getAttribute('href')).to.equal('/api/v1/audit/export');
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).to.match(
      new RegExp(`^history-${world.tenantA}-\\d{4}-\\d{2}-\\d{2}\\.ndjson$`),
    );
    const lines = (await downloaded(download)).trim().split('\n');
    expect(JSON.parse(lines[0] as string)).to.include({
      format: 'it-ops-panel/export@1',
      tenantId: world.tenantA,
    });
    expect(lines.some((line) => line.includes(device.deviceId))).to.equal(true);
    const report = await importAndVerify((await download.path()) as string);
    expect(report.ok, JSON.stringify(report.problems)).to.equal(true);
    await page.context().close();
  });

  it('puts the chosen company in the download links of an administrator serving several', async () => {
    const page = await openPanelAs(browser, world.url, world.mspAdmin.email, { path: '/audit-tools' });
    await page.evaluate(`localStorage.setItem('itp.tenant', '${world.tenantA}')`);
    await page.reload();
    await page.getByRole('heading', { name: 'Audit tools' }).waitFor();
    expect(
      await page.getByRole('link', { name: 'Download the full history (NDJSON)' }).getAttribute('href'),
    ).to.equal(`/api/v1/audit/export?tenant=${world.tenantA}`);
    await page.context().close();
  });

  it('seals now and shows the new seal first, by the auditor, with its file to keep outside', async () => {
    const page = await openTools(world.auditorA.email);
    const seals = page.getByRole('table', { name: 'Recorded seals, newest first' }).locator('tbody tr');
    await page
      .locator('section[aria-labelledby="audit-seals-title"] [aria-busy="true"]')
      .waitFor({ state: 'detached' });
    const before = await seals.count();

    await page.getByRole('button', { name: 'Seal now' }).click();
    await page.getByText('Sealed: the new seal is at the top of the list.').waitFor();
    await seals.nth(before).waitFor();
    const newest = seals.first();
    const checkpoint = (await newest.getAttribute('data-checkpoint')) as string;
    expect(checkpoint).to.match(/^\d{20}:\d{20}$/);
    expect(await newest.locator('td').allTextContents()).to.include('Auditor (you)');
    // The time shows on the company's clock.
    const sealedAt = (await newest.locator('time').getAttribute('datetime')) as string;
    expect(await newest.locator('time').textContent()).to.equal(
      new Intl.DateTimeFormat('en-GB', {
        dateStyle: 'medium',
        timeStyle: 'short',
        timeZone: companyZone,
      }).format(new Date(sealedAt)),
    );

    const file = newest.getByRole('link', { name: /^Download the file of the seal of / });
    const [download] = await Promise.all([page.waitForEvent('download'), file.click()]);
    const seal = JSON.parse(await downloaded(download));
    expect(seal).to.include({ format: 'it-ops-panel/seal@1', tenantId: world.tenantA, checkpoint });

    // The file kept outside verifies the history back in the same page.
    await chooseSeal(page, JSON.stringify(seal));
    await page.getByRole('button', { name: 'Verify the history' }).click();
    await page.locator('[data-verified="true"]').waitFor();
    expect(await verifyStatus(page).textContent()).to.include('the seal file matches');
    await page.context().close();
  });

  it('says which date is missing or in the future instead of starting a rebuild', async () => {
    const page = await openTools(world.auditorA.email);
    const start = page.getByRole('button', { name: 'Rebuild as of this moment' });
    await start.click();
    await page.locator('#rebuild-date-error').getByText('Choose a date.').waitFor();

    await page.getByLabel('Date', { exact: true }).fill(`${new Date().getUTCFullYear() + 1}-01-01`);
    await start.click();
    await page.locator('#rebuild-date-error').getByText('in the future: the history ends now').waitFor();
    expect(await page.locator('tr[data-rebuild]').count()).to.equal(0);
    await page.context().close();
  });

  it('rebuilds the read models as of a moment, shows a device as it stood, and deletes the rebuild', async () => {
    const page = await openTools(world.auditorA.email);
    const { date, time } = companyClockNow();
    await page.getByLabel('Date', { exact: true }).fill(date);
    await page.getByLabel('Time (optional)').fill(time);
    await page.getByRole('button', { name: 'Rebuild as of this moment' }).click();
    await page.getByText(/^The rebuild as of .+ has started; its progress shows in the list\.$/).waitFor();

    // The list is read again every second while it builds.
    const rebuild = page.locator('tr[data-rebuild]');
    await rebuild.and(page.locator('[data-status="ready"]')).waitFor({ timeout: 60_000 });
    const when = (await rebuild.getByRole('rowheader').textContent()) as string;
    // The moment typed on the company's clock shows back on it.
    expect(when).to.equal(
      new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(
        new Date(`${date}T${time}Z`),
      ),
    );

    // Its rows counted, all tables together (the one rebuild is read for them, once).
    await rebuild
      .locator('td')
      .nth(2)
      .filter({ hasText: /^[1-9][\d,]* rows$/ })
      .waitFor();
    // Nothing builds any more: the list is not read again.
    const reads: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/api/v1/audit/rebuilds') reads.push(request.url());
    });
    await pause(2500);
    expect(reads).to.deep.equal([]);

    await rebuild.getByRole('button', { name: `Open the read models as of ${when}` }).click();
    const opened = page.getByRole('heading', { name: `The read models as of ${when}` });
    await opened.waitFor();
    expect(await page.evaluate('document.activeElement?.tagName')).to.equal('H4');
    const deviceList = page
      .getByRole('table', { name: 'Tables of this rebuild, with their rows' })
      .locator('tr[data-table="device_list"]');
    expect(await deviceList.locator('td').first().textContent()).to.equal('1 row');
    await deviceList.getByRole('button', { name: 'Show the rows of device_list' }).click();

    const rows = page.getByRole('table', { name: `device_list as of ${when}, in key order` });
    await rows.waitFor();
    await page.getByText('Rows 1–1 of 1.').waitFor();
    const cells = await rows.locator('tbody tr').first().locator('th, td').allTextContents();
    expect(cells).to.include.members([device.deviceId, device.assetTag, 'in_stock']);
    expect(await rows.locator('thead th').allTextContents()).to.include.members(['device_id', 'asset_tag']);
    expect(await violationsOf(page)).to.deep.equal([]);

    await rebuild.getByRole('button', { name: `Delete the rebuild as of ${when}` }).click();
    await page.getByText(`The rebuild as of ${when} was deleted.`).waitFor();
    await rebuild.waitFor({ state: 'detached' });
    expect(await opened.count()).to.equal(0);
    await page.getByText('No rebuild yet. Choose a date above to start one.').waitFor();
    const left = await world.auditorA.get('/audit/rebuilds');
    expect(left.body.items).to.deep.equal([]);
    await page.context().close();
  });

  it('hides the audit tools from an employee: no menu entry, and its address says not found', async () => {
    const page = await openPanelAs(browser, world.url, world.employeeA.email);
    const menu = page.getByRole('navigation', { name: 'Menu' });
    await menu.getByRole('link', { name: 'Devices' }).waitFor();
    expect(await menu.getByRole('link', { name: 'Audit tools' }).count()).to.equal(0);
    await page.goto(`${world.url}/audit-tools`);
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).to.match(/^Not found/);
    expect(await page.getByRole('heading', { name: 'Audit tools' }).count()).to.equal(0);
    await page.context().close();
  });

  it('speaks Polish after switching the language', async () => {
    const page = await openPanelAs(browser, world.url, world.managerA.email);
    const menu = page.getByRole('navigation', { name: 'Menu' });
    await menu.getByRole('link', { name: 'Audit tools' }).waitFor();
    await page.getByLabel('Language').selectOption('pl');
    await menu.getByRole('link', { name: 'Narzędzia audytu' }).click();
    await page.getByRole('heading', { name: 'Narzędzia audytu' }).waitFor();
    for (const heading of [
      'Weryfikacja historii',
      'Eksport historii',
      'Pieczęcie',
      'Modele odczytu na wybrany dzień',
    ]) {
      await page.getByRole('heading', { name: heading }).waitFor();
    }
    await page.getByRole('link', { name: 'Pobierz pełną historię (NDJSON)' }).waitFor();
    await page.getByRole('button', { name: 'Zweryfikuj historię' }).click();
    await page.locator('[data-verified="true"]').waitFor();
    expect(await verifyStatus(page).textContent()).to.match(
      /^OK: historia jest nienaruszona\. Sprawdzono \d+ zdarze(nie|nia|ń) w \d+ strumieni(u|ach)\. Pieczęcie zapisane w historii również się zgadzają: \d+\.$/,
    );
    await page.getByLabel('Godzina (opcjonalnie)').waitFor();
    await page.context().close();
  });
});
