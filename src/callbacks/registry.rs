//! Callback ids, names and levels.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU32, Ordering};

/// The last callback id handed out in this process, across every logger:
/// an id from one logger can never remove another logger's callback.
static LAST_ID: AtomicU32 = AtomicU32::new(0);

#[derive(Debug, Clone, PartialEq)]
pub struct CallbackInfo {
  pub name: String,
  pub level: u32,
}

/// Ids are positive and never reused in a process, so a stale id can never
/// remove a callback added later.
#[derive(Debug, Default)]
pub struct CallbackRegistry {
  callbacks: BTreeMap<u32, CallbackInfo>,
}

impl CallbackRegistry {
  pub fn add(&mut self, name: String, level: u32) -> u32 {
    let id = LAST_ID.fetch_add(1, Ordering::Relaxed) + 1;
    self.callbacks.insert(id, CallbackInfo { name, level });
    id
  }

  /// True when `id` named a registered callback, which is now gone.
  pub fn remove(&mut self, id: u32) -> bool {
    self.callbacks.remove(&id).is_some()
  }

  pub fn get(&self, id: u32) -> Option<&CallbackInfo> {
    self.callbacks.get(&id)
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn ids_are_positive_and_never_reused_even_across_registries() {
    let mut registry = CallbackRegistry::default();
    let first = registry.add("a".into(), 20);
    assert!(first > 0);
    assert!(registry.remove(first));
    let second = registry.add("a".into(), 20);
    let elsewhere = CallbackRegistry::default().add("b".into(), 20);
    assert!(second > first && elsewhere > second);
    assert_eq!(registry.get(second), Some(&CallbackInfo { name: "a".into(), level: 20 }));
  }

  #[test]
  fn removing_an_unknown_or_removed_id_is_false() {
    let mut registry = CallbackRegistry::default();
    let id = registry.add("a".into(), 20);
    assert!(!registry.remove(99));
    assert!(registry.remove(id));
    assert!(!registry.remove(id));
    assert_eq!(registry.get(id), None);
  }
}
