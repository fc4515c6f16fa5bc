/** Splits a code into groups for reading aloud: "123456" -> "123 456", "12345678" -> "1234 5678". */
export function groupCode(code: string): string {
  const n = code.length;
  if (n <= 5) return code; // Steam's five characters read best whole
  const groups = n % 3 === 0 ? 3 : n % 4 === 0 ? 4 : 3;
  const parts: string[] = [];
  for (let i = 0; i < n; i += groups) parts.push(code.slice(i, i + groups));
  // Never leave a lone trailing digit: "1234567" -> "123 4567".
  if (parts.length > 1 && parts[parts.length - 1].length === 1) {
    const last = parts.pop()!;
    parts[parts.length - 1] += last;
  }
  return parts.join(' ');
}

/** How a kind of code is named to people: "TOTP", "HOTP", "STEAM", "mOTP", "Yandex". */
export function kindName(kind: string): string {
  if (kind === 'motp') return 'mOTP';
  if (kind === 'yandex') return 'Yandex';
  return kind.toUpperCase();
}

/** The name a row shows: the issuer when there is one, else the label. */
export function title(issuer: string | null, label: string): string {
  return issuer?.trim() || label || 'Unnamed account';
}

/** True when every word of `query` is in the item's issuer, label or tags (any case). */
export function matches(item: { issuer: string | null; label: string; tags: string[] }, query: string): boolean {
  const hay = [item.issuer ?? '', item.label, ...item.tags].join('\n').toLowerCase();
  return query
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((w) => hay.includes(w));
}

/**
 * Live check of a typed secret, as Rust will read it (any case; spaces,
 * hyphens and `=` ignored): null when it is fine or still empty, else what
 * is wrong. The final word is Rust's, when the form is sent.
 */
export function checkSecret(typed: string): string | null {
  const clean = typed.replace(/[\s\-=]/g, '').toUpperCase();
  if (!clean) return null;
  const bad = clean.match(/[^A-Z2-7]/);
  if (bad) return `“${bad[0]}” cannot be in a secret: only letters A–Z and digits 2–7.`;
  if ([1, 3, 6].includes(clean.length % 8)) return 'This secret is cut short or has a letter too many; check you copied all of it.';
  if (clean.length < 16) return 'This secret is unusually short; check you copied all of it.';
  return null;
}

/** Shows the chosen theme: 'system' leaves it to the system's light or dark setting. */
export function applyTheme(theme: 'system' | 'light' | 'dark') {
  if (theme === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
}

/**
 * The key an issuer is looked up by among the brand icons: lower case,
 * letters and digits only; a domain ("accounts.google.com") gives its name
 * ("google"). Other names a service goes by map to its icon's key.
 */
export function brandKey(issuer: string | null): string | null {
  const aliases: Record<string, string> = { twitter: 'x', battlenet: 'battledotnet', blizzard: 'battledotnet' };
  let s = (issuer ?? '').trim().toLowerCase();
  if (!s) return null;
  const whole = s.replace(/[^a-z0-9]/g, '');
  if (aliases[whole]) return aliases[whole];
  if (/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(s)) {
    const parts = s.split('.');
    s = parts[parts.length - 2];
  }
  s = s.replace(/[^a-z0-9]/g, '');
  return aliases[s] ?? s;
}

/** "just now", "5 minutes ago", "3 hours ago", else the date (YYYY-MM-DD): when a computer last synced. */
export function since(unixSeconds: number, nowSeconds = Date.now() / 1000): string {
  const ago = Math.max(0, nowSeconds - unixSeconds);
  if (ago < 60) return 'just now';
  if (ago < 3600) return `${Math.floor(ago / 60)} minute${ago < 120 ? '' : 's'} ago`;
  if (ago < 86400) return `${Math.floor(ago / 3600)} hour${ago < 7200 ? '' : 's'} ago`;
  return new Date(unixSeconds * 1000).toISOString().slice(0, 10);
}
