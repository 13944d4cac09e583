import type { Browser, Page } from 'playwright-core';

export { launchBrowser } from '../../app/browser.js';

/** The password every account of the test world logs in with. */
export const testPassword = 'correct horse battery staple';

export interface PanelVisit {
  /** The panel path to open, '/' unless told. */
  path?: string;
  /** The browser's locale, 'en-GB' unless told ('pl-PL' gets the Polish panel). */
  locale?: string;
  /** The browser's time zone, the machine's unless told. */
  timezoneId?: string;
}

/** Opens `path` of the panel at `url` in a fresh browser context; close `page.context()` when done. */
export const openPanel = async (browser: Browser, url: string, visit: PanelVisit = {}): Promise<Page> => {
  const { path = '/', locale = 'en-GB', timezoneId } = visit;
  const context = await browser.newContext({ locale, ...(timezoneId ? { timezoneId } : {}) });
  const page = await context.newPage();
  await page.goto(`${url}${path}`);
  return page;
};

/** Fills the login form (in English or Polish) and sends it; waits for nothing afterwards. */
export const logInThroughForm = async (page: Page, email: string, password = testPassword) => {
  await page.getByLabel(/E-mail address|Adres e-mail/).fill(email);
  await page.getByLabel(/^Password|^Hasło/).fill(password);
  await page.getByRole('button', { name: /Log in|Zaloguj/ }).click();
};

/**
 * Opens `path` of the panel at `url` in a fresh browser context and logs `email` in through the form.
 * Returns right after sending the form: each spec waits for what its page shows next.
 */
export const openPanelAs = async (browser: Browser, url: string, email: string, visit: PanelVisit = {}) => {
  const page = await openPanel(browser, url, visit);
  await logInThroughForm(page, email);
  return page;
};
