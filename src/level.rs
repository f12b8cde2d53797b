//! The eight levels of the reference page, by number.
//!
//! JS validates level names and sends numbers; the core only needs the number
//! (for filtering) and the upper-case name (for records).

/// `(number, name)` from the least to the most severe.
pub const LEVELS: [(u32, &str); 8] = [
  (5, "TRACE"),
  (10, "DEBUG"),
  (20, "INFO"),
  (25, "SUCCESS"),
  (30, "WARNING"),
  (40, "ERROR"),
  (45, "FAIL"),
  (50, "CRITICAL"),
];

/// The level of records logly writes about its own trouble.
pub const ERROR: u32 = 40;

/// The record name of a level number. Numbers between the named ones take the
/// name of the nearest level below, so a record never lacks a level name.
pub fn level_name(level: u32) -> &'static str {
  LEVELS[level_index(level)].1
}

/// The index in `LEVELS` of the name a level number takes (see `level_name`).
/// Callback records carry it instead of the name: JS keeps the names in the
/// same order (`lib/levels.js`).
pub fn level_index(level: u32) -> usize {
  LEVELS.iter().rposition(|(number, _)| *number <= level).unwrap_or(0)
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn every_level_has_its_own_name() {
    for (number, name) in LEVELS {
      assert_eq!(level_name(number), name);
    }
  }

  #[test]
  fn numbers_between_levels_take_the_name_below() {
    assert_eq!(level_name(0), "TRACE");
    assert_eq!(level_name(21), "INFO");
    assert_eq!(level_name(99), "CRITICAL");
  }
}
