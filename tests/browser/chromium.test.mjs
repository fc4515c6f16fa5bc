// Chromium with Twofold's extension, the real host and the real app: pairing approved in the
// window, codes filled that equal `twofold code`, and nothing for look-alikes, foreign frames,
// an unpaired browser or a locked vault.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { unlockWithPassword, screenshot as appShot } from '../e2e/harness.mjs';
import { chromium, cli, fillButtons, filledAgainstCli, openPopup, panelText, shot, theButton, world } from './support.mjs';

const PASSWORD = 'browser-e2e-password';
const GITHUB = 'https://github.com/sessions/two-factor/app';

describe('Chromium', () => {
  let w, app, b, vault;

  before(async () => {
    w = await world(PASSWORD);
    ({ app, vault } = w);
    b = await chromium();
  });

  after(async () => {
    await b?.stop();
    await w?.stop();
  });

  it('an unpaired browser gets no button and no code; its popup offers pairing', async () => {
    await b.browser.url(GITHUB);
    const popup = await openPopup(b, b.popupUrl);
    await popup.waitFor(/not paired/);
    await popup.close();
    await b.browser.refresh();
    await b.browser.pause(1500);
    assert.equal((await fillButtons(b.browser)).length, 0);
    assert.equal(await (await b.browser.$('#app_totp')).getValue(), '');
  });

  it('pairs once the person approves the request in the window, with the code both show', async () => {
    await b.browser.url(GITHUB);
    const popup = await openPopup(b, b.popupUrl);
    await popup.click('Pair with Twofold');
    await popup.waitFor(/Approve it if it shows this code/);
    const shownInBrowser = (await (await b.browser.$('.pair-code')).getText()).replace(/\s/g, '');
    assert.match(shownInBrowser, /^\d{6}$/);

    const request = await app.browser.$('[data-testid="pairing-request"]');
    await request.waitForExist({ timeout: 15_000 });
    const shownInApp = (await (await app.browser.$('[data-testid="pairing-code"]')).getText()).replace(/\s/g, '');
    assert.equal(shownInApp, shownInBrowser);
    assert.match(await request.getText(), /Chromium asks to fill codes/);
    await appShot(app.browser, 'browser-pairing-request');
    await (await app.browser.$('[data-testid="pairing-approve"]')).click();
    await request.waitForExist({ timeout: 10_000, reverse: true });

    // The popup polls, keeps the token, and lists this site's account with its code.
    await popup.waitFor(/GitHub \(alice\)/);
    await shot(b.browser, 'browser-popup');
    // The person turns on the button on every site (the permission is granted: see extensionCopy).
    await popup.inlineOn();
    await popup.close();
  });

  it('fills the one-time-code field with the code `twofold code` gives, on a click, without submitting', async () => {
    await b.browser.url(GITHUB);
    const button = await theButton(b.browser);
    await shot(b.browser, 'browser-fill-button');
    const field = await b.browser.$('#app_totp');
    const [value, codes] = await filledAgainstCli(vault, 'GitHub', () => button.click(), async () => {
      await b.browser.waitUntil(async () => (await field.getValue()) !== '', { timeout: 15_000, timeoutMsg: 'nothing was filled' });
      return field.getValue();
    });
    assert.ok(codes.includes(value), `filled ${value}, twofold code said ${codes.join(' or ')}`);
    assert.equal(await b.browser.getUrl(), GITHUB, 'the form was submitted');
  });

  it('a page script cannot click the button for the person', async () => {
    await b.browser.url(GITHUB);
    await theButton(b.browser);
    await b.browser.execute(() => {
      for (const host of document.querySelectorAll('[data-twofold]')) host.shadowRoot?.querySelector('button')?.click();
    });
    await b.browser.pause(1500);
    assert.equal(await (await b.browser.$('#app_totp')).getValue(), '');
  });

  it('fills six boxes box by box', async () => {
    await b.browser.url('https://github.com/split');
    const button = await theButton(b.browser);
    const boxes = await b.browser.$$('form.boxes input');
    const [value, codes] = await filledAgainstCli(vault, 'GitHub', () => button.click(), async () => {
      await b.browser.waitUntil(async () => (await boxes[5].getValue()) !== '', { timeout: 15_000, timeoutMsg: 'the boxes stayed empty' });
      const digits = [];
      for (const box of boxes) digits.push(await box.getValue());
      assert.ok(digits.every((d) => d.length === 1), `each box one digit: ${digits}`);
      return digits.join('');
    });
    assert.ok(codes.includes(value), `filled ${value}, twofold code said ${codes.join(' or ')}`);
  });

  it('a React-controlled field sees the value (React state, not only the DOM)', async () => {
    await b.browser.url('https://github.com/react');
    const button = await theButton(b.browser);
    const [value, codes] = await filledAgainstCli(vault, 'GitHub', () => button.click(), async () => {
      const seen = await b.browser.$('#seen');
      await b.browser.waitUntil(async () => (await seen.getText()) !== '', { timeout: 15_000, timeoutMsg: 'React never saw a value' });
      return seen.getText();
    });
    assert.ok(codes.includes(value), `React saw ${value}, twofold code said ${codes.join(' or ')}`);
  });

  it('look-alike sites get neither a button nor a code', async () => {
    for (const url of ['https://github.com.sign-in.example/sessions/two-factor/app', 'https://githhub.com/sessions/two-factor/app']) {
      await b.browser.url(url);
      const popup = await openPopup(b, b.popupUrl);
      await popup.waitFor(/None of your accounts is for/);
      assert.doesNotMatch(await popup.text(), /\d{3} \d{3}/, `a code in the popup on ${url}`);
      await popup.close();
      await b.browser.pause(1000);
      assert.equal((await fillButtons(b.browser)).length, 0, `a button on ${url}`);
      assert.equal(await (await b.browser.$('#app_totp')).getValue(), '');
    }
  });

  it('cross-origin frames get neither a button nor a code, either way round', async () => {
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
    // The popup's Fill on the phishing page: its top origin is not GitHub's, so no account.
    await b.browser.url('https://evil.example/framing-github');
    const popup = await openPopup(b, b.popupUrl);
    await popup.waitFor(/None of your accounts is for evil\.example/);
    await popup.close();
  });

  it('a locked vault answers "locked" and gives no code', async () => {
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
    const popup = await openPopup(b, b.popupUrl);
    await popup.waitFor(/Twofold is locked/);
    assert.doesNotMatch(await popup.text(), /\d{3} \d{3}/);
    await popup.close();
    await unlockWithPassword(app.browser, PASSWORD);
    await (await app.browser.$('[data-testid="accounts"]')).waitForExist({ timeout: 15_000 });
  });

  it('a revoked browser gets nothing again', async () => {
    const revoked = cli(['browser', 'pairings', '--revoke', 'Chromium'], vault);
    assert.match(revoked, /Chromium/);
    await b.browser.url(GITHUB);
    await b.browser.pause(1500);
    assert.equal((await fillButtons(b.browser)).length, 0);
    const popup = await openPopup(b, b.popupUrl);
    await popup.waitFor(/not paired/);
    await popup.close();
  });
});
