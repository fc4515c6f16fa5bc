// The frontend talks to this interface only: the Tauri implementation in the
// app, a mock in unit tests. Types mirror src-tauri/dto.rs and error.rs.

export type OtpKind = 'totp' | 'hotp' | 'steam';

/** A failed command: branch on `code`, show `message`. */
export interface IpcError {
  code: string;
  message: string;
}

export function isIpcError(e: unknown): e is IpcError {
  return typeof e === 'object' && e !== null && 'code' in e && 'message' in e;
}

export function messageOf(e: unknown, fallback = 'Something went wrong.'): string {
  if (isIpcError(e)) return e.message;
  if (typeof e === 'string') return e;
  return fallback;
}

export interface Status {
  exists: boolean;
  unlocked: boolean;
  keyring: boolean;
  password: boolean;
  path: string;
}

export interface Created {
  recovery_key: string;
  ways: string[];
}

export interface CodeView {
  id: string;
  issuer: string | null;
  label: string;
  tags: string[];
  kind: OtpKind;
  code: string;
  next_code: string;
  period: number | null;
  seconds_left: number | null;
}

export interface Codes {
  /** The Unix second the codes were computed for. */
  at: number;
  items: CodeView[];
}

export interface ReviewItem {
  issuer: string | null;
  label: string;
  kind: OtpKind;
  duplicate: boolean;
}

export interface Review {
  /** Opaque id of the accounts waiting in the app; 0 when none were found. */
  id: number;
  items: ReviewItem[];
  errors: string[];
}

export interface Added {
  added: number;
  skipped: number;
}

export interface Backend {
  status(): Promise<Status>;
  unlockKeyring(): Promise<void>;
  unlockPassword(password: string): Promise<void>;
  /** Without a password: the OS keyring. */
  createVault(password?: string): Promise<Created>;
  listCodes(): Promise<Codes>;
  copyCode(id: string): Promise<{ clear_after: number }>;
  nextHotp(id: string): Promise<void>;
  lock(): Promise<void>;
  stillHere(): Promise<void>;
  reviewText(text: string): Promise<Review>;
  reviewImage(bytes: Uint8Array): Promise<Review>;
  reviewImagePath(path: string): Promise<Review>;
  confirmImport(id: number): Promise<Added>;
  discardImport(id: number): Promise<void>;
  /** Calls back with the paths of files dropped on the window; returns the unsubscribe. */
  onFileDrop(cb: (paths: string[]) => void): Promise<() => void>;
}
