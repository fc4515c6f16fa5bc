import { invoke } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import { getCurrentWebview } from '@tauri-apps/api/webview';
import type { PhoneStatus, SyncStatus, AccountSites, PairingRequest, PairingView, Prefs, ShortcutStatus, Security, Added, Backend, BackupStatus, CodeCount, CodeSet, Codes, UsedCode, Created, Details, Exported, Review, Revealed, Settings, Status } from './backend';
import { frame } from './frame';

export const tauriBackend: Backend = {
  status: () => invoke<Status>('vault_status'),
  unlockKeyring: () => invoke('unlock_keyring'),
  unlockPassword: (password) => invoke('unlock_password', { password }),
  unlockRecovery: (key) => invoke('unlock_recovery', { key }),
  createVault: (password) => invoke<Created>('create_vault', { password: password ?? null }),
  listCodes: () => invoke<Codes>('list_codes'),
  copyCode: (id) => invoke('copy_code', { id }),
  nextHotp: (id) => invoke('next_hotp', { id }),
  lock: () => invoke('lock'),
  stillHere: () => invoke('still_here'),
  reviewText: (text) => invoke<Review>('review_text', { text }),
  // Raw bytes as the request body: no JSON array of numbers.
  reviewFiles: (files) => invoke<Review>('review_files', frame(files)),
  reviewManual: (fields) => invoke<Review>('review_manual', { ...fields }),
  reviewScreen: () => invoke<Review>('review_screen'),
  reviewClipboard: () => invoke<Review>('review_clipboard'),
  reviewDropped: (paths) => invoke<Review>('review_dropped', { paths }),
  unlockFile: (id, password) => invoke<Review>('unlock_file', { id, password }),
  confirmImport: (id) => invoke<Added>('confirm_import', { id }),
  discardImport: (id) => invoke('discard_import', { id }),
  accountDetails: (id) => invoke<Details>('account_details', { id }),
  updateAccount: (id, e) => invoke('update_account', { id, ...e }),
  removeAccount: (id) => invoke('remove_account', { id }),
  reorderAccounts: (order) => invoke('reorder_accounts', { order }),
  revealSecret: (id, vaultPassword) => invoke<Revealed>('reveal_secret', { id, vaultPassword: vaultPassword ?? null }),
  getSettings: () => invoke<Settings>('get_settings'),
  setSettings: (settings) => invoke('set_settings', { settings }),
  exportSuggestion: (format) => invoke<string>('export_suggestion', { format }),
  exportVault: (r) =>
    invoke<Exported>('export_vault', {
      format: r.format,
      vaultPassword: r.vaultPassword ?? null,
      password: r.password ?? null,
      path: r.path ?? null,
    }),
  backupStatus: () => invoke<BackupStatus>('backup_status'),
  unlockBackup: (passphrase) => invoke('unlock_backup', { passphrase: passphrase ?? null }),
  createBackup: (passphrase, keyring) => invoke('create_backup', { passphrase, keyring }),
  lockBackup: () => invoke('lock_backup'),
  backupCodes: (owner) => invoke<CodeSet>('backup_codes', { owner }),
  addBackupCodes: (owner, text) => invoke<CodeCount>('add_backup_codes', { owner, text }),
  useBackupCode: (owner) => invoke<UsedCode>('use_backup_code', { owner }),
  markBackupCode: (owner, index, used) => invoke<CodeCount>('mark_backup_code', { owner, index, used }),
  backupExportSuggestion: () => invoke<string>('backup_export_suggestion'),
  exportBackupCodes: (owner, path) => invoke<string>('export_backup_codes', { owner, path }),
  getPrefs: () => invoke<Prefs>('get_prefs'),
  setPrefs: (prefs) => invoke('set_prefs', { prefs }),
  shortcutStatus: () => invoke<ShortcutStatus>('shortcut_status'),
  addGnomeShortcut: (binding) => invoke<ShortcutStatus>('add_gnome_shortcut', { binding }),
  securityStatus: () => invoke<Security>('security_status'),
  changePassword: (current, next) => invoke('change_password', { current: current ?? null, new: next }),
  setKeyring: (on, current) => invoke('set_keyring', { on, current: current ?? null }),
  newRecoveryKit: (current) => invoke<Created>('new_recovery_kit', { current: current ?? null }),
  accountSites: (id) => invoke<AccountSites>('account_sites', { id }),
  addSite: (id, site) => invoke<AccountSites>('add_site', { id, site }),
  removeSite: (id, site) => invoke<AccountSites>('remove_site', { id, site }),
  pairingRequests: () => invoke<PairingRequest[]>('pairing_requests'),
  approvePairing: (request) => invoke('approve_pairing', { request }),
  refusePairing: (request) => invoke('refuse_pairing', { request }),
  pairings: () => invoke<PairingView[]>('list_pairings'),
  revokePairing: (id) => invoke('revoke_pairing', { id }),
  onPairingRequests: (cb) => listen('pairing-requests', () => cb()),
  syncStatus: () => invoke<SyncStatus>('sync_status'),
  syncNow: (allowMassChange) => invoke<SyncStatus>('sync_now', { allowMassChange }),
  syncSetup: (r) =>
    invoke<SyncStatus>('sync_setup', { folder: r.folder, name: r.name ?? null, secret: r.secret ?? null, backupCodes: r.backupCodes ?? false }),
  syncRemoveDevice: (id, backupCodes) => invoke<SyncStatus>('sync_remove_device', { id, backupCodes }),
  phoneStatus: () => invoke<PhoneStatus>('phone_status'),
  phoneSetup: (folder, password) => invoke<PhoneStatus>('phone_setup', { folder, password }),
  phoneFollow: (acceptRemovals) => invoke<PhoneStatus>('phone_follow', { acceptRemovals }),
  onSyncChanged: (cb) => listen('sync-changed', () => cb()),
  hideQuick: () => invoke('hide_quick'),
  openMain: () => invoke('open_main'),
  onQuickShown: (cb) => listen('quick-shown', () => cb()),
  onVaultEvent: async (cb) => {
    const offs = await Promise.all([listen('locked', () => cb('locked')), listen('vault-changed', () => cb('vault-changed'))]);
    return () => offs.forEach((off) => off());
  },
  onFileDrop: async (cb) =>
    getCurrentWebview().onDragDropEvent((e) => {
      if (e.payload.type === 'drop') cb(e.payload.paths);
    }),
};
