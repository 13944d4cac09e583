import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { startTestWorld, type TestWorld } from '../http/support/test-app.js';
import { personBody } from '../http/write-api/write-fixtures.js';
import { launchBrowser, openPanelAs } from './browser.js';

describe('The person card in the panel: phone number and notes', function () {
  this.timeout(90_000);
  let world: TestWorld;
  let browser: Browser;
  let personId: string;
  const phone = '+48 (22) 612-40-01';
  const notes = 'Prefers a left-handed mouse.\nHybrid: Mon and Thu in the office.';

  before(async () => {
    [world, browser] = await Promise.all([startTestWorld(), launchBrowser()]);
    const registered = await world.managerA.post('/people', personBody({ name: 'Nina Notes', phone, notes }));
    expect(registered.status, registered.text).to.equal(201);
    personId = registered.body.ids.personId;
    await world.settle();
  });
  after(async () => {
    await browser?.close();
    await world?.close();
  });

  const openCard = async (id: string) => {
    const page = await openPanelAs(browser, world.url, world.managerA.email, { path: `/people/${id}` });
    await page.locator('#person-title').waitFor();
    return page;
  };
  const fact = (page: Page, term: string) => page.locator(`dt:text-is("${term}") + dd`);

  it('shows the phone number as a link to call it, and the notes in the lines they were written in', async () => {
    const page = await openCard(personId);
    await page.getByRole('heading', { name: 'Nina Notes' }).waitFor();
    const call = fact(page, 'Phone').getByRole('link', { name: phone });
    expect(await call.getAttribute('href')).to.equal('tel:+48226124001');
    const written = fact(page, 'Notes');
    expect(await written.textContent()).to.equal(notes);
    const wrapping = await written.locator('.person-notes').evaluate((node) => {
      // biome-ignore lint/suspicious/noExplicitAny: the test's TypeScript has no DOM types
      const element = node as any;
      return element.ownerDocument.defaultView.getComputedStyle(element).whiteSpace as string;
    });
    expect(wrapping).to.equal('pre-wrap');

    await page.getByLabel('Language').selectOption('pl');
    await fact(page, 'Telefon').getByRole('link', { name: phone }).waitFor();
    expect(await fact(page, 'Uwagi').textContent()).to.equal(notes);
    await page.context().close();
  });

  it('shows a dash for a person without a phone number or notes', async () => {
    const page = await openCard(world.employeePersonId);
    await page.getByRole('heading', { name: 'Ewa Employee' }).waitFor();
    expect(await fact(page, 'Phone').textContent()).to.equal('—');
    expect(await fact(page, 'Phone').getByRole('link').count()).to.equal(0);
    expect(await fact(page, 'Notes').textContent()).to.equal('—');
    await page.context().close();
  });
});
