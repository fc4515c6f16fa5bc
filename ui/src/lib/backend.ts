// The frontend talks to this interface only: the Tauri implementation in the
// app, a mock in unit tests. Types mirror src-tauri/dto.rs and error.rs.

/** mOTP and Yandex come in by import or link only (they need a PIN the manual form has not). */
export type OtpKind = 'totp' | 'hotp' | 'steam' | 'motp' | 'yandex';

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
  favourite: boolean;
  kind: OtpKind;
  code: string;
  next_code: string;
  period: number | null;
  seconds_left: number | null;
  /** Its backup codes, when it has some (counts only). */
  backup: BackupCount | null;
}

export interface Codes {
  /** The Unix second the codes were computed for. */
  at: number;
  items: CodeView[];
  /** Backup-code sets of sites with no account here. */
  sites: Site[];
}

export interface BackupCount {
  left: number;
  total: number;
  /** Few enough left to get new ones. */
  low: boolean;
}

/** A backup-code set of a site with no account here; `id` is its owner for the commands. */
export interface Site extends BackupCount {
  id: string;
  name: string;
}

/** The separately locked backup-code vault. */
export interface BackupStatus {
  exists: boolean;
  unlocked: boolean;
  /** The person chose to let the keyring open it. */
  keyring: boolean;
}

export interface CodeSet extends BackupCount {
  name: string;
  codes: { code: string; used_on: string | null }[];
}

export interface CodeCount extends BackupCount {
  added: number;
}

export interface UsedCode extends BackupCount {
  code: string;
  clear_after: number;
  /** Why the code is not on the clipboard (it is marked used all the same). */
  copy_error: string | null;
}

export interface ReviewItem {
  issuer: string | null;
  label: string;
  kind: OtpKind;
  /** Groups or tags the other app filed it under. */
  tags: string[];
  duplicate: boolean;
  /** What to check before adding it (a secret that looks mistyped), a sentence each. */
  warnings: string[];
}

export interface Review {
  /** Opaque id of the accounts waiting in the app; 0 when none were found. */
  id: number;
  items: ReviewItem[];
  errors: string[];
  /** Items of an export left out on purpose (no code, in the app's trash), a sentence each. */
  skipped: string[];
  /** An encrypted export in this format waits under `id`: call unlockFile. */
  needs_password: string | null;
}

/** A file picked for import, read in the webview. */
export interface PickedFile {
  name: string;
  bytes: Uint8Array;
}

/** The formats of Export, as `export_vault` names them. */
export type ExportFormatId = 'twofold' | 'aegis' | 'aegis-encrypted' | 'uris' | 'google-qr' | 'html';

export interface ExportRequest {
  format: ExportFormatId;
  /** Re-authentication: the vault's password (when it has one). */
  vaultPassword?: string;
  /** The export's own password (encrypted formats). */
  password?: string;
  /** The new file (not for google-qr). */
  path?: string;
}

export interface Exported {
  path: string | null;
  accounts: number;
  /** Google QR codes as data: URLs, in order. */
  images: string[];
  left_out: string[];
}

/** The fields of the manual-entry form. */
export interface ManualFields {
  issuer: string;
  label: string;
  secret: string;
  kind: OtpKind;
  algorithm: string;
  digits: number;
  period: number;
  counter: number;
}

export interface Added {
  added: number;
  skipped: number;
}

export interface Details {
  id: string;
  issuer: string | null;
  label: string;
  tags: string[];
  note: string;
  favourite: boolean;
  kind: OtpKind;
  algorithm: string;
  digits: number;
  period: number | null;
  counter: number | null;
  /** "label changed on two computers: kept "x"; the other was "y"", oldest first. */
  conflicts: string[];
}

export interface DetailsEdit {
  issuer: string | null;
  label: string;
  tags: string[];
  note: string;
  favourite: boolean;
}

/** An account's secret, after re-authentication. */
export interface Revealed {
  secret: string;
  /** The PIN of an mOTP or Yandex account (sent only here, after re-authentication). */
  pin: string | null;
  uri: string;
  /** The setup QR code as a data: URL. */
  qr: string;
}

/** Settings kept in the vault; 0 means never. */
export interface Settings {
  auto_lock_minutes: number;
  clipboard_clear_seconds: number;
}

export type Theme = 'system' | 'light' | 'dark';

/** The window's own preferences (kept beside the vault, read before unlocking). */
export interface Prefs {
  theme: Theme;
  start_minimised: boolean;
  /** Quick search's global shortcut, e.g. "Ctrl+Shift+K"; '' for none. */
  quick_shortcut: string;
}

/** A GNOME custom keyboard shortcut (GNOME's notation, e.g. "<Control><Shift>k"). */
export interface GnomeEntry {
  binding: string;
  command: string;
}

