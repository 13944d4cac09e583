export { launchBrowser } from '../../app/browser.js';
