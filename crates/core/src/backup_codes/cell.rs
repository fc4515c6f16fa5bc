//! One cell's words into candidates: spaced groups joined, used markers and
//! list numbers attached to their codes, labels recognised, prose detected.

use super::candidate::{Candidate, Sep, MIN_SINGLE_LEN};
use super::token::{Kind, Word};

/// What one cell holds.
#[derive(Debug, Default)]
pub(super) struct CellScan<'a> {
    /// The cell's candidates, in order.
    pub(super) found: Vec<Candidate<'a>>,
    /// A word that is neither code, number, bullet nor marker was seen.
    pub(super) prose: bool,
    /// A used marker with no code to attach to in this cell.
    pub(super) orphan_used: bool,
    /// The cell is `label: codes`; the codes start at this index of `found`.
    pub(super) labelled_from: Option<usize>,
}

/// Walks the words of one cell, joining spaced groups and attaching used
/// markers to their codes.
struct CellWalker<'a> {
    scan: CellScan<'a>,
    /// Consecutive groups of one length, not yet turned into candidates.
    run: Vec<(&'a str, bool)>,
    /// Where the current comma-separated segment starts in `scan.found`.
    segment_start: usize,
    /// A used marker came before any code of the segment.
    pending_used: bool,
    /// A list number waiting for its code.
    pending_number: Option<u32>,
    /// A used marker followed a code: the rest is an annotation ("used on
    /// 5 Mar 2024") and does not make the cell prose.
    annotating: bool,
    /// Where the candidates after the last label (`Code 1:`) start.
    label_at: Option<usize>,
    /// A word of prose came after the last label.
    prose_since_label: bool,
}

pub(super) fn scan_cell<'a>(words: &[Word<'a>], carried_used: bool) -> CellScan<'a> {
    let mut w = CellWalker {
        scan: CellScan::default(),
        run: Vec::new(),
        segment_start: 0,
        pending_used: carried_used,
        pending_number: None,
        annotating: false,
        label_at: None,
        prose_since_label: false,
    };
    for word in words {
        w.step(*word);
        if word.colon && w.ends_label(word.kind) {
            w.end_label();
        }
    }
    w.flush();
    w.scan.orphan_used = w.pending_used;
    if let Some(at) = w.label_at {
        let codes_after = w.scan.found.len() > at;
        // The label's words never count as codes, even `recovery:`.
        if !w.prose_since_label && codes_after {
            w.scan.labelled_from = Some(at);
        }
    }
    w.scan
}

impl<'a> CellWalker<'a> {
    fn step(&mut self, word: Word<'a>) {
        match word.kind {
            Kind::Group(g) => {
                if self.run.first().is_some_and(|(r, _)| r.len() != g.len()) {
                    self.flush();
                }
                self.run.push((g, word.struck));
            }
            Kind::Hyphenated(h) => {
                self.flush();
                self.push(h.split('-').collect(), Sep::Hyphen, word.struck);
            }
            Kind::Used => {
                self.flush();
                match self.scan.found[self.segment_start..].last_mut() {
                    Some(code) => {
                        code.used = true;
                        self.annotating = true;
                    }
                    None => self.pending_used = true,
                }
            }
            Kind::Neutral => self.flush(),
            Kind::Number(n) => {
                self.flush();
                self.pending_number = Some(n);
            }
            Kind::Break => {
                self.flush();
                self.segment_start = self.scan.found.len();
                self.pending_used = false;
                self.pending_number = None;
            }
            Kind::Other => {
                self.flush();
                self.other();
            }
        }
    }

    fn other(&mut self) {
        if !self.annotating {
            self.scan.prose = true;
            self.prose_since_label = true;
        }
    }

    /// A word with a colon ends a label when it is a word (`Account:`,
    /// `recovery:`) or the number of a labelled item (`Code 1:`); a number
    /// opening the cell (`1:`) is a list number, and `abcd-ef12:` a code.
    fn ends_label(&self, kind: Kind<'_>) -> bool {
        match kind {
            Kind::Other => true,
            Kind::Group(g) => g.bytes().all(|b| b.is_ascii_alphabetic()),
            Kind::Number(_) => self.scan.prose,
            _ => false,
        }
    }

    /// Everything so far was a label (`Recovery code 1:`): only what follows
    /// it decides whether the cell is `label: codes`.
    fn end_label(&mut self) {
        self.flush();
        self.label_at = Some(self.scan.found.len());
        self.prose_since_label = false;
    }

    /// Turns the pending run of same-length groups into candidates: short
    /// groups make one spaced code, long ones are codes each.
    fn flush(&mut self) {
        let run = std::mem::take(&mut self.run);
        let Some(&(first, _)) = run.first() else { return };
        let struck = run.iter().any(|&(_, s)| s);
        if first.len() >= MIN_SINGLE_LEN {
            for (g, s) in run {
                self.push(vec![g], Sep::None, s);
            }
        } else if run.len() == 1 {
            self.other(); // "2024", "codes", "safe": too short to be a code alone
        } else {
            self.push(run.into_iter().map(|(g, _)| g).collect(), Sep::Space, struck);
        }
    }

    fn push(&mut self, groups: Vec<&'a str>, sep: Sep, struck: bool) {
        let used = struck || std::mem::take(&mut self.pending_used);
        let number = self.pending_number.take();
        self.scan.found.push(Candidate { groups, sep, used, reserve: false, number });
    }
}
