// The WebExtension API of whichever browser runs us: Firefox's `browser` (promises), else
// Chrome's `chrome` (promises in Manifest V3). Tests put a fake on globalThis before importing.

type Api = typeof chrome;

export function api(): Api {
  const g = globalThis as unknown as { browser?: Api; chrome?: Api };
  const found = g.browser ?? g.chrome;
  if (!found) throw new Error('no WebExtension API here');
  return found;
}
