// The messages between the extension, the host and the app (crates/core/src/browser/protocol.rs),
// and those between the extension's own parts (content script, popup, background).

export interface Credentials {
  id: string;
  token: string;
}

export interface ReleasedCode {
  account: string;
  issuer: string | null;
  label: string;
  code: string;
  seconds_left: number | null;
  period: number | null;
}

export interface Suggestion {
  account: string;
  issuer: string | null;
  label: string;
  site: string;
}

/** A reply from the app (or an error from the host or the port). */
export type AppReply =
  | { type: 'welcome'; protocol: number; app: string }
  | { type: 'status'; vault: 'unlocked' | 'locked' | 'no_vault'; paired: boolean | null; pairings: number | null }
  | { type: 'pair_pending'; request: string; code: string; expires_in: number }
  | { type: 'paired'; pairing: string; token: string }
  | { type: 'pair_refused' }
  | { type: 'pair_expired' }
  | { type: 'codes'; origin: string; accounts: ReleasedCode[] }
  | { type: 'offer'; accounts: number }
  | { type: 'suggestions'; origin: string; items: Suggestion[] }
  | { type: 'site_added'; account: string; site: string }
  | { type: 'locked' }
  | { type: 'not_paired' }
  | { type: 'opened' }
  | { type: 'error'; code: string; message: string };

/** What a content script gets when it asks for this frame's codes. */
export type CodesAnswer =
  | { state: 'codes'; accounts: ReleasedCode[] }
  | { state: 'locked' }
  | { state: 'not_paired' }
  | { state: 'error'; code: string; message: string };

/** Whether this frame has accounts (no codes): the button shows only where it has. */
export type OfferAnswer =
  | { state: 'accounts'; count: number }
  | { state: 'locked' }
  | { state: 'not_paired' }
  | { state: 'error'; code: string; message: string };

/** Messages from a content script to the background. The origin is never in them: the
 *  background takes it from the browser's `sender`. */
export type ContentMessage = { type: 'codes' } | { type: 'offer' } | { type: 'open_app' };

/** Messages from the background (for the popup or the shortcut) to a content script. */
export type FillRequest = { type: 'fill-now'; account?: string };
export type FillResult = { filled: boolean; reason?: 'no_field' | 'no_account' | 'locked' | 'not_paired' | 'error' | 'chosen' };

/** What the popup shows. */
export type PopupState =
  | { state: 'not_web'; }
  | { state: 'host_missing'; message: string }
  | { state: 'app_not_running'; message: string }
  | { state: 'not_paired'; host: string }
  | { state: 'locked'; host: string }
  | { state: 'no_vault'; host: string }
  | { state: 'ready'; host: string; origin: string; accounts: ReleasedCode[]; suggestions: Suggestion[] }
  | { state: 'error'; message: string };

export type PopupMessage =
  | { type: 'popup-state'; tabId: number }
  | { type: 'popup-pair' }
  | { type: 'popup-pair-poll'; request: string }
  | { type: 'popup-confirm'; tabId: number; account: string }
  | { type: 'popup-fill'; tabId: number; account: string }
  | { type: 'popup-open-app' }
  | { type: 'popup-inline'; enabled: boolean };

export type PairAnswer =
  | { state: 'pending'; request: string; code: string }
  | { state: 'paired' }
  | { state: 'refused' }
  | { state: 'expired' }
  | { state: 'error'; message: string };

/** An account's name as the person knows it: "GitHub (alice)". */
export function accountName(a: { issuer: string | null; label: string }): string {
  const issuer = a.issuer?.trim();
  const label = a.label.trim();
  if (issuer && label) return `${issuer} (${label})`;
  return issuer || label || 'an unnamed account';
}

/** "482917" → "482 917". */
export function spaced(code: string): string {
  if (code.length === 6) return `${code.slice(0, 3)} ${code.slice(3)}`;
  if (code.length === 8) return `${code.slice(0, 4)} ${code.slice(4)}`;
  return code;
}
