import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { request, startTestWorld, type TestWorld } from '../http/support/test-app.js';
import { launchBrowser, openPanelAs, testPassword as password } from './browser.js';

describe("The IT team administrator's pages in the panel", function () {
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

  /** Opens `path` in a fresh browser and logs `email` in through the form. */
  const openAs = async (email: string, path = '/') => {
    const page = await openPanelAs(browser, world.url, email, { path });
    await page.getByText('Signed in as').waitFor();
    return page;
  };
  const menu = (page: Page) => page.getByRole('navigation', { name: 'Menu' });
  /** Logs the administrator in, acting in tenant A, on the Accounts page. */
  const adminOnAccountsOfA = async () => {
    const page = await openAs(world.mspAdmin.email);
    const picker = page.getByLabel('Company');
    await picker.selectOption(world.tenantA);
    // The panel reads who the caller is in that company again: the picker then no longer offers "choose".
    await picker.locator('option', { hasText: 'choose' }).waitFor({ state: 'detached' });
    await menu(page).getByRole('link', { name: 'Accounts' }).click();
    await page.getByRole('heading', { name: 'Accounts of Alpha sp. z o.o.' }).waitFor();
    return page;
  };
  const accountsOfA = async () => {
    await world.settle();
    const answer = await world.mspAdmin.get('/accounts?limit=200');
    expect(answer.status, answer.text).to.equal(200);
    return answer.body.items as Array<{ email: string; display_name: string }>;
  };

  it('registers a company from the Companies page and lists it with its currency and time zone', async () => {
    const name = `Gamma ${randomUUID().slice(0, 6)} Ltd`;
    const page = await openAs(world.mspAdmin.email);
    await menu(page).getByRole('link', { name: 'Companies' }).click();
    await page.getByRole('heading', { name: 'Companies', exact: true }).waitFor();
    await page.locator(`tr[data-company="${world.tenantA}"]`).waitFor();
    await page.getByLabel('Company name').fill(name);
    await page.getByLabel('Currency').fill('EUR');
    await page.getByLabel('Time zone').fill('Europe/Berlin');
    await page.getByLabel('Hourly rate of the IT team').fill('150,50');
    await page.getByLabel('Laptop').fill('36');
    await page.getByRole('button', { name: 'Register the company' }).click();
    await page.getByRole('status').getByText(`Company registered: ${name}`).waitFor();
    const row = page.locator('tr', { has: page.getByRole('rowheader', { name }) });
    await row.waitFor();
    expect(await row.locator('td').allTextContents()).to.include.members(['EUR', 'Europe/Berlin']);

    const tenants = await world.mspAdmin.get('/tenants');
    const registered = (tenants.body.items as Array<Record<string, unknown>>).find((o) => o.name === name);
    expect(registered, tenants.text).to.include({ default_currency: 'EUR', time_zone: 'Europe/Berlin' });
    expect(registered?.labour_rate).to.deep.equal({ amount: 15050, currency: 'EUR' });
    expect(registered?.replacement_age_months).to.deep.equal({ laptop: 36 });
    await page.context().close();
  });

  it('creates an account in tenant A with a role and lists it with its role and status', async () => {
    const email = `new-auditor-${randomUUID().slice(0, 8)}@example.com`;
    const page = await adminOnAccountsOfA();
    await page.getByLabel('Display name').fill('Nina Newcomer');
    await page.getByLabel('E-mail address').fill(email);
    await page.getByLabel('First password').fill(password);
    await page.getByLabel('Role in this company').selectOption('auditor');
    await page.getByRole('button', { name: 'Create the account' }).click();
    await page.getByRole('status').getByText(`Account created: Nina Newcomer (${email})`).waitFor();
    const row = page.locator(`tr[data-account="${email}"]`);
    await row.waitFor();
    await row.getByText('Auditor', { exact: true }).waitFor();
    expect(await row.locator('td').allTextContents()).to.deep.equal([email, 'Auditor', 'Active']);
    expect((await accountsOfA()).map((account) => account.email)).to.include(email);

    // The account logs in with its first password.
    const login = await world.login(email, password);
    expect(login.status, login.text).to.equal(200);
    await page.context().close();
  });

  it('issues an API token, shows its working secret once, and revoking it makes it answer 401', async () => {
    const email = `robot-${randomUUID().slice(0, 8)}@example.com`;
    const created = await world.mspAdmin.post('/accounts', { email, displayName: 'Robot', password });
    expect(created.status, created.text).to.equal(201);
    const accountId = created.body.ids.accountId as string;
    const granted = await world.mspAdmin.post(`/accounts/${accountId}/roles`, {
      role: 'client_manager',
      tenantId: world.tenantA,
    });
    expect(granted.status, granted.text).to.equal(200);
    await world.settle();

    const page = await adminOnAccountsOfA();
    await page.locator(`tr[data-account="${email}"]`).getByRole('link', { name: 'Robot' }).click();
    await page.getByRole('heading', { name: 'Robot' }).waitFor();
    await page.getByText('The account has no API tokens.').waitFor();
    await page.getByLabel('Token name').fill('CI script');
    await page.getByRole('button', { name: 'Issue a token' }).click();
    const secretField = page.getByLabel('Secret of the new token');
    await secretField.waitFor();
    expect(await secretField.getAttribute('readonly')).to.not.equal(null);
    await page.getByText('it will not be shown again').waitFor();
    const secret = await secretField.inputValue();
    expect(secret).to.match(/^itp_t_/);
    await page.locator('tr[data-token="CI script"]').getByText('Active').waitFor();

    await world.settle();
    const me = await request(world.url, 'GET', '/api/v1/me', {
      headers: { Authorization: `Bearer ${secret}` },
    });
    expect(me.status, me.text).to.equal(200);
    expect(me.body.email).to.equal(email);

    // Shown once: after the page is read again, the secret is nowhere on it.
    await page.reload();
    await page.locator('tr[data-token="CI script"]').waitFor();
    expect(await page.getByLabel('Secret of the new token').count()).to.equal(0);
    expect(await page.content()).not.to.include(secret);

    await page.getByRole('button', { name: 'Revoke: CI script' }).click();
    await page.getByRole('status').getByText('Token revoked').waitFor();
    await page.locator('tr[data-token="CI script"]').getByText('Revoked').waitFor();
    await world.settle();
    const refused = await request(world.url, 'GET', '/api/v1/me', {
      headers: { Authorization: `Bearer ${secret}` },
    });
    expect(refused.status, refused.text).to.equal(401);
    await page.context().close();
  });

  it('tells a client manager that the accounts page is not found, and shows them no admin menu entries', async () => {
    const page = await openAs(world.managerA.email, '/accounts');
    await page.getByRole('alert').getByText('Not found').waitFor();
    expect(await menu(page).getByRole('link', { name: 'Accounts' }).count()).to.equal(0);
    expect(await menu(page).getByRole('link', { name: 'Companies' }).count()).to.equal(0);
    expect(await page.getByLabel('Display name').count()).to.equal(0);
    await page.context().close();
  });

  it('shows the problem next to an invalid e-mail address and records no account', async () => {
    const page = await adminOnAccountsOfA();
    await page.getByLabel('Display name').fill('Bad Address');
    await page.getByLabel('E-mail address').fill('not-an-address');
    await page.getByLabel('First password').fill(password);
    await page.getByRole('button', { name: 'Create the account' }).click();
    await page.getByRole('alert').getByText('Please correct the marked fields.').waitFor();
    const field = page.getByLabel('E-mail address');
    expect(await field.getAttribute('aria-invalid')).to.equal('true');
    expect(await page.locator('#account-email-error').textContent()).to.equal('not an e-mail address');
    expect(await field.inputValue(), 'the typed value stays for correcting').to.equal('not-an-address');
    expect((await accountsOfA()).map((account) => account.display_name)).not.to.include('Bad Address');
    await page.context().close();
  });

  it('shows the problem next to an invalid currency and registers no company', async () => {
    const name = `Delta ${randomUUID().slice(0, 6)}`;
    const page = await openAs(world.mspAdmin.email, '/companies');
    await page.getByRole('heading', { name: 'Companies', exact: true }).waitFor();
    await page.getByLabel('Company name').fill(name);
    await page.getByLabel('Currency').fill('E1');
    await page.getByLabel('Hourly rate of the IT team').fill('100');
    await page.getByRole('button', { name: 'Register the company' }).click();
    await page.getByRole('alert').getByText('Please correct the marked fields.').waitFor();
    expect(await page.locator('#company-currency-error').textContent()).to.match(/ISO 4217/);
    await world.settle();
    const tenants = await world.mspAdmin.get('/tenants');
    expect((tenants.body.items as Array<{ name: string }>).map((o) => o.name)).not.to.include(name);
    await page.context().close();
  });
});
