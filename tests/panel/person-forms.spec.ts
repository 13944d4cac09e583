import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { startTestWorld, type TestWorld } from '../http/support/test-app.js';
import { accepted, personBody } from '../http/write-api/write-fixtures.js';
import { launchBrowser, openPanelAs } from './browser.js';

describe('The person card in the panel: changing details and erasing personal data', function () {
  this.timeout(90_000);
  let world: TestWorld;
  let browser: Browser;

  before(async () => {
    [world, browser] = await Promise.all([startTestWorld(), launchBrowser()]);
  });
  after(async () => {
    await browser?.close();
    await world?.close();
  });

  /** A person registered through the API, started, and (when asked) departed. */
  const person = async (name: string, options: { departed?: boolean } = {}) => {
    const client = world.technician;
    const { ids } = await accepted(client.post('/people', personBody({ name, phone: '+48 22 612 40 01' })));
    const personId = ids.personId as string;
    await accepted(client.post(`/people/${personId}/start`));
    if (options.departed) await accepted(client.post(`/people/${personId}/depart`));
    await world.settle();
    return personId;
  };
  const openCard = async (email: string, personId: string, locale = 'en-GB') => {
    const page = await openPanelAs(browser, world.url, email, { path: `/people/${personId}`, locale });
    await page.locator('#person-title').waitFor();
    return page;
  };
  const fact = (page: Page, term: string) => page.locator(`dt:text-is("${term}") + dd`);
  /** The form, once its disclosure under the section's heading is opened. */
  const opened = async (page: Page, name: string, summary: string | RegExp) => {
    await page.getByText(summary).click();
    const form = page.getByRole('form', { name });
    await form.waitFor();
    return form;
  };
  const detailsForm = (page: Page) =>
    opened(page, 'Change the details', 'Change the name, department, cost centre, phone or notes');
  const erasureForm = (page: Page) => opened(page, 'Erase personal data', 'What erasing does, and the form');
  /** Whether the card offers a section at all (its heading shows even while its form is folded away). */
  const offers = async (page: Page, heading: string) =>
    (await page.getByRole('heading', { name: heading }).count()) > 0;

  it('lets a client manager change the department, phone and notes, and remove the phone by emptying it', async () => {
    const personId = await person('Dora Details');
    const page = await openCard(world.managerA.email, personId);
    const form = await detailsForm(page);
    expect(await form.getByLabel('Work phone').inputValue()).to.equal('+48 22 612 40 01');

    await form.getByLabel('Department').fill('Logistics');
    await form.getByLabel('Work phone').fill('+48 601 244 318');
    await form.getByLabel('Notes').fill('Night shift.\nKeys at reception.');
    await form.getByRole('button', { name: 'Save the details' }).click();
    await page.getByRole('status').filter({ hasText: 'The details are saved.' }).waitFor();
    await fact(page, 'Department').filter({ hasText: 'Logistics' }).waitFor();
    await fact(page, 'Phone').getByRole('link', { name: '+48 601 244 318' }).waitFor();
    expect(await fact(page, 'Notes').textContent()).to.equal('Night shift.\nKeys at reception.');

    await form.getByLabel('Work phone').fill('');
    await form.getByRole('button', { name: 'Save the details' }).click();
    await fact(page, 'Phone').filter({ hasText: '—' }).waitFor();
    const card = await world.managerA.get(`/people/${personId}`);
    expect(card.body.person).to.include({ department: 'Logistics', phone: null });
    await page.context().close();
  });

  it('shows the server refusing a phone with letters next to the field, and changes nothing', async () => {
    const personId = await person('Rita Refused');
    const page = await openCard(world.managerA.email, personId);
    const form = await detailsForm(page);
    await form.getByLabel('Department').fill('Sales');
    await form.getByLabel('Work phone').fill('601-CALL-ME');
    await form.getByRole('button', { name: 'Save the details' }).click();

    await form.getByRole('alert').waitFor();
    expect(await form.getByLabel('Work phone').getAttribute('aria-invalid')).to.equal('true');
    expect(await form.locator('#person-phone-error').textContent()).to.match(/phone/);
    expect(await fact(page, 'Department').textContent()).to.equal('Finance');
    expect((await world.managerA.get(`/people/${personId}`)).body.person).to.include({
      department: 'Finance',
    });
    await page.context().close();
  });

  it('offers no form to an auditor, and none to change a departed person', async () => {
    const active = await person('Anton Active');
    const departed = await person('Doris Departed', { departed: true });
    const asAuditor = await openCard(world.auditorA.email, active);
    await asAuditor.getByRole('heading', { name: 'Anton Active' }).waitFor();
    expect(await offers(asAuditor, 'Change the details')).to.equal(false);
    expect(await offers(asAuditor, 'Erase personal data')).to.equal(false);
    await asAuditor.context().close();

    const asManager = await openCard(world.managerA.email, departed);
    await erasureForm(asManager);
    expect(await offers(asManager, 'Change the details')).to.equal(false);
    await asManager.context().close();
    // Erasing is the client's decision: the technician is not offered it.
    const asTechnician = await openPanelAs(browser, world.url, world.technician.email, {
      path: `/people/${departed}`,
    });
    // The technician serves two companies: the card shows once one is chosen.
    await asTechnician.getByLabel('Company').selectOption({ label: 'Alpha sp. z o.o.' });
    await asTechnician.getByRole('heading', { name: 'Doris Departed' }).waitFor();
    expect(await offers(asTechnician, 'Erase personal data')).to.equal(false);
    await asTechnician.context().close();
  });

  it("erases a departed person's data only once the manager confirms and gives a reason; the card then shows the erased person", async () => {
    const personId = await person('Edgar Erased', { departed: true });
    const page = await openCard(world.managerA.email, personId);
    const form = await erasureForm(page);
    await page.getByText('It cannot be undone.').waitFor();

    await form.getByLabel('Reason').fill('GDPR request 2026/41');
    await form.getByRole('button', { name: 'Erase for good' }).click();
    await form.getByRole('alert').filter({ hasText: 'Confirm that you understand' }).waitFor();
    expect((await world.managerA.get(`/people/${personId}`)).body.person.erased_at).to.equal(null);

    await form.getByLabel('Reason').fill('');
    await form.getByLabel('I understand that this cannot be undone.').check();
    await form.getByRole('button', { name: 'Erase for good' }).click();
    await form.locator('#erase-reason-error').waitFor();
    expect((await world.managerA.get(`/people/${personId}`)).body.person.erased_at).to.equal(null);

    await form.getByLabel('Reason').fill('GDPR request 2026/41');
    await form.getByRole('button', { name: 'Erase for good' }).click();
    await page.getByRole('heading', { name: 'Erased person' }).waitFor();
    await page.getByText(/^Personal data erased on /).waitFor();
    expect(await offers(page, 'Erase personal data')).to.equal(false);
    expect(await fact(page, 'Phone').textContent()).to.equal('—');
    expect(await fact(page, 'Department').textContent()).to.equal('Finance');
    await page.context().close();
  });

  it('speaks Polish on the forms', async () => {
    const departed = await person('Paweł Polski', { departed: true });
    const page = await openCard(world.managerA.email, departed, 'pl-PL');
    const form = await opened(page, 'Usuń dane osobowe', 'Co robi usunięcie, i formularz');
    await form.getByLabel('Powód').waitFor();
    await form.getByRole('button', { name: 'Usuń na zawsze' }).waitFor();
    await page.getByText('Nie da się tego cofnąć.', { exact: false }).first().waitFor();
    await page.context().close();
  });
});
