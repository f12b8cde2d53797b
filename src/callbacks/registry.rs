//! Callback ids, names and levels.

use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq)]
pub struct CallbackInfo {
  pub name: String,
  pub level: u32,
}

/// Ids start at 1 and are never reused, so a stale id can never remove a
/// callback added later.
#[derive(Debug, Default)]
pub struct CallbackRegistry {
  last_id: u32,
  callbacks: BTreeMap<u32, CallbackInfo>,
}

impl CallbackRegistry {
  pub fn add(&mut self, name: String, level: u32) -> u32 {
    self.last_id += 1;
    self.callbacks.insert(self.last_id, CallbackInfo { name, level });
    self.last_id
  }

  /// True when `id` named a registered callback, which is now gone.
  pub fn remove(&mut self, id: u32) -> bool {
    self.callbacks.remove(&id).is_some()
  }

  pub fn get(&self, id: u32) -> Option<&CallbackInfo> {
    self.callbacks.get(&id)
  }

  pub fn len(&self) -> usize {
    self.callbacks.len()
  }

  pub fn is_empty(&self) -> bool {
    self.callbacks.is_empty()
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn ids_are_positive_and_never_reused() {
    let mut registry = CallbackRegistry::default();
    let first = registry.add("a".into(), 20);
    assert_eq!(first, 1);
    assert!(registry.remove(first));
    let second = registry.add("a".into(), 20);
    assert_eq!(second, 2);
    assert_eq!(registry.get(second), Some(&CallbackInfo { name: "a".into(), level: 20 }));
  }

  #[test]
  fn removing_an_unknown_or_removed_id_is_false() {
    let mut registry = CallbackRegistry::default();
    let id = registry.add("a".into(), 20);
    assert!(!registry.remove(99));
    assert!(registry.remove(id));
    assert!(!registry.remove(id));
    assert!(registry.is_empty());
  }
}
