import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { type Client, startTestWorld, type TestWorld } from '../http/support/test-app.js';
import { launchBrowser, openPanelAs } from './browser.js';

describe("The panel: the technician's queue across companies", function () {
  this.timeout(90_000);
  let world: TestWorld;
  let browser: Browser;
  let serverDown: string;
  let betaMail: string;
  before(async () => {
    [world, browser] = await Promise.all([startTestWorld(), launchBrowser()]);
    serverDown = await openTicket(world.managerA, world.employeePersonId, 'P1', 'Server down');
    betaMail = await openTicket(world.managerB, world.personB, 'P3', 'Beta mail');
    const started = await world.managerA.post('/processes', {
      scenarioId: 'onboarding-office',
      parameters: { personId: world.employeePersonId, startDate: '2026-12-01' },
    });
    expect(started.status, started.text).to.equal(201);
    await world.settle();
  });
  after(async () => {
    await browser?.close();
    await world?.close();
  });

  const openTicket = async (client: Client, requesterId: string, priority: string, title: string) => {
    const opened = await client.post('/tickets', {
      requesterId,
      category: 'incident',
      priority,
      title,
      description: '',
    });
    expect(opened.status, opened.text).to.equal(201);
    return (opened.body as { ids: { ticketId: string } }).ids.ticketId;
  };
  /** Logs the technician in on the home page, with no company chosen yet. */
  const technicianHome = async () => {
    const page = await openPanelAs(browser, world.url, world.technician.email);
    await page.getByRole('heading', { name: 'My queue' }).waitFor();
    return page;
  };
  const row = (page: Page, item: string) => page.locator(`tr[data-item="${item}"]`);

  it('shows tickets and ready tasks of both companies before any company is chosen, most urgent first', async () => {
    const page = await technicianHome();
    await row(page, serverDown).waitFor();

    const items: string[] = [];
    for (const each of await page.locator('tbody tr').all()) {
      items.push(`${await each.getAttribute('data-kind')}:${await each.getAttribute('data-item')}`);
    }
    expect(items.slice(0, 2)).to.deep.equal([`ticket:${serverDown}`, `ticket:${betaMail}`]);
    expect(items).to.include.members(['task:create-account', 'task:prepare-laptop']);
    expect(await row(page, betaMail).locator('td').nth(2).textContent()).to.equal('Beta GmbH');
    expect(await row(page, serverDown).getByRole('link').textContent()).to.equal(
      'P1 – critical: Server down',
    );
    expect(await row(page, serverDown).locator('[data-cell="who"]').textContent()).to.equal('nobody yet');
    await page.context().close();
  });

  it("opens another company's ticket from the queue, switching the company with it", async () => {
    const page = await technicianHome();
    await row(page, betaMail).getByRole('link').click();

    await page.getByRole('heading', { name: 'Beta mail' }).waitFor();
    expect(await page.getByLabel('Company').inputValue()).to.equal(world.tenantB);
    expect(new URL(page.url()).pathname).to.equal(`/tickets/${betaMail}`);
    await page.context().close();
  });

  it('shows a ticket opened meanwhile in either company without a reload', async () => {
    const page = await technicianHome();
    await row(page, serverDown).waitFor();
    await page.evaluate('window.__notReloaded = true');

    const printer = await openTicket(world.managerB, world.personB, 'P2', 'Printer on fire');

    await row(page, printer).waitFor();
    expect(await page.evaluate('window.__notReloaded')).to.equal(true);
    await page.context().close();
  });

  it('narrows the queue to what the technician took up', async () => {
    const assigned = await world.technician.post(`/tickets/${serverDown}/assign`, {
      assigneeId: world.technician.accountId,
      assigneeRole: 'technician',
    });
    expect(assigned.status, assigned.text).to.equal(200);
    const page = await technicianHome();
    await row(page, serverDown).locator('[data-cell="who"]', { hasText: 'you' }).waitFor();

    await page.getByLabel('Only what I took up or was assigned').check();

    await page.waitForFunction("document.querySelectorAll('tbody tr').length === 1");
    expect(await row(page, serverDown).count()).to.equal(1);
    await page.context().close();
  });

  it('is not offered to a client manager: the page says not found', async () => {
    const page = await openPanelAs(browser, world.url, world.managerA.email, { path: '/queue' });

    await page.getByRole('alert').filter({ hasText: 'Not found' }).waitFor();
    expect(await page.getByRole('navigation', { name: 'Menu' }).getByText('My queue').count()).to.equal(0);
    await page.context().close();
  });
});
