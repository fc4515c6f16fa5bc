// The parts of a browser test: the extension as built, the host manifests, Chromium under
// chromedriver and Firefox ESR under geckodriver, and the Twofold app itself (tauri-driver, as
// in tests/e2e). Expects tests/browser/run.sh's world: a virtual display, a D-Bus session,
// XDG_RUNTIME_DIR, and the site names served on 127.0.0.1:443 by sites.mjs.
import { spawn, execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { remote } from 'webdriverio';
import { ARTIFACTS, CLI, cli, freePort, launch, unlockWithPassword, waitForPort } from '../e2e/harness.mjs';
import { startSites } from './sites.mjs';
import { HOSTS } from './sites.mjs';

export { cli, CLI };
export const DIST = path.resolve(import.meta.dirname, '../../browser/dist');
export const CHROMIUM_ID = 'ajehepmccaobjphfkpegdfmhnajgmdol';
export const FIREFOX_ID = 'browser@twofold.app';
/** The Firefox add-on's internal UUID, fixed by a preference so the popup has a known address. */
export const FIREFOX_UUID = '2f0a7c5e-7d0b-4b52-9c3e-5b7a1f3e9d21';
const BUTTON = 'button[aria-label="Fill with Twofold"]';

export function temp(name) {
  return mkdtempSync(path.join(os.tmpdir(), `twofold-${name}-`));
}

/**
 * The extension as `npm run build` wrote it, copied, with `<all_urls>` among its host
 * permissions: this stands for the person's "Show the Fill button on every site", whose
 * permission prompt is the browser's own and cannot be answered under WebDriver. Nothing else
 * differs from what a person installs.
 */
export function extensionCopy(target) {
  const dir = path.join(temp(`ext-${target}`), target);
  cpSync(path.join(DIST, target), dir, { recursive: true });
  const manifestPath = path.join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  manifest.host_permissions = ['<all_urls>'];
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
  return dir;
}

/** Starts a WebDriver server (`command` with `args`, the port appended by `portArg`). */
async function startDriver(command, portArg, env) {
  const port = await freePort();
  const child = spawn(command, [portArg(port)].flat(), { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  child.on('error', (e) => console.error(`${command}: ${e.message}`));
  await waitForPort(port, 20_000, command);
  return { port, child };
}

async function stopDriver(browser, child) {
  await browser.deleteSession().catch(() => {});
  child.kill('SIGTERM');
  await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
}

/** Chromium with the extension loaded, its host manifest in the profile's own folder. */
export async function chromium() {
  const profile = temp('chromium');
  cli(['browser', 'install', '--browser', 'chromium', '--dir', path.join(profile, 'NativeMessagingHosts')]);
  const extension = extensionCopy('chromium');
  const { port, child } = await startDriver('chromedriver', (p) => `--port=${p}`);
  const browser = await remote({
    hostname: '127.0.0.1',
    port,
    logLevel: 'warn',
    capabilities: {
      browserName: 'chrome',
      'wdio:enforceWebDriverClassic': true,
      acceptInsecureCerts: true,
      'goog:chromeOptions': {
        binary: '/usr/bin/chromium',
        args: [
          '--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
          '--disable-component-update', '--disable-sync', '--window-size=1100,800',
          `--user-data-dir=${profile}`, `--load-extension=${extension}`,
          `--host-resolver-rules=${HOSTS.map((h) => `MAP ${h} 127.0.0.1`).join(', ')}`,
        ],
      },
    },
  });
  const openTab = async (url) => {
    const { handle } = await browser.createWindow('tab');
    await browser.switchToWindow(handle);
    await browser.url(url);
  };
  return { browser, popupUrl: `chrome-extension://${CHROMIUM_ID}/popup.html`, openTab, stop: () => stopDriver(browser, child) };
}

/** Firefox ESR with the add-on installed as a temporary add-on, HOME a fresh folder. */
export async function firefox() {
  const home = temp('firefox-home');
  cli(['browser', 'install', '--browser', 'firefox'], { HOME: home });
  const extension = extensionCopy('firefox');
  // System access (Firefox's own UI, the chrome context): WebDriver may not open
  // moz-extension:// pages, Firefox's tab strip may (openTab).
  const { port, child } = await startDriver('geckodriver', (p) => [`--port=${p}`, '--allow-system-access'], { HOME: home });
  const browser = await remote({
    hostname: '127.0.0.1',
    port,
    logLevel: 'warn',
    capabilities: {
      browserName: 'firefox',
      'wdio:enforceWebDriverClassic': true,
      acceptInsecureCerts: true,
      'moz:firefoxOptions': {
        binary: '/usr/bin/firefox-esr',
        args: ['-headless', '-width', '1100', '-height', '800'],
        prefs: {
          // Every name to 127.0.0.1, no DNS over HTTPS: what Chromium's --host-resolver-rules does.
          'network.dns.forceResolve': '127.0.0.1',
          'network.trr.mode': 5,
          'network.proxy.type': 0,
          'extensions.webextensions.uuids': JSON.stringify({ [FIREFOX_ID]: FIREFOX_UUID }),
          'browser.shell.checkDefaultBrowser': false,
          'datareporting.policy.dataSubmissionEnabled': false,
        },
      },
    },
  });
  // geckodriver's own endpoint: installs a folder as a temporary add-on.
  const res = await fetch(`http://127.0.0.1:${port}/session/${browser.sessionId}/moz/addon/install`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ path: extension, temporary: true }),
  });
  const installed = await res.json();
  if (installed.value !== FIREFOX_ID) throw new Error(`the add-on did not install: ${JSON.stringify(installed)}`);
  const context = (name) =>
    fetch(`http://127.0.0.1:${port}/session/${browser.sessionId}/moz/context`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ context: name }),
    });
  // Opens an extension page in a new tab the way Firefox's own UI does (WebDriver navigation
  // to moz-extension:// is refused), then switches to it.
  const openTab = async (url) => {
    const before = await browser.getWindowHandles();
    await context('chrome');
    try {
      await browser.execute((u) => {
        const w = Services.wm.getMostRecentWindow('navigator:browser');
        w.gBrowser.selectedTab = w.gBrowser.addTab(u, { triggeringPrincipal: Services.scriptSecurityManager.getSystemPrincipal() });
      }, url);
    } finally {
      await context('content');
    }
    let added = [];
    await browser.waitUntil(async () => (added = (await browser.getWindowHandles()).filter((h) => !before.includes(h))).length === 1, {
      timeout: 10_000,
      timeoutMsg: `no tab opened for ${url}`,
    });
    await browser.switchToWindow(added[0]);
  };
  return { browser, popupUrl: `moz-extension://${FIREFOX_UUID}/popup.html`, openTab, stop: () => stopDriver(browser, child) };
}

