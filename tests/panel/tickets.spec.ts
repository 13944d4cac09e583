import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { startTestWorld, type TestWorld } from '../http/support/test-app.js';
import { launchBrowser, openPanelAs } from './browser.js';

describe('The panel’s tickets in a browser', function () {
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

  const logIn = async (email: string, locale = 'en-GB', path = '/') => {
    const page = await openPanelAs(browser, world.url, email, { path, locale });
    await page.getByRole('button', { name: /Log out|Wyloguj/ }).waitFor();
    return page;
  };
  const fact = (page: Page, term: string) =>
    page
      .locator('dl > div')
      .filter({ has: page.locator('dt', { hasText: term }) })
      .locator('dd');
  const conversation = (page: Page) =>
    page.getByRole('region', { name: /Conversation|Rozmowa/ }).locator('li');

  let ticketPath = '';
  const title = 'Printer on floor 2 jams';

  it('lets an employee open a ticket through the form, fields checked by the server, and shows its card', async () => {
    const page = await logIn(world.employeeA.email);
    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Tickets' }).click();
    await page.getByRole('heading', { name: 'Tickets' }).waitFor();
    await page.getByText('No tickets yet').waitFor();
    await page.getByRole('link', { name: 'New ticket' }).click();
    await page.getByRole('heading', { name: 'New ticket' }).waitFor();

    // An empty title is refused by the server; the reason stands next to the field, which is marked invalid.
    await page.getByRole('button', { name: 'Open the ticket' }).click();
    await page.getByRole('alert').waitFor();
    const titleField = page.getByLabel('Title');
    expect(await titleField.getAttribute('aria-invalid')).to.equal('true');
    expect(await page.locator('#ticket-title-error').textContent()).to.match(/\S/);

    await titleField.fill(title);
    await page.getByLabel(/description/).fill('Every second page jams since this morning.');
    await page.getByLabel('Category').selectOption('incident');
    await page.getByLabel('Priority').selectOption('P2');
    await page.getByRole('button', { name: 'Open the ticket' }).click();
    await page.getByRole('heading', { name: title }).waitFor();
    ticketPath = new URL(page.url()).pathname;
    expect(ticketPath).to.match(/^\/tickets\/[0-9a-f-]{36}$/);
    expect(await fact(page, 'Status').textContent()).to.equal('New');
    expect(await fact(page, 'Priority').textContent()).to.equal('P2 – high');
    expect(await fact(page, 'Requester').textContent()).to.equal('Ewa Employee');
    expect(await conversation(page).first().textContent()).to.include('Every second page jams');
    // The requester has no technician's actions.
    expect(await page.getByRole('button', { name: 'Start work' }).count()).to.equal(0);

    // The list shows it, in words, and the status filter keeps it out of the wrong status.
    await page.getByRole('link', { name: 'Back to tickets' }).click();
    const row = page.getByRole('row').filter({ hasText: title });
    await row.waitFor();
    expect(await row.textContent()).to.include('New');
    await page.getByLabel('Status').selectOption('closed');
    await page.getByText('No ticket matches these filters').waitFor();
    expect(await page.getByRole('row').filter({ hasText: title }).count()).to.equal(0);
    await page.context().close();
  });

  it('lets a technician of two companies choose one, start work and comment publicly and internally', async () => {
    expect(ticketPath, 'the first test opened a ticket').not.to.equal('');
    const page = await logIn(world.technician.email, 'en-GB', ticketPath);
    // No company chosen yet: the panel asks for one rather than failing.
    await page.getByText('You work for several companies').waitFor();
    await page.getByLabel('Company').selectOption({ label: 'Alpha sp. z o.o.' });
    await page.getByRole('heading', { name: title }).waitFor();

    await page.getByRole('button', { name: 'Start work' }).click();
    await page.getByRole('button', { name: 'Wait for the client' }).waitFor();
    expect(await fact(page, 'Status').textContent()).to.equal('In progress');
    expect(await fact(page, 'Assignee').textContent()).to.equal('not assigned yet');
    await page.getByRole('button', { name: 'Assign to me' }).click();
    await page.getByRole('button', { name: 'Assign to me' }).waitFor({ state: 'detached' });
    expect(await fact(page, 'Assignee').textContent()).to.equal('you');

    await page.getByLabel('Comment', { exact: true }).fill('I will replace the roller this afternoon.');
    await page.getByRole('button', { name: 'Send the comment' }).click();
    await conversation(page).filter({ hasText: 'replace the roller' }).waitFor();

    await page.getByLabel('Comment', { exact: true }).fill('Roller part number RM2-5425, stock shelf B.');
    await page.getByLabel(/Internal/).check();
    await page.getByRole('button', { name: 'Send the comment' }).click();
    const internal = conversation(page).filter({ hasText: 'RM2-5425' });
    await internal.waitFor();
    expect(await internal.getAttribute('data-visibility')).to.equal('internal');
    expect(await internal.textContent()).to.include('internal (IT team only)');

    await page.getByLabel('Minutes').fill('25');
    await page.getByRole('button', { name: 'Log work' }).click();
    await page.getByRole('cell', { name: '25', exact: true }).waitFor();
    expect(await fact(page, 'Time logged').textContent()).to.equal('25 min (25 min billable)');

    // The choice is remembered in this browser: the list works in that company after a reload.
    await page.goto(`${world.url}/tickets`);
    await page.getByRole('row').filter({ hasText: title }).waitFor();
    await page.context().close();
  });

  it('shows the employee the public comment but not the internal one, and speaks Polish when asked', async () => {
    const page = await logIn(world.employeeA.email, 'en-GB', ticketPath);
    await page.getByRole('heading', { name: title }).waitFor();
    await conversation(page).filter({ hasText: 'replace the roller' }).waitFor();
    expect(await conversation(page).filter({ hasText: 'RM2-5425' }).count()).to.equal(0);
    expect(await fact(page, 'Status').textContent()).to.equal('In progress');

    await page.getByLabel('Language').selectOption('pl');
    await page.getByRole('heading', { name: 'Rozmowa' }).waitFor();
    expect(await fact(page, 'Status').textContent()).to.equal('W realizacji');
    expect(await fact(page, 'Priorytet').textContent()).to.equal('P2 – wysoki');
    await page.getByRole('button', { name: 'Wyślij komentarz' }).waitFor();
    await page.getByRole('link', { name: 'Zgłoszenia', exact: true }).click();
    await page.getByRole('heading', { name: 'Zgłoszenia' }).waitFor();
    expect(await page.getByRole('row').filter({ hasText: title }).textContent()).to.include('W realizacji');
    await page.context().close();
  });

  it('lets a client manager open a ticket for a person they pick, the person required', async () => {
    const page = await logIn(world.managerA.email, 'en-GB', '/tickets/new');
    await page.getByRole('heading', { name: 'New ticket' }).waitFor();
    await page.getByLabel('Title').fill('New starter needs a headset');
    await page.getByLabel('Category').selectOption('request');
    await page.getByRole('button', { name: 'Open the ticket' }).click();
    await page.locator('#ticket-requesterId-error').waitFor();
    expect(await page.getByLabel('Requester').getAttribute('aria-invalid')).to.equal('true');
    await page.getByLabel('Requester').selectOption({ label: 'Ewa Employee' });
    await page.getByRole('button', { name: 'Open the ticket' }).click();
    await page.getByRole('heading', { name: 'New starter needs a headset' }).waitFor();
    expect(await fact(page, 'Requester').textContent()).to.equal('Ewa Employee');
    expect(await fact(page, 'Category').textContent()).to.equal('Request');
    await page.context().close();
  });

  it('answers a ticket that does not exist with a not-found text', async () => {
    const page = await logIn(world.employeeA.email, 'en-GB', '/tickets/00000000-0000-7000-8000-000000000000');
    await page.getByText('Ticket not found').waitFor();
    expect(await page.getByRole('alert').textContent()).to.include('Ticket not found');
    await page.context().close();
  });
});
