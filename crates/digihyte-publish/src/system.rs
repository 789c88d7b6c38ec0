//! The published tables as a system of linear relations, what an outsider can infer from
//! them, and the cells that must be hidden so that nothing small can be inferred.
//!
//! Every count that appears in a published table is a variable, and so is every count that
//! an outsider can form from them by subtraction (clients aged 65–74 = 65+ − 75+, the "no"
//! answers = n − yes, respondents without a municipality = the area's n less its
//! municipalities'): those *virtual* counts are never published but are protected like the
//! others. Relations are equalities `Σ coef · x = 0`; an inequality (`unique clients ≤
//! events with a client code`) is an equality with a non-negative slack variable that the
//! outsider does not know.
//!
//! What the outsider knows of a variable follows from how it is published ([`State`]):
//! a value; `<5` (a count from 1 to min − 1); the secondary marker (a count that is *not*
//! from 1 to min − 1: 0 or at least min); or nothing (a value derived from a hidden count,
//! a count under a total that is small, or a virtual count). [`System::infer`] propagates
//! these through the relations as intervals until nothing changes, as an outsider with a
//! spreadsheet would, and [`System::violations`] lists the protected counts whose true value
//! is small and whose inferred interval is narrower than 1 … min − 1.

/// A variable's index.
pub type VarId = u32;

/// How a variable is published, i.e. what an outsider knows of it before any inference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// Its value.
    Published,
    /// `<min`: a count from 1 to min − 1 (primary suppression).
    Small,
    /// The secondary marker: hidden to protect another cell; 0 or at least min.
    Secondary,
    /// Nothing beyond that it is not negative.
    Unknown,
}

/// One variable.
#[derive(Debug, Clone)]
pub struct Var {
    /// The true value (known to us, not to the outsider).
    pub truth: f64,
    /// Whole numbers only (counts).
    pub integer: bool,
    /// A count of persons: it must not be narrowed when small.
    pub protected: bool,
    /// Whether the cell appears in a published table (and so may be hidden by secondary
    /// suppression); virtual counts and slacks do not.
    pub publishable: bool,
    pub state: State,
}

/// `Σ coef · x = 0`.
#[derive(Debug, Clone)]
pub struct Relation {
    pub terms: Vec<(VarId, f64)>,
}

/// The variables and relations of a run's published tables.
#[derive(Debug, Clone, Default)]
pub struct System {
    pub vars: Vec<Var>,
    pub relations: Vec<Relation>,
    /// The suppression threshold.
    pub min: u32,
    /// Why each secondary cell was hidden: (the narrowed count, the cell hidden for it).
    pub trace: Vec<(VarId, VarId)>,
}

/// Bounds an outsider can infer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bounds {
    pub lo: f64,
    pub hi: f64,
}

const EPS: f64 = 1e-9;

/// No relation: a bound as published.
const NONE: u32 = u32::MAX;

impl System {
    pub fn new(min: u32) -> System {
        System { min, ..System::default() }
    }

    /// Adds a variable; returns its id.
    pub fn var(&mut self, truth: f64, integer: bool, protected: bool, publishable: bool, state: State) -> VarId {
        self.vars.push(Var { truth, integer, protected, publishable, state });
        (self.vars.len() - 1) as VarId
    }

    /// A virtual count (never published, protected): `total − Σ parts` as an outsider can
    /// form it. The relation `total = Σ parts + virtual` is added.
    pub fn remainder(&mut self, total: VarId, parts: &[VarId], protected: bool) -> VarId {
        let truth = self.vars[total as usize].truth - parts.iter().map(|&p| self.vars[p as usize].truth).sum::<f64>();
        let v = self.var(truth.max(0.0), true, protected, false, State::Unknown);
        let mut terms = vec![(total, -1.0), (v, 1.0)];
        terms.extend(parts.iter().map(|&p| (p, 1.0)));
        self.relations.push(Relation { terms });
        v
    }

    /// `total = Σ parts`.
    pub fn sum(&mut self, total: VarId, parts: &[VarId]) {
        let mut terms = vec![(total, -1.0)];
        terms.extend(parts.iter().map(|&p| (p, 1.0)));
        self.relations.push(Relation { terms });
    }