/** The browser's id of the tab showing `url` (asked from an extension page, which may). */
async function tabIdOf(browser, url) {
  return browser.executeAsync((url, done) => {
    const api = globalThis.browser ?? globalThis.chrome;
    api.tabs.query({}).then((tabs) => done(tabs.find((t) => t.url === url)?.id ?? null));
  }, url);
}

/**
 * Opens the toolbar popup for the page in the current tab, as a tab of its own (a headless
 * browser has no toolbar to click): `popup.html?tab=ID`. Returns { text, handles, close }.
 */
export async function openPopup(b, popupUrl) {
  const page = await b.browser.getWindowHandle();
  const pageUrl = await b.browser.getUrl();
  await b.openTab(popupUrl);
  const handle = await b.browser.getWindowHandle();
  await b.browser.waitUntil(async () => (await b.browser.getUrl()).startsWith(popupUrl), { timeout: 10_000 });
  const tab = await tabIdOf(b.browser, pageUrl);
  if (!tab) throw new Error(`no tab shows ${pageUrl}`);
  // The popup, about that tab: navigated from the extension's own page, which may.
  await b.browser.execute((u) => location.replace(u), `${popupUrl}?tab=${tab}`);
  await b.browser.waitUntil(async () => (await b.browser.getUrl()).includes('?tab='), { timeout: 10_000 });
  const app = await b.browser.$('#app');
  await app.waitUntil(async () => (await app.getText()).trim().length > 0 && !(await app.getText()).includes('Asking'), {
    timeout: 30_000,
    timeoutMsg: 'the popup showed nothing',
  });
  return {
    handle,
    text: () => app.getText(),
    waitFor: (re, timeout = 30_000) =>
      app.waitUntil(async () => re.test(await app.getText()), { timeout, timeoutMsg: `the popup never showed ${re}` }),
    click: async (label) => {
      const button = await b.browser.$(`button=${label}`);
      await button.waitForClickable({ timeout: 10_000 });
      await button.click();
    },
    /** Ticks "Show the Fill button on every site" and waits until the extension has it. */
    inlineOn: async () => {
      const box = await b.browser.$('label.inline input[type=checkbox]');
      await box.waitForExist({ timeout: 10_000 });
      if (!(await box.isSelected())) await box.click();
      await b.browser.waitUntil(
        () => b.browser.executeAsync((done) => (globalThis.browser ?? globalThis.chrome).storage.local.get('inline').then((v) => done(Boolean(v.inline)))),
        { timeout: 10_000, timeoutMsg: 'the inline button setting did not turn on' },
      );
    },
    close: async () => {
      await b.browser.closeWindow();
      await b.browser.switchToWindow(page);
    },
  };
}

