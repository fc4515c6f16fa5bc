// The background's entry: wires the Background to the real browser APIs.
import { api } from './api';
import { Background, CONTENT_SCRIPT, HOST_NAME, INLINE_SCRIPT_ID, Native, browserName, type Port } from './background';
import type { FillRequest, FillResult } from './protocol';

const browser = api();

const native = new Native(
  () => browser.runtime.connectNative(HOST_NAME) as unknown as Port,
  () => browser.runtime.lastError?.message,
);

async function setInline(enabled: boolean): Promise<void> {
  const registered = await browser.scripting.getRegisteredContentScripts({ ids: [INLINE_SCRIPT_ID] });
  if (enabled && registered.length === 0) {
    await browser.scripting.registerContentScripts([
      { id: INLINE_SCRIPT_ID, matches: ['<all_urls>'], js: [CONTENT_SCRIPT], allFrames: true, runAt: 'document_idle' },
    ]);
  } else if (!enabled && registered.length > 0) {
    await browser.scripting.unregisterContentScripts({ ids: [INLINE_SCRIPT_ID] });
  }
  await browser.storage.local.set({ inline: enabled });
}

const background = new Background(native, {
  runtimeId: browser.runtime.id,
  popupUrl: browser.runtime.getURL('popup.html'),
  browserName: browserName(navigator as Navigator & { userAgentData?: { brands?: { brand: string }[] } }),
  storage: {
    get: (key) => browser.storage.local.get(key),
    set: (items) => browser.storage.local.set(items),
  },
  tabs: {
    get: (tabId) => browser.tabs.get(tabId),
    active: async () => (await browser.tabs.query({ active: true, currentWindow: true }))[0],
    send: (tabId, message: FillRequest) => browser.tabs.sendMessage(tabId, message, { frameId: 0 }) as Promise<FillResult>,
  },
  inject: async (tabId) => {
    await browser.scripting.executeScript({ target: { tabId, frameIds: [0] }, files: [CONTENT_SCRIPT] });
  },
  setInline,
});

browser.runtime.onMessage.addListener((message, sender, reply) => {
  background.onMessage(message, sender).then(reply, () => reply(undefined));
  return true;
});

browser.commands.onCommand.addListener((command) => {
  void background.onCommand(command);
});

// The inline button everywhere: only while the person keeps both the setting and the permission.
browser.permissions.onRemoved.addListener(() => void setInline(false));
void (async () => {
  const { inline } = await browser.storage.local.get('inline');
  const allowed = await browser.permissions.contains({ origins: ['<all_urls>'] });
  await setInline(Boolean(inline) && allowed);
})();
