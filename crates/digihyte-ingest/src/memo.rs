//! The readers' memos: a log or an export repeats a few texts (municipalities, topics,
//! ages, answers) thousands of times, so each distinct text is parsed once.

use std::borrow::Borrow;
use std::collections::HashMap;
use std::hash::Hash;

/// A memo, hashed with foldhash.
pub(crate) type Memo<K, V> = HashMap<K, V, foldhash::fast::FixedState>;

/// The value remembered for `key`, computed by `f` the first time. A hit (nearly every
/// row) hashes and compares the key once, without copying it; the value is cloned out (it
/// is small, or shared). The memo is cleared when it holds `limit` entries, so that a
/// column of distinct texts (free-text notes) does not grow it without bound.
pub(crate) fn remember<K, Q, V>(map: &mut Memo<K, V>, key: &Q, limit: usize, f: impl FnOnce(&Q) -> V) -> V
where
    K: Borrow<Q> + Hash + Eq,
    Q: Hash + Eq + ToOwned<Owned = K> + ?Sized,
    V: Clone,
{
    if let Some(v) = map.get(key) {
        return v.clone();
    }
    let v = f(key);
    store(map, key.to_owned(), v.clone(), limit);
    v
}

/// Inserts into a memo of at most `limit` entries: a full memo starts again (cleared).
pub(crate) fn store<K: Hash + Eq, V, S: std::hash::BuildHasher>(map: &mut HashMap<K, V, S>, key: K, v: V, limit: usize) {
    if map.len() >= limit {
        map.clear();
    }
    map.insert(key, v);
}

/// A memo shared by the files of a run (each file's readers keep their own first): a text
/// that is slow to classify and recurs in every file (a topic cell such as `Pankkiasiat;
/// sähköposti`) is classified once per run, not once per file. Looked up only when a
/// reader's own memo misses; computed outside the lock.
#[derive(Default)]
pub struct Shared<V> {
    map: std::sync::Mutex<Memo<String, V>>,
}

impl<V> std::fmt::Debug for Shared<V> {
    /// Its size, not its (many) entries.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.map.lock().map_or(0, |m| m.len());
        write!(f, "Shared({n} texts)")
    }
}

impl<V: Clone> Shared<V> {
    pub(crate) fn remember(&self, key: &str, limit: usize, f: impl FnOnce(&str) -> V) -> V {
        if let Some(v) = self.map.lock().unwrap_or_else(std::sync::PoisonError::into_inner).get(key) {
            return v.clone();
        }
        let v = f(key);
        store(&mut self.map.lock().unwrap_or_else(std::sync::PoisonError::into_inner), key.to_owned(), v.clone(), limit);
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    /// A text is computed once for the run, whichever file (thread) asks first; the bound
    /// starts the memo again rather than growing it.
    #[test]
    fn shared_memo_computes_each_text_once() {
        let shared: Shared<usize> = Shared::default();
        let calls = Cell::new(0);
        let len = |t: &str| {
            calls.set(calls.get() + 1);
            t.len()
        };
        assert_eq!(shared.remember("Pankkiasiat; sähköposti", 3, len), 25);
        assert_eq!(shared.remember("Pankkiasiat; sähköposti", 3, len), 25);
        assert_eq!(calls.get(), 1);
        for t in ["a", "bb", "ccc"] {
            shared.remember(t, 3, len);
        }
        assert_eq!(calls.get(), 4);
        // Full at three entries: "ccc" cleared the memo and is now its only entry.
        assert_eq!(shared.remember("ccc", 3, len), 3);
        assert_eq!(calls.get(), 4);
        assert_eq!(shared.remember("a", 3, len), 1);
        assert_eq!(calls.get(), 5);
        // Threads share it.
        let n = std::sync::atomic::AtomicUsize::new(0);
        std::thread::scope(|s| {
            for _ in 0..2 {
                s.spawn(|| {
                    for _ in 0..100 {
                        shared.remember("Verkkopankki", 1000, |t| {
                            n.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                            t.len()
                        });
                    }
                });
            }
        });
        assert!(n.load(std::sync::atomic::Ordering::Relaxed) <= 2, "computed at most once per racing thread");
    }
}
