// What the main window says about sync runs nobody watched: the folder
// watcher's, a save's, the phone's backups taken in on unlock. Settings shows
// the whole log; the list only needs to know that something waits there.
import type { PhoneStatus, SyncStatus, VaultSync } from './backend';

/** One line of the notice; `key` stays the same while the trouble does, so a dismissal holds. */
export interface Notice {
  key: string;
  text: string;
  /** It stops something (a merge, the phone's backups), not only reports. */
  blocking: boolean;
  /** The part of Settings that tells more and acts. */
  section: 'sync' | 'phone';
}

const files = (n: number) => (n === 1 ? '1 file' : `${n} files`);
const accounts = (n: number) => (n === 1 ? '1 account' : `${n} accounts`);

function ofVault(v: VaultSync | null, what: string, prefix: string): Notice[] {
  if (!v) return [];
  const out: Notice[] = [];
  const { error, set_aside, clock_warnings, mass_change } = v.log;
  if (error) {
    // A stopped merge's message says what it would have done; a failure needs saying.
    const text = mass_change ? (prefix === 'codes' ? `Backup codes: ${error.message}` : error.message) : `${what} failed: ${error.message}`;
    out.push({ key: `${prefix}:${error.code}:${error.message}`, text, blocking: true, section: 'sync' });
  }
  if (set_aside.length) {
    const names = set_aside.map((s) => s.file).sort();
    out.push({
      key: `${prefix}:set-aside:${names.join('|')}`,
      text: `${what} set aside ${files(names.length)} in the folder it could not use; nothing in them was taken as deleted.`,
      blocking: false,
      section: 'sync',
    });
  }
  for (const w of clock_warnings) out.push({ key: `${prefix}:clock:${w}`, text: w, blocking: false, section: 'sync' });
  return out;
}

/** What needs the person's attention, most pressing first; empty when all is well. */
export function noticesOf(sync: SyncStatus | null, phone: PhoneStatus | null): Notice[] {
  const out = [...ofVault(sync?.accounts ?? null, 'Sync', 'accounts'), ...ofVault(sync?.backup_codes ?? null, 'Backup-code sync', 'codes')];
  // A followed folder that is not there now (a drive not mounted) is left to Settings: it is
  // often so, and nothing is lost while it lasts.
  if (phone?.folder) {
    if (phone.log.error) {
      const e = phone.log.error;
      out.push({ key: `phone:${e.code}:${e.message}`, text: `Your phone’s backups: ${e.message}`, blocking: true, section: 'phone' });
    }
    const gone = phone.pending_removals.length;
    if (gone) {
      out.push({
        key: `phone:removed:${phone.pending_removals.map((r) => r.account).sort().join('|')}`,
        text: `${accounts(gone)} deleted on your phone ${gone === 1 ? 'is' : 'are'} still here: keep or delete ${gone === 1 ? 'it' : 'them'} in Settings.`,
        blocking: false,
        section: 'phone',
      });
    }
  }
  return out.sort((a, b) => Number(b.blocking) - Number(a.blocking));
}
