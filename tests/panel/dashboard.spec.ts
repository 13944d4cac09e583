import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { startTestWorld, type TestWorld } from '../http/support/test-app.js';
import { laptopPayload } from '../support/commands.js';
import { launchBrowser, openPanelAs } from './browser.js';

const money = (amountMinor: number) =>
  new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'PLN' }).format(amountMinor / 100);

const dayFromNow = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe('The dashboard and the pages it leads to', function () {
  this.timeout(90_000);
  let world: TestWorld;
  let browser: Browser;
  const run = randomUUID().slice(0, 6).toUpperCase();
  const stock = { deviceId: randomUUID(), assetTag: `DSH-S-${run}`, model: 'ThinkPad X1' };
  const held = {
    deviceId: randomUUID(),
    assetTag: `DSH-H-${run}`,
    model: 'Latitude 7440',
    purchaseCost: { amount: 345_600, currency: 'PLN' },
    warrantyEnd: dayFromNow(30),
  };
  const purchases = 549_900 + held.purchaseCost.amount;
  const urgentTitle = `Server room is down ${run}`;
  let urgentTicketId: string;
  let processId: string;

  const created = async (answer: Promise<{ status: number; text: string; body: unknown }>) => {
    const done = await answer;
    expect(done.status, done.text).to.equal(201);
    return (done.body as { ids: Record<string, string> }).ids;
  };
  const openTicket = (priority: string, title: string, deviceId?: string) =>
    created(
      world.technician.post('/tickets', {
        requesterId: world.employeePersonId,
        category: 'incident',
        priority,
        title,
        description: 'It does not work.',
        ...(deviceId ? { deviceId } : {}),
      }),
    );

  before(async () => {
    [world, browser] = await Promise.all([startTestWorld(), launchBrowser()]);
    await created(world.technician.post('/devices', laptopPayload(stock)));
    await created(world.technician.post('/devices', laptopPayload(held)));
    const assigned = await world.technician.post(`/devices/${held.deviceId}/assign`, {
      personId: world.employeePersonId,
    });
    expect(assigned.status, assigned.text).to.equal(200);
    urgentTicketId = (await openTicket('P1', urgentTitle, held.deviceId)).ticketId as string;
    await openTicket('P3', `Printer jams ${run}`);
    await openTicket('P3', `Mouse wheel sticks ${run}`);
    processId = (
      await created(
        world.managerA.post('/processes', {
          scenarioId: 'access-request',
          parameters: { personId: world.employeePersonId, system: 'ERP' },
        }),
      )
    ).processId as string;
    await world.settle();
  });
  after(async () => {
    await browser?.close();
    await world?.close();
  });

  /** Opens `path` in a fresh browser and logs `email` in through the form. */
  const openAs = (email: string, path = '/') => openPanelAs(browser, world.url, email, { path });
  const ticketsRow = (page: Page, priority: string) => page.locator(`tr[data-priority="${priority}"]`);
  const rowTotal = async (page: Page, priority: string) =>
    Number(await ticketsRow(page, priority).locator('td[data-sla-state="total"]').textContent());
  /** Marks the window, so a later check tells whether the page was reloaded in between. */
  const markWindow = (page: Page) => page.evaluate('window.__notReloaded = true');
  const stillSameWindow = async (page: Page) =>
    expect(await page.evaluate('window.__notReloaded')).to.equal(true);

  it('counts the open tickets by priority and SLA state, and counts a new ticket live, without a reload', async () => {
    const page = await openAs(world.managerA.email);
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await ticketsRow(page, 'P1').waitFor();
    expect(await rowTotal(page, 'P1')).to.equal(1);
    expect(await rowTotal(page, 'P2')).to.equal(0);
    expect(await rowTotal(page, 'P3')).to.equal(2);
    expect(await page.locator('[data-tile="openTickets"] dd').textContent()).to.equal('3');
    // Every state's column adds up to the row: the P1 ticket is in exactly one linked cell.
    const p1Links = ticketsRow(page, 'P1').locator('a');
    expect(await p1Links.count()).to.equal(1);
    expect(await p1Links.textContent()).to.equal('1');
    expect(await p1Links.getAttribute('href')).to.match(/^\/tickets\?status=open&priority=P1&slaState=\w+$/);

    await markWindow(page);
    await openTicket('P3', `Keyboard misses a key ${run}`);
    await ticketsRow(page, 'P3')
      .locator('td[data-sla-state="total"]', { hasText: /^3$/ })
      .waitFor({ timeout: 10_000 });
    expect(await rowTotal(page, 'P3')).to.equal(3);
    expect(await page.locator('[data-tile="openTickets"] dd').textContent()).to.equal('4');
    await stillSameWindow(page);

    // The count leads to the tickets list filtered the same way.
    await p1Links.click();
    await page.getByRole('heading', { name: 'Tickets' }).waitFor();
    await page.locator(`tr[data-ticket="${urgentTicketId}"]`).waitFor();
    expect(await page.locator('tr[data-ticket]').count()).to.equal(1);
    expect(await page.getByLabel('Priority').inputValue()).to.equal('P1');
    // Open tickets only, as counted: a resolved ticket breached late is not among them.
    expect(await page.getByLabel('Status').inputValue()).to.equal('open');
    expect(new URL(page.url()).searchParams.get('priority')).to.equal('P1');
    await page.context().close();
  });

  it('shows a running process with its progress bar linking to its card, and the devices by state', async () => {
    const page = await openAs(world.technician.email);
    // The technician serves two companies: the panel asks which one first.
    await page.getByLabel('Company').selectOption(world.tenantA);
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    const process = page.locator(`li[data-process-id="${processId}"]`);
    await process.waitFor();
    const bar = process.locator('progress');
    expect(await bar.getAttribute('value')).to.equal('0');
    expect(await bar.getAttribute('max')).to.equal('2');
    expect(await bar.getAttribute('aria-label')).to.equal('Access request: 0 of 2 steps done');

    const inStock = page.locator('tr[data-device-status="in_stock"]');
    expect(await inStock.locator('th').textContent()).to.equal('In stock');
    expect(await inStock.locator('td').textContent()).to.equal('1');
    expect(await page.locator('tr[data-device-status="assigned"] td').textContent()).to.equal('1');
    expect(await page.locator('tr[data-device-status="retired"]').count()).to.equal(0);
    expect(await page.locator('[data-section="warranties"]').textContent()).to.include(
      'warranty ends within 90 days: 1',
    );
    // A technician sees the costs figures, but not the link to the cost report they may not open.
    expect(await page.getByRole('link', { name: 'See the cost report' }).count()).to.equal(0);

    await inStock.getByRole('link').click();
    await page.locator('table').getByText(stock.assetTag).waitFor();
    expect(await page.getByText(held.assetTag).count()).to.equal(0);

    await page.goto(`${world.url}/`);
    await page.locator(`li[data-process-id="${processId}"] a`).click();
    await page.getByRole('heading', { name: 'Access request' }).waitFor();
    expect(new URL(page.url()).pathname).to.equal(`/processes/${processId}`);
    await page.context().close();
  });

  it("compares this month's costs with last month's in words, with the amount of a purchase", async () => {
    const page = await openAs(world.managerA.email);
    const row = page.locator('[data-section="costs"] tr[data-currency="PLN"]');
    await row.waitFor();
    expect(await row.locator('[data-cell="thisMonth"]').textContent()).to.equal(money(purchases));
    expect(await row.locator('[data-cell="lastMonth"]').textContent()).to.equal(money(0));
    expect(await row.locator('[data-cell="difference"]').textContent()).to.equal(`up by ${money(purchases)}`);
    await page.getByRole('link', { name: 'See the cost report' }).waitFor();
    await page.context().close();
  });

  it("lists a person's tickets and processes on their card, with links", async () => {
    const page = await openAs(world.managerA.email, `/people/${world.employeePersonId}`);
    const ticket = page.locator(`tr[data-person-ticket="${urgentTicketId}"]`);
    await ticket.waitFor();
    expect(await ticket.locator('td').allTextContents()).to.include('P1 – critical');
    expect(await page.locator('tr[data-person-ticket]').count()).to.equal(4);
    const process = page.locator(`tr[data-person-process="${processId}"]`);
    await process.waitFor();
    expect(await process.locator('td').allTextContents()).to.include.members(['Running', '0 of 2']);
    await ticket.getByRole('link', { name: urgentTitle }).click();
    await page.getByRole('heading', { name: urgentTitle }).waitFor();
    // The ticket card names the device by its asset tag and model, linking to the device card.
    const device = page.getByRole('link', { name: `${held.assetTag} · ${held.model}` });
    await device.waitFor();
    expect(await device.getAttribute('href')).to.equal(`/devices/${held.deviceId}`);
    await page.context().close();
  });

  it('shows a ticket opened elsewhere in the open tickets list, without a reload', async () => {
    const page = await openAs(world.managerA.email, '/tickets?priority=P4');
    await page.getByText('No ticket matches these filters.').waitFor();
    await markWindow(page);
    const title = `Webcam is blurry ${run}`;
    const { ticketId } = await openTicket('P4', title);
    await page.locator(`tr[data-ticket="${ticketId}"]`).getByRole('link', { name: title }).waitFor();
    expect(await page.locator('tr[data-ticket]').count()).to.equal(1);
    await stillSameWindow(page);
    await page.context().close();
  });

  it('adds a purchase recorded elsewhere to the open cost report, without a reload', async () => {
    const page = await openAs(world.managerA.email, '/costs');
    const report = page.locator('section[data-currency="PLN"] table');
    await report.getByText(money(purchases)).first().waitFor();
    await markWindow(page);
    const extra = { amount: 100_000, currency: 'PLN' };
    await created(world.technician.post('/devices', laptopPayload({ purchaseCost: extra })));
    await report
      .getByText(money(purchases + extra.amount))
      .first()
      .waitFor({ timeout: 10_000 });
    await stillSameWindow(page);
    await page.context().close();
  });

  it('gives an employee links to their tickets, their devices and a new ticket instead of a dashboard', async () => {
    const page = await openAs(world.employeeA.email);
    await page.getByRole('heading', { name: 'Your IT' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Dashboard' }).count()).to.equal(0);
    const main = page.locator('main');
    for (const name of ['My tickets', 'My devices', 'Open a ticket'])
      await main.getByRole('link', { name }).waitFor();
    expect(await main.getByRole('link', { name: 'Open a ticket' }).getAttribute('href')).to.equal(
      '/tickets/new',
    );
    await main.getByRole('link', { name: 'My devices' }).click();
    await page.locator('table').getByText(held.assetTag).waitFor();
    await page.context().close();
  });
});