/** The "Fill with Twofold" buttons the page shows now (in our open shadow roots). */
export async function fillButtons(browser) {
  const hosts = await browser.$$('[data-twofold]');
  const out = [];
  for (const host of hosts) {
    const b = await host.shadow$(BUTTON);
    if (await b.isExisting()) out.push(b);
  }
  return out;
}

/** Waits for exactly one button on the page, and returns it. */
export async function theButton(browser, timeout = 15_000) {
  let found = [];
  await browser.waitUntil(async () => (found = await fillButtons(browser)).length === 1, {
    timeout,
    timeoutMsg: `expected one "Fill with Twofold" button on ${await browser.getUrl()}`,
  });
  return found[0];
}

/** What the button's panel says (a sentence after a click), '' when closed. */
export async function panelText(button) {
  // The panel is the button's sibling in our shadow root.
  return button.execute((b) => b.getRootNode().querySelector('[role=status]')?.textContent ?? '').catch(() => '');
}

/** `twofold code` for the vault's account `query` at the Unix second `at`. */
export function codeAt(vaultEnv, query, at) {
  return execFileSync(CLI, ['code', query, '--at', String(at)], { encoding: 'utf8', env: { ...process.env, ...vaultEnv } }).trim();
}

/**
 * Runs `fill` and returns [value, codes]: what `read` gives afterwards, and the CLI's codes for
 * the seconds before and after (a code may roll over in between; the value must be one of them).
 */
export async function filledAgainstCli(vaultEnv, query, fill, read) {
  const before = Math.floor(Date.now() / 1000);
  await fill();
  const value = await read();
  const after = Math.floor(Date.now() / 1000);
  return [value, [...new Set([codeAt(vaultEnv, query, before), codeAt(vaultEnv, query, after)])]];
}

/** Saves a screenshot of the browser's page into tests/artifacts. */
export async function shot(browser, name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  await browser.saveScreenshot(path.join(ARTIFACTS, `${name}.png`));
}

/** A password vault with a GitHub account bound to github.com, and one for another site. */
export function vaultWithGithub(password) {
  const dir = temp('browser-vault');
  const vault = path.join(dir, 'vault.twofold');
  const env = { TWOFOLD_VAULT: vault, TWOFOLD_PASSWORD: password };
  cli(['init', '--no-keyring'], env);
  cli(['add',
    'otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=GitHub',
    'otpauth://totp/Example:bob?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Example'], env);
  cli(['sites', 'GitHub', '--add', 'github.com'], env);
  return env;
}

/**
 * What both browsers' tests stand on: the test sites, a vault with a GitHub account, and the
 * app open on it and unlocked. Returns { sites, vault, app, stop }.
 */
export async function world(password) {
  const sites = await startSites();
  const vault = vaultWithGithub(password);
  const app = await launch({ TWOFOLD_VAULT: vault.TWOFOLD_VAULT });
  await unlockWithPassword(app.browser, password);
  await (await app.browser.$('[data-testid="accounts"]')).waitForExist({ timeout: 15_000 });
  return {
    sites,
    vault,
    app,
    stop: async () => {
      await app.stop();
      sites.close();
    },
  };
}