    /// `Σ small ≤ Σ large` (with an unknown, unprotected slack).
    pub fn at_most(&mut self, small: &[(VarId, f64)], large: &[(VarId, f64)]) {
        let truth = large.iter().map(|&(v, c)| c * self.vars[v as usize].truth).sum::<f64>()
            - small.iter().map(|&(v, c)| c * self.vars[v as usize].truth).sum::<f64>();
        let slack = self.var(truth.max(0.0), false, false, false, State::Unknown);
        let mut terms: Vec<(VarId, f64)> = small.to_vec();
        terms.push((slack, 1.0));
        terms.extend(large.iter().map(|&(v, c)| (v, -c)));
        self.relations.push(Relation { terms });
    }

    fn prior(&self, v: &Var) -> Bounds {
        let m = f64::from(self.min);
        match v.state {
            State::Published => Bounds { lo: v.truth, hi: v.truth },
            State::Small => Bounds { lo: 1.0, hi: m - 1.0 },
            State::Secondary | State::Unknown => Bounds { lo: 0.0, hi: f64::INFINITY },
        }
    }

    /// Narrows `b` to what the variable's kind allows: whole numbers, and for the secondary
    /// marker not 1 … min − 1.
    fn tighten(&self, v: &Var, mut b: Bounds) -> Bounds {
        if v.integer {
            b.lo = (b.lo - EPS).ceil();
            b.hi = (b.hi + EPS).floor();
        }
        if v.state == State::Secondary {
            let m = f64::from(self.min);
            if b.lo > EPS && b.lo < m {
                b.lo = m;
            }
            if b.hi < m - EPS && b.hi >= 0.0 {
                b.hi = 0.0;
            }
        }
        b
    }

    /// What an outsider can infer of every variable: interval propagation through every
    /// relation until nothing narrows (a bounded number of rounds for real-valued cells).
    pub fn infer(&self) -> Vec<Bounds> {
        self.infer_explained().0
    }

    /// [`Self::infer`], with for every variable the relation that last raised its lower and
    /// lowered its upper bound (`NONE`: what it is published as).
    fn infer_explained(&self) -> (Vec<Bounds>, Vec<[u32; 2]>) {
        let mut why = vec![[NONE; 2]; self.vars.len()];
        let mut b: Vec<Bounds> = self.vars.iter().map(|v| self.tighten(v, self.prior(v))).collect();
        let mut of_var: Vec<Vec<u32>> = vec![Vec::new(); self.vars.len()];
        for (i, r) in self.relations.iter().enumerate() {
            for &(v, _) in &r.terms {
                of_var[v as usize].push(i as u32);
            }
        }
        let mut queued = vec![true; self.relations.len()];
        let mut queue: std::collections::VecDeque<u32> = (0..self.relations.len() as u32).collect();
        // Real-valued cells (hours) can narrow by ever smaller steps: each relation is
        // looked at a bounded number of times.
        let mut visits = vec![0u16; self.relations.len()];
        while let Some(ri) = queue.pop_front() {
            queued[ri as usize] = false;
            visits[ri as usize] += 1;
            if visits[ri as usize] > 200 {
                continue;
            }
            let r = &self.relations[ri as usize];
            // Σ coef·x = 0: the sum of the minima and maxima of every term, counting the
            // unbounded ones apart.
            let (mut lo_sum, mut hi_sum, mut lo_inf, mut hi_inf) = (0.0, 0.0, 0u32, 0u32);
            let term = |v: VarId, c: f64, b: &[Bounds]| -> (f64, f64) {
                let x = b[v as usize];
                if c >= 0.0 {
                    (c * x.lo, if x.hi.is_infinite() { f64::INFINITY } else { c * x.hi })
                } else {
                    (if x.hi.is_infinite() { f64::NEG_INFINITY } else { c * x.hi }, c * x.lo)
                }
            };
            for &(v, c) in &r.terms {
                let (l, h) = term(v, c, &b);
                if l.is_infinite() {
                    lo_inf += 1;
                } else {
                    lo_sum += l;
                }
                if h.is_infinite() {
                    hi_inf += 1;
                } else {
                    hi_sum += h;
                }
            }
            for &(v, c) in &r.terms {
                if c == 0.0 {
                    continue;
                }
                let (l, h) = term(v, c, &b);
                // The others' sum lies in [others_lo, others_hi]; c·x = −others.
                let others_lo =
                    if lo_inf > u32::from(l.is_infinite()) { f64::NEG_INFINITY } else { lo_sum - if l.is_infinite() { 0.0 } else { l } };
                let others_hi =
                    if hi_inf > u32::from(h.is_infinite()) { f64::INFINITY } else { hi_sum - if h.is_infinite() { 0.0 } else { h } };
                let (a, z) = (-others_hi / c, -others_lo / c);
                let (new_lo, new_hi) = if c > 0.0 { (a, z) } else { (z, a) };
                let cur = b[v as usize];
                let var = &self.vars[v as usize];
                let next = self.tighten(var, Bounds { lo: cur.lo.max(new_lo), hi: cur.hi.min(new_hi) });
                let scale = 1.0 + cur.hi.abs().min(1e12);
                if next.lo > cur.lo + EPS * scale || next.hi < cur.hi - EPS * scale {
                    if next.lo > cur.lo + EPS * scale {
                        why[v as usize][0] = ri;
                    }
                    if next.hi < cur.hi - EPS * scale {
                        why[v as usize][1] = ri;
                    }
                    b[v as usize] = next;
                    for &o in &of_var[v as usize] {
                        if !queued[o as usize] {
                            queued[o as usize] = true;
                            queue.push_back(o);
                        }
                    }
                }
            }
        }
        (b, why)
    }

