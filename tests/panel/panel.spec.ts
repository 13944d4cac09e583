import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { request, startTestWorld, type TestWorld } from '../http/support/test-app.js';
import { launchBrowser, logInThroughForm, openPanel, openPanelAs } from './browser.js';

describe('The panel in a browser', function () {
  this.timeout(90_000);
  let world: TestWorld;
  let browser: Browser;
  before(async () => {
    world = await startTestWorld();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await world?.close();
  });

  /** Opens the home page in a fresh browser and logs `email` in through the form. */
  const openAs = (email: string) => openPanelAs(browser, world.url, email);

  it('serves its pages and bundled assets from the app, and keeps API paths for the API', async () => {
    const page = await request(world.url, 'GET', '/');
    expect(page.status).to.equal(200);
    expect(page.headers.get('content-type')).to.match(/text\/html/);
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(page.text)?.[1];
    expect(script, page.text).to.be.a('string');
    expect(page.text).not.to.match(/https?:\/\//);
    const asset = await request(world.url, 'GET', script as string);
    expect(asset.status).to.equal(200);
    expect(asset.headers.get('cache-control')).to.include('immutable');
    expect((await request(world.url, 'GET', '/devices/some-device')).text).to.equal(page.text);
    const api = await request(world.url, 'GET', '/api/v1/no-such-thing');
    expect(api.status).to.equal(401);
  });

  it('logs a client manager in and shows the dashboard with the company figures', async () => {
    const page = await openAs(world.managerA.email);
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    expect(await page.getByText('Signed in as manager-a').count()).to.equal(1);
    const tiles = await page.locator('[data-tile] dd').allTextContents();
    expect(tiles).to.have.length(4);
    for (const tile of tiles) expect(tile).to.match(/^\d+$/);
    await page.context().close();
  });

  it("updates a client manager's open dashboard when a technician opens a ticket, without a reload", async () => {
    const page = await openAs(world.managerA.email);
    const openTickets = page.locator('[data-tile="openTickets"] dd');
    await openTickets.waitFor();
    const before = Number(await openTickets.textContent());
    const opened = await world.technician.post('/tickets', {
      requesterId: world.employeePersonId,
      category: 'incident',
      priority: 'P2',
      title: 'Docking station does not charge',
      description: 'Since Monday the laptop does not charge through the dock.',
    });
    expect(opened.status, opened.text).to.equal(201);
    // No reload: the page only hears of the change over its live stream.
    const deadline = Date.now() + 10_000;
    while (Number(await openTickets.textContent()) !== before + 1 && Date.now() < deadline) {
      await page.waitForTimeout(100);
    }
    expect(Number(await openTickets.textContent())).to.equal(before + 1);
    await page.context().close();
  });

  it("shows times in the company's time zone, not the browser's", async () => {
    const opened = await world.managerA.post('/tickets', {
      requesterId: world.employeePersonId,
      category: 'question',
      priority: 'P4',
      title: 'What time is it?',
      description: '',
    });
    expect(opened.status, opened.text).to.equal(201);
    const ticketId = (opened.body as { ids: { ticketId: string } }).ids.ticketId;
    const card = await world.managerA.get(`/tickets/${ticketId}?after=${opened.headers.get('x-checkpoint')}`);
    const at = new Date(card.body.opened_at as string);
    const shown = (timeZone: string) =>
      new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(at);
    // The company is in Europe/Warsaw; the browser is in New York, six hours behind.
    const page = await openPanelAs(browser, world.url, world.managerA.email, {
      path: `/tickets/${ticketId}`,
      timezoneId: 'America/New_York',
    });

    await page.getByRole('heading', { name: 'What time is it?' }).waitFor();
    expect(await page.getByText(shown('Europe/Warsaw'), { exact: true }).count()).to.be.greaterThan(0);
    expect(await page.getByText(shown('America/New_York'), { exact: true }).count()).to.equal(0);
    await page.context().close();
  });

  it('refuses a wrong password with the reason and stays on the login form', async () => {
    const page = await openPanel(browser, world.url);
    await logInThroughForm(page, world.managerA.email, 'not the password');
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).to.match(/Wrong e-mail address or password/);
    await page.context().close();
  });

  it('speaks Polish to a Polish browser, switches to English and remembers the choice', async () => {
    const page = await openPanel(browser, world.url, { locale: 'pl-PL' });
    await page.getByRole('button', { name: 'Zaloguj' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).to.equal('pl');
    await page.getByLabel('Język').selectOption('en');
    await page.getByRole('button', { name: 'Log in' }).waitFor();
    await page.reload();
    await page.getByRole('button', { name: 'Log in' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).to.equal('en');
    await page.context().close();
  });

  it('gives an employee their own links instead of a dashboard, and logs out', async () => {
    const page = await openAs(world.employeeA.email);
    await page.locator('main').getByRole('link', { name: 'My tickets' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Dashboard' }).count()).to.equal(0);
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('button', { name: 'Log in' }).waitFor();
    await page.context().close();
  });
});