/** How quick search's shortcut works on this desktop. */
export type ShortcutStatus = (
  | { how: 'x11' }
  | { how: 'pending' }
  | { how: 'portal'; trigger: string }
  | { how: 'command'; why: string }
) & {
  desktop: 'gnome' | 'kde' | 'sway' | 'hyprland' | 'other';
  /** The command a desktop key binding runs. */
  command: string;
  gnome_entry: GnomeEntry | null;
  /** What Twofold would add to GNOME's shortcuts for the preferred key. */
  gnome_offer: GnomeEntry | null;
};

/** How the vault opens. */
export interface Security {
  keyring: boolean;
  password: boolean;
  recovery: boolean;
  backup_codes: boolean;
}

/** An account's web sites: where the browser extension may fill its codes. */
export interface AccountSites {
  sites: string[];
  /** From the issuer table: used only once added. */
  suggested: string[];
  /** Kept in the vault, not usable by this version (never matched). */
  unusable: string[];
}

/** A browser asking to be paired; the code is also shown in its Twofold popup. */
export interface PairingRequest {
  request: string;
  browser: string;
  extension: string;
  /** Six digits. */
  code: string;
}

/** A paired browser. */
export interface PairingView {
  id: string;
  browser: string;
  extension: string;
  /** When it was approved (YYYY-MM-DD). */
  created: string;
}

/** What the sync runs said lately (in the app's memory only). */
export interface SyncLog {
  /** Unix seconds. */
  last_run: number | null;
  /** Newest first: "added GitHub (alice)". */
  received: string[];
  /** Edits that lost to one made on another computer at the same time. */
  conflicts: string[];
  set_aside: { file: string; reason: string }[];
  clock_warnings: string[];
  error: { code: string; message: string } | null;
  /** The last run stopped: it would delete or change many secrets. */
  mass_change: boolean;
}

export interface SyncDevice {
  id: string;
  name: string;
  /** Unix seconds. */
  last_write: number;
  this_device: boolean;
  file_present: boolean;
}

/** One vault's part in a sync folder. */
export interface VaultSync {
  folder: string;
  name: string;
  devices: SyncDevice[];
  last_sync: number | null;
  log: SyncLog;
}

export interface SyncStatus {
  accounts: VaultSync | null;
  backup_codes: VaultSync | null;
  can_share: boolean;
  has_backup_codes: boolean;
  backup_codes_open: boolean;
  default_name: string;
}

/** The phone's Aegis automatic backups, followed (one way, phone to desktop). */
export interface PhoneStatus {
  /** null: no Aegis backups are followed. */
  folder: string | null;
  folder_present: boolean;
  last_backup: string | null;
  /** Unix seconds. */
  last_taken: number | null;
  /** Accounts linked to the phone's. */
  linked: number;
  /** Deleted on the phone, still here: deleted only when the person agrees. */
  pending_removals: { account: string; since: string }[];
  log: {
    last_run: number | null;
    /** Newest first: "added GitHub: alice". */
    received: string[];
    skipped: string[];
    set_aside: { file: string; reason: string }[];
    error: { code: string; message: string } | null;
  };
}

export interface SyncSetup {
  folder: string;
  name?: string;
  /** The other computers' vault password or recovery key, to join their set. */
  secret?: string;
  backupCodes?: boolean;
}