    /// Whether a protected variable is a count from 1 to min − 1.
    pub fn is_small(&self, v: &Var) -> bool {
        v.protected && v.truth >= 1.0 - EPS && v.truth <= f64::from(self.min) - 1.0 + EPS
    }

    /// The protected variables whose true value is small and whose inferred interval is
    /// narrower than 1 … min − 1 (or that are published outright).
    pub fn violations(&self, bounds: &[Bounds]) -> Vec<VarId> {
        let m = f64::from(self.min);
        self.vars
            .iter()
            .enumerate()
            .filter(|(i, v)| {
                self.is_small(v) && (v.state == State::Published || bounds[*i].lo > 1.0 + EPS || bounds[*i].hi < m - 1.0 - EPS)
            })
            .map(|(i, _)| i as VarId)
            .collect()
    }

    /// Secondary suppression: while the outsider can narrow a small count, hide a further
    /// published cell in a relation of that count — the smallest published non-zero cell of
    /// the relations nearest to it (zeros never help: hiding one behind the secondary
    /// marker tells that it is 0 when its relation's other cells are known). `follow` is
    /// called for every cell hidden, so that the cells derived from it can be hidden in the
    /// same step. Returns the cells hidden, in order.
    pub fn suppress(&mut self, mut follow: impl FnMut(&mut System, VarId)) -> Vec<VarId> {
        let mut hidden = Vec::new();
        if self.min <= 1 {
            return hidden;
        }
        let mut of_var: Vec<Vec<u32>> = vec![Vec::new(); self.vars.len()];
        for (i, r) in self.relations.iter().enumerate() {
            for &(v, _) in &r.terms {
                of_var[v as usize].push(i as u32);
            }
        }
        let m = f64::from(self.min);
        for _round in 0..10_000 {
            let (bounds, why) = self.infer_explained();
            let violated = self.violations(&bounds);
            if violated.is_empty() {
                break;
            }
            let mut chosen: Vec<VarId> = Vec::new();
            let mut marked = vec![false; self.vars.len()];
            let mut search = Search::new(self.vars.len(), self.relations.len());
            for v in violated {
                if self.vars[v as usize].state == State::Published {
                    // Never happens for a primary cell; a virtual count cannot be published.
                    continue;
                }
                let b = bounds[v as usize];
                // The bound that gives it away: follow the relations that made it.
                let side = if b.lo > 1.0 + EPS { 0 } else { 1 };
                let _ = m;
                let explained = self.culprit(v, side, &why, &marked, &mut search, 0);
                let found = match explained {
                    Culprit::Found(c) => Some(c),
                    Culprit::Shared => None,
                    Culprit::Unknown => self.candidate(v, &of_var, &marked, &mut search),
                };
                if let Some(c) = found {
                    marked[c as usize] = true;
                    chosen.push(c);
                    self.trace.push((v, c));
                }
            }
            if chosen.is_empty() {
                // Nothing left to hide near any violation: the relations alone pin them.
                break;
            }
            chosen.sort_unstable();
            for c in chosen {
                self.vars[c as usize].state = State::Secondary;
                hidden.push(c);
                follow(self, c);
            }
        }
        hidden
    }

