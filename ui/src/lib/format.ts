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
