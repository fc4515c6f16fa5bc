// The content script's entry (built as one classic script).
import { api } from './api';
import { start } from './content';
import type { ContentMessage, FillRequest } from './protocol';

const browser = api();
start(
  window,
  (message: ContentMessage) => browser.runtime.sendMessage(message),
  (fillNow) => {
    browser.runtime.onMessage.addListener((message: unknown, _sender, reply) => {
      const m = message as FillRequest;
      if (m?.type !== 'fill-now') return false;
      fillNow(m).then(reply, () => reply({ filled: false, reason: 'error' }));
      return true;
    });
  },
);
