//! Finding a set in the backup-code vault, and the counts the accounts vault
//! keeps of them. Shared by the CLI and the app, so both link sets the same way.

use crate::vault::{BackupCodes, BackupSummary};

use super::model::{BackupCodeSet, DEFAULT_LOW_THRESHOLD};

/// What a set belongs to: a vault account, or a site with no account here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetOwner<'a> {
    /// Linked to this account id.
    Account(&'a str),
    /// A standalone set under this name (compared ignoring case).
    Site(&'a str),
}

impl BackupCodeSet {
    /// True when this set is `owner`'s.
    pub fn belongs_to(&self, owner: SetOwner<'_>) -> bool {
        match owner {
            SetOwner::Account(id) => self.account_id.as_deref() == Some(id),
            SetOwner::Site(name) => self.account_id.is_none() && self.name.trim().eq_ignore_ascii_case(name.trim()),
        }
    }
}

impl BackupCodes<BackupCodeSet> {
    /// The set of `owner`, if there is one.
    pub fn set_of(&self, owner: SetOwner<'_>) -> Option<&BackupCodeSet> {
        self.sets.iter().find(|s| s.belongs_to(owner))
    }

    /// The set of `owner`, to change it.
    pub fn set_of_mut(&mut self, owner: SetOwner<'_>) -> Option<&mut BackupCodeSet> {
        self.sets.iter_mut().find(|s| s.belongs_to(owner))
    }

    /// The set of `owner`, made (empty, named `name`) when there is none.
    pub fn set_of_or_new(&mut self, owner: SetOwner<'_>, name: &str, now: i64) -> &mut BackupCodeSet {
        let at = match self.sets.iter().position(|s| s.belongs_to(owner)) {
            Some(i) => i,
            None => {
                let mut set = BackupCodeSet::new(name, now);
                if let SetOwner::Account(id) = owner {
                    set.account_id = Some(id.to_owned());
                }
                self.sets.push(set);
                self.sets.len() - 1
            }
        };
        &mut self.sets[at]
    }

    /// The counts the accounts vault keeps (no codes): one per set that holds codes.
    pub fn summary(&self) -> Vec<BackupSummary> {
        self.sets
            .iter()
            .filter(|s| s.total() > 0)
            .map(|s| BackupSummary {
                set_id: s.id.clone(),
                account_id: s.account_id.clone(),
                name: s.name.clone(),
                left: s.left() as u32,
                total: s.total() as u32,
                low: s.is_low(DEFAULT_LOW_THRESHOLD),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backup_codes::parse;

    fn vault_with_github() -> BackupCodes<BackupCodeSet> {
        let mut v = BackupCodes::new(Vec::new());
        let set = v.set_of_or_new(SetOwner::Account("acc1"), "GitHub", 100);
        set.add_codes(parse("1234-5678\n2345-6789\n3456-7890\n4567-8901\n").unwrap(), 100).unwrap();
        v
    }

    #[test]
    fn a_linked_set_is_found_by_its_account_and_not_by_name() {
        let mut v = vault_with_github();
        assert_eq!(v.set_of(SetOwner::Account("acc1")).unwrap().name, "GitHub");
        assert!(v.set_of(SetOwner::Site("GitHub")).is_none());
        assert!(v.set_of(SetOwner::Account("acc2")).is_none());
        // Asking again gives the same set, not a second one.
        v.set_of_or_new(SetOwner::Account("acc1"), "other", 200);
        assert_eq!(v.sets.len(), 1);
    }

    #[test]
    fn a_standalone_set_is_found_by_name_ignoring_case() {
        let mut v = BackupCodes::new(Vec::new());
        v.set_of_or_new(SetOwner::Site("Proton"), "Proton", 1);
        assert!(v.set_of(SetOwner::Site(" proton ")).is_some());
        assert!(v.set_of(SetOwner::Site("Protonmail")).is_none());
    }

    #[test]
    fn the_summary_counts_and_warns_without_codes() {
        let mut v = vault_with_github();
        v.set_of_or_new(SetOwner::Site("Empty"), "Empty", 1);
        let s = v.summary();
        assert_eq!(s.len(), 1, "an empty set is not summarised");
        assert_eq!((s[0].left, s[0].total, s[0].low), (4, 4, false));
        assert_eq!(s[0].account_id.as_deref(), Some("acc1"));
        let set = v.set_of_mut(SetOwner::Account("acc1")).unwrap();
        set.use_next(5);
        set.use_next(6);
        let s = v.summary();
        assert_eq!((s[0].left, s[0].low), (2, true));
        let text = format!("{s:?}");
        assert!(!text.contains("1234") && !text.contains("3456"), "no code in the summary: {text}");
    }
}
