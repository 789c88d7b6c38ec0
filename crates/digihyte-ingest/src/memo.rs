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
    if map.len() >= limit {
        map.clear();
    }
    let v = f(key);
    map.insert(key.to_owned(), v.clone());
    v
}
