import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { startTestWorld, type TestWorld } from '../http/support/test-app.js';
import { laptopPayload } from '../support/commands.js';
import { launchBrowser, openPanelAs } from './browser.js';

const dayFromNow = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
/** This month as the browser names it in its own time zone (the page's default range ends there). */
const localMonth = () => {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
};
const money = (locale: string, amountMinor: number) =>
  new Intl.NumberFormat(locale, { style: 'currency', currency: 'PLN' }).format(amountMinor / 100);

describe('Costs and the replacement plan in the panel', function () {
  this.timeout(90_000);
  let world: TestWorld;
  let browser: Browser;
  const run = randomUUID().slice(0, 6).toUpperCase();
  const desk = {
    deviceId: randomUUID(),
    assetTag: `CST-D-${run}`,
    purchaseCost: { amount: 250000, currency: 'PLN' },
  };
  const expiring = {
    deviceId: randomUUID(),
    assetTag: `CST-W-${run}`,
    purchaseCost: { amount: 120000, currency: 'PLN' },
    warrantyEnd: dayFromNow(30),
  };
  const purchases = desk.purchaseCost.amount + expiring.purchaseCost.amount;

  before(async () => {
    [world, browser] = await Promise.all([startTestWorld(), launchBrowser()]);
    for (const device of [desk, expiring]) {
      const registered = await world.technician.post('/devices', laptopPayload(device));
      expect(registered.status, registered.text).to.equal(201);
    }
    const ticket = await world.technician.post('/tickets', {
      requesterId: world.employeePersonId,
      deviceId: desk.deviceId,
      category: 'incident',
      priority: 'P3',
      title: 'Docking station flickers',
      description: 'The external screen flickers.',
    });
    expect(ticket.status, ticket.text).to.equal(201);
    const logged = await world.technician.post(`/tickets/${ticket.body.ids.ticketId}/work-logs`, {
      minutes: 30,
      billable: true,
      note: 'Replaced the cable',
    });
    expect(logged.status, logged.text).to.equal(201);
    await world.settle();
  });
  after(async () => {
    await browser?.close();
    await world?.close();
  });

  /** Opens `path` in a fresh browser and logs `email` in through the form. */
  const openAs = (email: string, path = '/') => openPanelAs(browser, world.url, email, { path });
  const menu = (page: Page) => page.getByRole('navigation', { name: 'Menu' });

  it('shows a client manager the costs of the last twelve months as a drawn chart, a money table and a CSV', async () => {
    const page = await openAs(world.managerA.email);
    await menu(page).getByRole('link', { name: 'Costs' }).click();
    await page.getByRole('heading', { name: 'Costs', exact: true }).waitFor();
    const month = localMonth();
    expect(await page.getByLabel('To month').inputValue()).to.equal(month);
    expect(await page.getByLabel('From month').inputValue()).to.match(/^\d{4}-\d{2}$/);

    const row = page.locator(`section[data-currency="PLN"] tr[data-month="${month}"]`);
    await row.waitFor();
    expect(await row.locator('td[data-category="purchase"]').textContent()).to.equal(
      money('en-GB', purchases),
    );
    // 30 billable minutes at the tenant's rate of 180 PLN an hour.
    expect(await row.locator('td[data-category="labour"]').textContent()).to.equal(money('en-GB', 9000));
    expect(await page.locator('section[data-currency="PLN"] thead th').allTextContents()).to.include.members([
      'Month',
      'Purchases',
      'IT team work',
      'Total',
    ]);

    const canvas = page.getByRole('img', { name: /Bar chart of costs in PLN by month/ });
    await canvas.waitFor();
    await page.locator('section[data-currency="PLN"] canvas[data-drawn="true"]').waitFor();
    const box = await canvas.boundingBox();
    expect(box?.width ?? 0).to.be.greaterThan(0);
    expect(box?.height ?? 0).to.be.greaterThan(0);
    const [drawn, blank] = await canvas.evaluate((element) => {
      // biome-ignore lint/suspicious/noExplicitAny: the test's TypeScript has no DOM types
      const chart = element as any;
      const empty = chart.ownerDocument.createElement('canvas');
      empty.width = chart.width;
      empty.height = chart.height;
      return [chart.toDataURL().length as number, empty.toDataURL().length as number];
    });
    expect(drawn).to.be.greaterThan(blank);

    const href = await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href');
    expect(href).to.match(
      new RegExp(`^/api/v1/reports/costs\\?format=csv&fromMonth=\\d{4}-\\d{2}&toMonth=${month}$`),
    );
    const csv = await page.request.get(`${world.url}${href}`);
    expect(csv.status()).to.equal(200);
    expect(csv.headers()['content-type']).to.match(/^text\/csv/);
    expect(await csv.text()).to.include(`${month},purchase,PLN,${purchases},2`);

    // The ticket's requester is in a cost centre; the purchases in stock are in none.
    const centres = page.locator('tr[data-cost-centre]');
    await centres.first().waitFor();
    expect(await page.locator('tr[data-cost-centre=""] td').textContent()).to.equal(
      money('en-GB', purchases),
    );
    await page.context().close();
  });

  it('says so when the chosen months have no costs, and refuses a range that ends before it starts', async () => {
    const page = await openAs(world.managerA.email, '/costs?fromMonth=2001-01&toMonth=2001-12');
    await page.getByText('There are no costs in these months.').waitFor();
    expect(await page.locator('canvas').count()).to.equal(0);
    await page.getByLabel('From month').fill('2002-01');
    await page.getByRole('alert').getByText('The first month must not come after the last one.').waitFor();
    expect(await page.getByRole('button', { name: 'Show' }).isDisabled()).to.equal(true);
    await page.context().close();
  });

  it('lists in the replacement plan a device whose warranty ends within 90 days, with why and what it costs', async () => {
    const page = await openAs(world.technician.email);
    // The technician serves two companies: the panel asks which one first.
    await page.getByText('You work for several companies').waitFor();
    await page.getByLabel('Company').selectOption(world.tenantA);
    await menu(page).getByRole('link', { name: 'Replacement plan' }).click();
    await page.getByRole('heading', { name: 'Replacement plan' }).waitFor();
    const row = page.locator(`tr[data-device="${expiring.assetTag}"]`);
    await row.waitFor();
    expect(await page.locator(`tr[data-device="${desk.assetTag}"]`).count()).to.equal(0);
    expect(await row.locator('td').allTextContents()).to.include.members([
      'Laptop',
      'In stock',
      'Warranty ends within 90 days',
      money('en-GB', expiring.purchaseCost.amount),
    ]);
    expect(
      await menu(page).getByRole('link', { name: 'Costs' }).count(),
      'a technician sees no costs',
    ).to.equal(0);
    const csv = await page.request.get(
      `${world.url}${await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href')}`,
    );
    expect(csv.headers()['content-type']).to.match(/^text\/csv/);
    expect(await csv.text()).to.include(expiring.assetTag);

    await row.getByRole('link', { name: expiring.assetTag }).click();
    await page.waitForURL(`${world.url}/devices/${expiring.deviceId}`);
    await page.context().close();
  });

  it('speaks Polish on both pages after switching the language', async () => {
    const page = await openAs(world.managerA.email);
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.getByLabel('Language').selectOption('pl');
    await menu(page).getByRole('link', { name: 'Koszty' }).click();
    await page.getByRole('heading', { name: 'Koszty', exact: true }).waitFor();
    const row = page.locator(`section[data-currency="PLN"] tr[data-month="${localMonth()}"]`);
    await row.waitFor();
    expect(await row.locator('td[data-category="purchase"]').textContent()).to.equal(
      money('pl-PL', purchases),
    );
    expect(await page.locator('section[data-currency="PLN"] thead th').allTextContents()).to.include.members([
      'Miesiąc',
      'Zakupy',
      'Praca zespołu IT',
      'Razem',
    ]);
    await page.getByRole('img', { name: /Wykres słupkowy kosztów w PLN według miesięcy/ }).waitFor();
    await page.getByRole('link', { name: 'Pobierz CSV' }).waitFor();

    await menu(page).getByRole('link', { name: 'Plan wymiany' }).click();
    await page.getByRole('heading', { name: 'Plan wymiany' }).waitFor();
    const planned = page.locator(`tr[data-device="${expiring.assetTag}"]`);
    await planned.waitFor();
    expect(await planned.locator('td').allTextContents()).to.include('Gwarancja kończy się w ciągu 90 dni');
    await page.context().close();
  });

  it('keeps the costs from an employee: no menu entry, and the address shows "not found"', async () => {
    const page = await openAs(world.employeeA.email);
    await page.getByRole('heading', { name: 'Your IT' }).waitFor();
    expect(await menu(page).getByRole('link', { name: 'Costs' }).count()).to.equal(0);
    expect(await menu(page).getByRole('link', { name: 'Replacement plan' }).count()).to.equal(0);
    await page.goto(`${world.url}/costs`);
    await page
      .getByRole('alert')
      .getByText(/^Not found/)
      .waitFor();
    expect(await page.locator('table').count()).to.equal(0);
    await page.context().close();
  });
});