export interface Backend {
  status(): Promise<Status>;
  unlockKeyring(): Promise<void>;
  unlockPassword(password: string): Promise<void>;
  /** With the recovery key of the printed kit. */
  unlockRecovery(key: string): Promise<void>;
  /** Without a password: the OS keyring. */
  createVault(password?: string): Promise<Created>;
  listCodes(): Promise<Codes>;
  copyCode(id: string): Promise<{ clear_after: number }>;
  nextHotp(id: string): Promise<void>;
  lock(): Promise<void>;
  stillHere(): Promise<void>;
  reviewText(text: string): Promise<Review>;
  /** Images, texts of links or other apps' exports, read together. */
  reviewFiles(files: PickedFile[]): Promise<Review>;
  /** An account typed in by hand. */
  reviewManual(fields: ManualFields): Promise<Review>;
  /** The QR codes on every screen (the window steps aside). */
  reviewScreen(): Promise<Review>;
  /** Setup links or an image on the clipboard. */
  reviewClipboard(): Promise<Review>;
  /** A file of the last drop on the window. */
  reviewDropped(paths: string[]): Promise<Review>;
  /** Opens the encrypted export waiting under `id`. */
  unlockFile(id: number, password: string): Promise<Review>;
  confirmImport(id: number): Promise<Added>;
  discardImport(id: number): Promise<void>;
  accountDetails(id: string): Promise<Details>;
  updateAccount(id: string, edit: DetailsEdit): Promise<void>;
  removeAccount(id: string): Promise<void>;
  /** The list's new order, by id. */
  reorderAccounts(order: string[]): Promise<void>;
  /** The secret, after the vault password (or the keyring again). */
  revealSecret(id: string, vaultPassword?: string): Promise<Revealed>;
  getSettings(): Promise<Settings>;
  setSettings(settings: Settings): Promise<void>;
  /** A new file name for an export, in the documents folder. */
  exportSuggestion(format: ExportFormatId): Promise<string>;
  exportVault(request: ExportRequest): Promise<Exported>;
  backupStatus(): Promise<BackupStatus>;
  /** Without a passphrase: the keyring, if the person opted in. */
  unlockBackup(passphrase?: string): Promise<void>;
  createBackup(passphrase: string, keyring: boolean): Promise<void>;
  lockBackup(): Promise<void>;
  /** `owner`: an account's id, or a site's set id. */
  backupCodes(owner: string): Promise<CodeSet>;
  addBackupCodes(owner: string, text: string): Promise<CodeCount>;
  /** Copies the next unused code and marks it used. */
  useBackupCode(owner: string): Promise<UsedCode>;
  markBackupCode(owner: string, index: number, used: boolean): Promise<CodeCount>;
  backupExportSuggestion(): Promise<string>;
  exportBackupCodes(owner: string, path: string): Promise<string>;
  getPrefs(): Promise<Prefs>;
  setPrefs(prefs: Prefs): Promise<void>;
  shortcutStatus(): Promise<ShortcutStatus>;
  /** Adds the shortcut Settings offered to GNOME's own keyboard shortcuts (after the person confirmed). */
  addGnomeShortcut(binding: string): Promise<ShortcutStatus>;
  securityStatus(): Promise<Security>;
  /** `current`: the vault's password when it has one (a keyring-only vault asks the keyring). */
  changePassword(current: string | undefined, next: string): Promise<void>;
  setKeyring(on: boolean, current: string | undefined): Promise<void>;
  /** A new recovery key, shown once; the old kit stops working. */
  newRecoveryKit(current: string | undefined): Promise<Created>;
  /** The account's sites (and suggestions). */
  accountSites(id: string): Promise<AccountSites>;
  /** Adds a site as the person typed it; refused (code `bad_site`) with a reason for a public suffix and the like. */
  addSite(id: string, site: string): Promise<AccountSites>;
  removeSite(id: string, site: string): Promise<AccountSites>;
  /** Browsers asking to be paired, oldest first. */
  pairingRequests(): Promise<PairingRequest[]>;
  approvePairing(request: string): Promise<void>;
  refusePairing(request: string): Promise<void>;
  pairings(): Promise<PairingView[]>;
  revokePairing(id: string): Promise<void>;
  /** Calls back when a browser asks to pair (or a request goes). */
  onPairingRequests(cb: () => void): Promise<() => void>;
  syncStatus(): Promise<SyncStatus>;
  /** Syncs now; `allowMassChange` once the person agreed to a big merge. */
  syncNow(allowMassChange: boolean): Promise<SyncStatus>;
  /** Starts a set in the folder, or joins the one there (refused with `join_needs_secret` without `secret`). */
  syncSetup(setup: SyncSetup): Promise<SyncStatus>;
  syncRemoveDevice(id: string, backupCodes: boolean): Promise<SyncStatus>;
  phoneStatus(): Promise<PhoneStatus>;
  /** Follows the folder Aegis writes its backups to (`aegis_wrong_password` when the password opens none). */
  phoneSetup(folder: string, password: string): Promise<PhoneStatus>;
  /** Takes the newest backup in now; `acceptRemovals` deletes the accounts deleted on the phone. */
  phoneFollow(acceptRemovals: boolean): Promise<PhoneStatus>;
  /** Calls back when a sync ran (Settings shows what it said). */
  onSyncChanged(cb: () => void): Promise<() => void>;
  /** Quick search: hides its own window. */
  hideQuick(): Promise<void>;
  /** Quick search: shows the main window (to unlock). */
  openMain(): Promise<void>;
  /** Quick search: calls back each time its window is shown. */
  onQuickShown(cb: () => void): Promise<() => void>;
  /** Calls back when the vault was locked (idle, screen lock, tray) or saved by another program. */
  onVaultEvent(cb: (event: 'locked' | 'vault-changed') => void): Promise<() => void>;
  /** Calls back with the paths of files dropped on the window; returns the unsubscribe. */
  onFileDrop(cb: (paths: string[]) => void): Promise<() => void>;
}