    /// The cell to hide so that bound `side` (0 = lower, 1 = upper) of `v` widens: a
    /// published count of the relation that made that bound (a part before a total, then
    /// the smallest), else, through the hidden terms whose bounds made it, the same further
    /// back.
    fn culprit(&self, v: VarId, side: usize, why: &[[u32; 2]], taken: &[bool], search: &mut Search, depth: u32) -> Culprit {
        if depth == 0 {
            search.next();
        }
        let ri = why[v as usize][side];
        if ri == NONE || depth > 8 || !search.see_rel(ri) {
            return Culprit::Unknown;
        }
        let m = f64::from(self.min);
        let r = &self.relations[ri as usize];
        let cv = r.terms.iter().find(|t| t.0 == v).map_or(1.0, |t| t.1);
        let mut best: Option<(bool, f64, VarId)> = None;
        for &(y, coef) in &r.terms {
            if y == v {
                continue;
            }
            let var = &self.vars[y as usize];
            if var.publishable && var.protected && var.state == State::Published && var.truth >= m - EPS {
                if taken[y as usize] {
                    return Culprit::Shared;
                }
                let key = (coef < 0.0, var.truth, y);
                if best.is_none_or(|b| prefer(key, b)) {
                    best = Some(key);
                }
            }
        }
        if let Some((_, _, y)) = best {
            return Culprit::Found(y);
        }
        // Every other term is hidden: the bound came from theirs.
        for &(y, coef) in &r.terms {
            if y == v || self.vars[y as usize].state == State::Published {
                continue;
            }
            let same = (coef > 0.0) == (cv > 0.0);
            let side_y = if (side == 0) == same { 1 } else { 0 };
            match self.culprit(y, side_y, why, taken, search, depth + 1) {
                Culprit::Unknown => continue,
                found => return found,
            }
        }
        Culprit::Unknown
    }

    /// The cell to hide for a violated variable: breadth-first over the relations from it,
    /// the smallest published count of persons of the nearest relations that is not zero
    /// (the secondary marker says "0 or at least min", so only such a cell can carry it).
    fn candidate(&self, v: VarId, of_var: &[Vec<u32>], taken: &[bool], search: &mut Search) -> Option<VarId> {
        search.next();
        let m = f64::from(self.min);
        let mut frontier = vec![v];
        search.see_var(v);
        for _depth in 0..6 {
            // (is a total, value, id): a part before a total, then the smallest, then the
            // first made (deterministic).
            let mut best: Option<(bool, f64, VarId)> = None;
            let mut shared = false;
            let mut next = Vec::new();
            for &x in &frontier {
                for &ri in &of_var[x as usize] {
                    if !search.see_rel(ri) {
                        continue;
                    }
                    for &(y, coef) in &self.relations[ri as usize].terms {
                        let var = &self.vars[y as usize];
                        let can = var.publishable && var.protected && var.state == State::Published && var.truth >= m - EPS;
                        shared |= can && taken[y as usize];
                        if can && !taken[y as usize] {
                            let key = (coef < 0.0, var.truth, y);
                            if best.is_none_or(|b| prefer(key, b)) {
                                best = Some(key);
                            }
                        }
                        if search.see_var(y) {
                            next.push(y);
                        }
                    }
                }
            }
            // A cell chosen for another violation this round is as near: see what it does first.
            if shared {
                return None;
            }
            if let Some((_, _, y)) = best {
                return Some(y);
            }
            if next.is_empty() {
                return None;
            }
            frontier = next;
        }
        None
    }
}

/// Whether candidate `a` (is a total, value, id) is to be hidden before `b`: a part before a
/// total, then the smaller value, then the one made first (deterministic).
fn prefer(a: (bool, f64, VarId), b: (bool, f64, VarId)) -> bool {
    if a.0 != b.0 {
        return !a.0;
    }
    a.1 < b.1 || (a.1 == b.1 && a.2 < b.2)
}

/// What following a bound back found.
enum Culprit {
    Found(VarId),
    /// A cell already chosen this round: see what it does first.
    Shared,
    Unknown,
}

/// Marks of one breadth-first search, reused between searches (a stamp per search instead
/// of clearing).
struct Search {
    var: Vec<u32>,
    rel: Vec<u32>,
    stamp: u32,
}

