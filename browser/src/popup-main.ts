// The popup's entry.
import { api } from './api';
import { Popup } from './popup';
import type { PopupMessage } from './protocol';

const browser = api();
const popup = new Popup(document.getElementById('app') as HTMLElement, {
  ask: (message: PopupMessage) => browser.runtime.sendMessage(message),
  // `popup.html?tab=ID` (the popup opened in a tab, as tests do) speaks of that tab; the
  // origin is still the browser's own for it (tabs.get), never the page's word.
  tabId: async () => {
    const asked = Number(new URLSearchParams(location.search).get('tab'));
    if (Number.isInteger(asked) && asked > 0) return asked;
    return (await browser.tabs.query({ active: true, currentWindow: true }))[0]?.id;
  },
  inline: async () => {
    const { inline } = await browser.storage.local.get('inline');
    return Boolean(inline) && (await browser.permissions.contains({ origins: ['<all_urls>'] }));
  },
  requestAllSites: () => browser.permissions.request({ origins: ['<all_urls>'] }),
  close: () => window.close(),
});
void popup.show();
