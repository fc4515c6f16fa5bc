//! The hybrid logical clock every change is stamped with.
//!
//! A [`Stamp`] is (wall time in ms, counter, device id), compared in that
//! order: it follows the wall clock when clocks agree, stays ahead of every
//! stamp this device has seen when they do not, and two devices never make
//! the same stamp. The latest stamp wins a field.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::device::DeviceId;

/// When and where a value was written.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Stamp {
    /// Wall time, milliseconds since 1970, as the writer's clock said (or later).
    #[serde(rename = "w")]
    pub wall_ms: u64,
    /// Orders stamps of the same millisecond.
    #[serde(rename = "c")]
    pub counter: u32,
    /// The device that wrote it.
    #[serde(rename = "d")]
    pub device: DeviceId,
}

impl fmt::Display for Stamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}@{}", self.wall_ms, self.counter, self.device)
    }
}

/// A device's clock: the latest stamp it made or saw.
#[derive(Clone, Debug)]
pub struct Clock {
    device: DeviceId,
    last: Option<(u64, u32)>,
}

impl Clock {
    /// A clock for `device` that has seen nothing yet.
    pub fn new(device: DeviceId) -> Self {
        Clock { device, last: None }
    }

    /// A new stamp, later than every stamp made or seen, at wall time `now_ms`.
    pub fn tick(&mut self, now_ms: u64) -> Stamp {
        let (wall_ms, counter) = match self.last {
            Some((wall, counter)) if wall >= now_ms => (wall, counter.saturating_add(1)),
            _ => (now_ms, 0),
        };
        self.last = Some((wall_ms, counter));
        Stamp { wall_ms, counter, device: self.device.clone() }
    }

    /// Moves the clock past a stamp read from another device.
    pub fn observe(&mut self, stamp: &Stamp) {
        let seen = (stamp.wall_ms, stamp.counter);
        if self.last.is_none_or(|last| seen > last) {
            self.last = Some(seen);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dev(name: &str) -> DeviceId {
        DeviceId::parse(name).unwrap()
    }

    #[test]
    fn stamps_follow_the_wall_clock_and_never_go_back() {
        let mut clock = Clock::new(dev("aaaaaaaaaaaaaaaa"));
        let a = clock.tick(1_000);
        let b = clock.tick(1_000);
        let c = clock.tick(900); // the wall clock stepped back
        let d = clock.tick(2_000);
        assert!(a < b && b < c && c < d);
        assert_eq!((c.wall_ms, c.counter), (1_000, 2));
        assert_eq!((d.wall_ms, d.counter), (2_000, 0));
    }

    #[test]
    fn a_stamp_seen_from_elsewhere_is_overtaken_by_the_next_tick() {
        let mut mine = Clock::new(dev("aaaaaaaaaaaaaaaa"));
        let mut theirs = Clock::new(dev("bbbbbbbbbbbbbbbb"));
        let ahead = theirs.tick(50_000);
        mine.observe(&ahead);
        let next = mine.tick(10_000);
        assert!(next > ahead, "{next} must follow {ahead}");
    }
}
