// Firefox ESR with Twofold's add-on (temporary, through geckodriver), the real host and the
// real app: pairing approved with `twofold browser approve` in a terminal, codes filled that
// equal `twofold code`, and nothing for look-alikes, foreign frames or a locked vault.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { CLI, fillButtons, filledAgainstCli, firefox, openPopup, panelText, shot, theButton, world } from './support.mjs';

const PASSWORD = 'browser-e2e-password';
const GITHUB = 'https://github.com/sessions/two-factor/app';

describe('Firefox', () => {
  let w, app, b, vault;

  before(async () => {
    w = await world(PASSWORD);
    ({ app, vault } = w);
    b = await firefox();
  });

  after(async () => {
    await b?.stop();
    await w?.stop();
  });

  it('an unpaired Firefox gets no button and no code', async () => {
    await b.browser.url(GITHUB);
    await b.browser.pause(1500);
    assert.equal((await fillButtons(b.browser)).length, 0);
    const popup = await openPopup(b, b.popupUrl);
    await popup.waitFor(/not paired/);
    await popup.close();
  });

  it('pairs when `twofold browser approve` approves the request the popup made', async () => {
    await b.browser.url(GITHUB);
    const popup = await openPopup(b, b.popupUrl);
    await popup.click('Pair with Twofold');
    await popup.waitFor(/Approve it if it shows this code/);
    const code = (await (await b.browser.$('.pair-code')).getText()).replace(/\s/g, '');
    // The terminal prints the browser's name and the same code, then keeps the pairing.
    const out = execFileSync(CLI, ['browser', 'approve', '--yes'], { encoding: 'utf8', env: { ...process.env, ...vault } });
    assert.match(out, /Firefox/);
    assert.ok(out.replace(/\s/g, '').includes(code), `the CLI showed another code than ${code}:\n${out}`);
    await popup.waitFor(/GitHub \(alice\)/);
    await shot(b.browser, 'browser-popup-firefox');
    // The person turns on the button on every site (the permission is granted: see extensionCopy).
    await popup.inlineOn();
    await popup.close();
  });

  it('fills the field and the six boxes with the code `twofold code` gives', async () => {
    await b.browser.url(GITHUB);
    let button = await theButton(b.browser);
    const field = await b.browser.$('#app_totp');
    let [value, codes] = await filledAgainstCli(vault, 'GitHub', () => button.click(), async () => {
      await b.browser.waitUntil(async () => (await field.getValue()) !== '', { timeout: 15_000, timeoutMsg: 'nothing was filled' });
      return field.getValue();
    });
    assert.ok(codes.includes(value), `filled ${value}, twofold code said ${codes.join(' or ')}`);
    assert.equal(await b.browser.getUrl(), GITHUB, 'the form was submitted');

    await b.browser.url('https://github.com/split');
    button = await theButton(b.browser);
    const boxes = await b.browser.$$('form.boxes input');
    [value, codes] = await filledAgainstCli(vault, 'GitHub', () => button.click(), async () => {
      await b.browser.waitUntil(async () => (await boxes[5].getValue()) !== '', { timeout: 15_000, timeoutMsg: 'the boxes stayed empty' });
      const digits = [];
      for (const box of boxes) digits.push(await box.getValue());
      return digits.join('');
    });
    assert.ok(codes.includes(value), `filled ${value}, twofold code said ${codes.join(' or ')}`);
  });

  it('a React-controlled field sees the value', async () => {
    await b.browser.url('https://github.com/react');
    const button = await theButton(b.browser);
    const [value, codes] = await filledAgainstCli(vault, 'GitHub', () => button.click(), async () => {
      const seen = await b.browser.$('#seen');
      await b.browser.waitUntil(async () => (await seen.getText()) !== '', { timeout: 15_000, timeoutMsg: 'React never saw a value' });
      return seen.getText();
    });
    assert.ok(codes.includes(value), `React saw ${value}, twofold code said ${codes.join(' or ')}`);
  });

  it('look-alikes and cross-origin frames get neither a button nor a code', async () => {
    await b.browser.url('https://github.com.sign-in.example/sessions/two-factor/app');
    await b.browser.pause(1500);
    assert.equal((await fillButtons(b.browser)).length, 0);
    for (const url of ['https://github.com/framing-evil', 'https://evil.example/framing-github']) {
      await b.browser.url(url);
      const frame = await b.browser.$('#f');
      await frame.waitForExist();
      await b.browser.pause(1500);
      await b.browser.switchFrame(frame);
      assert.equal((await fillButtons(b.browser)).length, 0, `a button in the frame of ${url}`);
      assert.equal(await (await b.browser.$('#app_totp')).getValue(), '');
      await b.browser.switchFrame(null);
    }
  });

  it('a locked vault answers "locked"', async () => {
    await b.browser.url(GITHUB);
    const button = await theButton(b.browser);
    await (await app.browser.$('[data-testid="lock"]')).click();
    await (await app.browser.$('[data-testid="password"]')).waitForExist({ timeout: 10_000 });
    await button.click();
    await b.browser.waitUntil(async () => /Twofold is locked/.test(await panelText(button)), {
      timeout: 15_000,
      timeoutMsg: 'the button never said Twofold is locked',
    });
    assert.equal(await (await b.browser.$('#app_totp')).getValue(), '');
  });
});