impl Search {
    fn new(vars: usize, rels: usize) -> Search {
        Search { var: vec![0; vars], rel: vec![0; rels], stamp: 0 }
    }
    fn next(&mut self) {
        self.stamp += 1;
    }
    /// True the first time `v` is seen in this search.
    fn see_var(&mut self, v: VarId) -> bool {
        std::mem::replace(&mut self.var[v as usize], self.stamp) != self.stamp
    }
    fn see_rel(&mut self, r: u32) -> bool {
        std::mem::replace(&mut self.rel[r as usize], self.stamp) != self.stamp
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A total and its parts, as published: (truth, state).
    fn table(min: u32, total: (f64, State), parts: &[(f64, State)]) -> (System, VarId, Vec<VarId>) {
        let mut s = System::new(min);
        let t = s.var(total.0, true, true, true, total.1);
        let p: Vec<VarId> = parts.iter().map(|&(v, st)| s.var(v, true, true, true, st)).collect();
        s.sum(t, &p);
        (s, t, p)
    }

    #[test]
    fn one_small_part_beside_published_parts_is_pinned() {
        use State::*;
        let (s, _, p) = table(5, (20.0, Published), &[(3.0, Small), (10.0, Published), (7.0, Published)]);
        let b = s.infer();
        assert_eq!(b[p[0] as usize], Bounds { lo: 3.0, hi: 3.0 });
        assert_eq!(s.violations(&b), vec![p[0]]);
    }

    #[test]
    fn two_small_parts_that_sum_to_less_than_the_threshold_are_narrowed() {
        use State::*;
        // 2 + 1 = 3: each is at most 2.
        let (s, _, p) = table(5, (13.0, Published), &[(2.0, Small), (1.0, Small), (10.0, Published)]);
        let b = s.infer();
        assert_eq!(b[p[0] as usize], Bounds { lo: 1.0, hi: 2.0 });
        assert_eq!(s.violations(&b).len(), 2);
    }

    #[test]
    fn the_secondary_marker_narrows_a_small_partner() {
        use State::*;
        // a = 2 (<5) beside c = 6 (secondary): a + c = 8 and c ≥ 5, so a ≤ 3.
        let (s, _, p) = table(5, (18.0, Published), &[(2.0, Small), (6.0, Secondary), (10.0, Published)]);
        let b = s.infer();
        assert_eq!(b[p[0] as usize], Bounds { lo: 1.0, hi: 3.0 });
        assert_eq!(s.violations(&b), vec![p[0]]);
        // With a partner of 9 or more the small part keeps its whole range.
        let (s, _, p) = table(5, (21.0, Published), &[(2.0, Small), (9.0, Secondary), (10.0, Published)]);
        let b = s.infer();
        assert_eq!(b[p[0] as usize], Bounds { lo: 1.0, hi: 4.0 });
        assert!(s.violations(&b).is_empty());
    }

    #[test]
    fn suppression_hides_until_nothing_narrows() {
        use State::*;
        let (mut s, _, p) = table(5, (30.0, Published), &[(2.0, Small), (6.0, Published), (8.0, Published), (14.0, Published)]);
        let hidden = s.suppress(|_, _| {});
        let b = s.infer();
        assert!(s.violations(&b).is_empty(), "{hidden:?} {b:?}");
        // The smallest part first (6), and since 2 + 6 = 8 leaves the 2 at most 3, the next (8).
        assert_eq!(hidden, vec![p[1], p[2]]);
    }

    #[test]
    fn the_example_of_method_md() {
        use State::*;
        // METHOD.md: A = 3 (<5), B = 20, C = 30, the area 53. B is hidden, and A keeps 1–4.
        let (mut s, _, p) = table(5, (53.0, Published), &[(3.0, Small), (20.0, Published), (30.0, Published)]);
        assert_eq!(s.violations(&s.infer()), vec![p[0]]);
        assert_eq!(s.suppress(|_, _| {}), vec![p[1]]);
        let b = s.infer();
        assert_eq!(b[p[0] as usize], Bounds { lo: 1.0, hi: 4.0 });
        assert!(s.violations(&b).is_empty());
    }

    #[test]
    fn a_virtual_remainder_is_protected() {
        use State::*;
        // 65+ = 7 and 75+ = 5 published: 65–74 = 2 can be worked out.
        let mut s = System::new(5);
        let c65 = s.var(7.0, true, true, true, Published);
        let c75 = s.var(5.0, true, true, true, Published);
        let mid = s.remainder(c65, &[c75], true);
        let b = s.infer();
        assert_eq!(b[mid as usize], Bounds { lo: 2.0, hi: 2.0 });
        assert_eq!(s.violations(&b), vec![mid]);
        s.suppress(|_, _| {});
        assert!(s.violations(&s.infer()).is_empty());
    }

    #[test]
    fn nothing_is_hidden_at_threshold_one() {
        use State::*;
        let (mut s, _, _) = table(1, (10.0, Published), &[(3.0, Published), (7.0, Published)]);
        assert!(s.suppress(|_, _| {}).is_empty());
    }
}
