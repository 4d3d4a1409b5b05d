//! Linear models over hashed features: the averaged perceptron that trains
//! them and the compact, quantised form that ships.
//!
//! A feature is a `u64` hash of a template number and its values (see
//! [`feature`]); a model maps a feature to weights for a few of its classes.
//! Training keeps dense rows per feature; the shipped [`Model`] keeps only
//! the non-zero averaged weights, as `i16`, in an open-addressing table, so
//! a lookup is one probe and a short run of entries (or, for a feature with
//! weights for many classes, one dense row).

use rustc_hash::FxHashMap;

/// Mixes a template number and up to three values into one feature key.
pub fn feature(template: u32, a: u64, b: u64, c: u64) -> u64 {
    let mut h = (template as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    for v in [a, b, c] {
        h = (h ^ v).wrapping_mul(0xFF51_AFD7_ED55_8CCD);
        h ^= h >> 32;
    }
    h
}

/// A stable 64-bit hash of a string (FNV-1a, then mixed): features must
/// hash the same in training and in every later run.
pub fn hash_str(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h ^ (h >> 29)
}

/// An averaged perceptron in training.
pub struct Trainer {
    classes: usize,
    rows: FxHashMap<u64, u32>,
    weights: Vec<f32>,
    totals: Vec<f64>,
    stamps: Vec<u32>,
    /// How many updates touched each row: rare features are pruned.
    updates: Vec<u32>,
    time: u32,
}

impl Trainer {
    pub fn new(classes: usize) -> Trainer {
        Trainer {
            classes,
            rows: FxHashMap::default(),
            weights: Vec::new(),
            totals: Vec::new(),
            stamps: Vec::new(),
            updates: Vec::new(),
            time: 0,
        }
    }

    pub fn classes(&self) -> usize {
        self.classes
    }

    /// Adds each feature's current weights to `scores` (one per class).
    pub fn score(&self, features: &[u64], scores: &mut [f32]) {
        scores.fill(0.0);
        for f in features {
            if let Some(&row) = self.rows.get(f) {
                let w = &self.weights[row as usize * self.classes..][..self.classes];
                for (s, w) in scores.iter_mut().zip(w) {
                    *s += w;
                }
            }
        }
    }

    /// One perceptron step: towards `truth`, away from `guess`.
    pub fn update(&mut self, features: &[u64], truth: usize, guess: usize) {
        self.time += 1;
        if truth == guess {
            return;
        }
        for &f in features {
            let row = self.row(f);
            self.updates[row] += 1;
            self.nudge(row, truth, 1.0);
            self.nudge(row, guess, -1.0);
        }
    }

    /// Counts an instance that needed no update, so averages stay right.
    pub fn tick(&mut self) {
        self.time += 1;
    }

    fn row(&mut self, f: u64) -> usize {
        let next = self.rows.len() as u32;
        let row = *self.rows.entry(f).or_insert(next) as usize;
        if row == next as usize {
            let n = self.weights.len() + self.classes;
            self.weights.resize(n, 0.0);
            self.totals.resize(n, 0.0);
            self.stamps.resize(n, 0);
            self.updates.push(0);
        }
        row
    }

    fn nudge(&mut self, row: usize, class: usize, by: f32) {
        let i = row * self.classes + class;
        self.totals[i] += (self.time - self.stamps[i]) as f64 * self.weights[i] as f64;
        self.stamps[i] = self.time;
        self.weights[i] += by;
    }

    /// The averaged weights as a shippable model; features updated fewer
    /// than `min_updates` times are dropped.
    pub fn finish(&self, min_updates: u32) -> Model {
        let time = self.time.max(1) as f64;
        let mut kept: Vec<(u64, Vec<(u16, f32)>)> = Vec::new();
        let mut largest = 0f32;
        for (&f, &row) in &self.rows {
            let row = row as usize;
            if self.updates[row] < min_updates {
                continue;
            }
            let mut entries = Vec::new();
            for c in 0..self.classes {
                let i = row * self.classes + c;
                let total = self.totals[i] + (self.time - self.stamps[i]) as f64 * self.weights[i] as f64;
                let avg = (total / time) as f32;
                if avg != 0.0 {
                    largest = largest.max(avg.abs());
                    entries.push((c as u16, avg));
                }
            }
            if !entries.is_empty() {
                kept.push((f, entries));
            }
        }
        kept.sort_unstable_by_key(|(f, _)| *f);
        let scale = if largest > 0.0 { i16::MAX as f32 / largest } else { 1.0 };
        let mut builder = ModelBuilder::new(self.classes, kept.len());
        for (f, entries) in kept {
            let quantised: Vec<(u16, i16)> =
                entries.iter().map(|&(c, w)| (c, (w * scale).round() as i16)).filter(|&(_, w)| w != 0).collect();
            builder.insert(f, &quantised);
        }
        builder.build()
    }
}

/// Features scored together, so their memory fetches overlap.
const BATCH: usize = 72;

/// Models with at most this many classes keep their weights in the slot.
const INLINE_CLASSES: usize = 3;

/// Most classes a model may have: scores are summed in a fixed array
/// indexed by a byte, so adding an entry needs no bounds check.
const MAX_CLASSES: usize = 256;

/// A wide slot's 48-bit payload: where its run starts in the entries (low
/// 32 bits), and, for a run turned dense at load, its dense row plus one
/// (high 16 bits; runs past the 65,535th dense row stay sparse).
const START_BITS: u32 = 32;
const MAX_DENSE_ROWS: usize = 0xFFFF;
const START_MASK: u64 = (1 << START_BITS) - 1;

#[inline(always)]
fn prefetch<T>(item: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch is a hint; it never faults, whatever the address.
    unsafe {
        std::arch::x86_64::_mm_prefetch(item as *const T as *const i8, std::arch::x86_64::_MM_HINT_T0);
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = item;
}

/// A trained linear model: feature -> weights of some classes.
///
/// Each feature has one 8-byte slot in an open-addressing table: 16 bits of
/// fingerprint (never 0; an all-zero slot is free) and 48 bits of payload.
/// A model of at most three classes (the parser's moves) keeps the three
/// weights in the payload, so a lookup touches one cache line; a wider
/// model keeps there where the feature's run of entries starts.
///
/// Frequent features (the bias, the previous tag, common suffixes) have
/// weights for most classes, and adding a long run entry by entry was most
/// of the tagger's time. Runs covering at least a quarter of the classes
/// are therefore also kept as dense rows, built at load (the file is
/// unchanged), which add as one vectorised loop.
#[derive(Clone, Debug, PartialEq)]
pub struct Model {
    classes: usize,
    mask: usize,
    slots: Vec<u64>,
    /// Runs of entries: a length, then `class << 16 | weight as u16`.
    entries: Vec<u32>,
    /// Dense rows of `classes` weights each, for the long runs.
    dense: Vec<i16>,
}

fn fingerprint(f: u64) -> u64 {
    (f >> 48).max(1)
}

struct ModelBuilder {
    model: Model,
}

impl ModelBuilder {
    fn new(classes: usize, features: usize) -> ModelBuilder {
        let size = (features + features / 2).next_power_of_two().max(16);
        ModelBuilder { model: Model { classes, mask: size - 1, slots: vec![0; size], entries: Vec::new(), dense: Vec::new() } }
    }

    fn insert(&mut self, f: u64, entries: &[(u16, i16)]) {
        if entries.is_empty() {
            return;
        }
        let m = &mut self.model;
        let payload = if m.classes <= INLINE_CLASSES {
            entries.iter().fold(0u64, |p, &(c, w)| p | (w as u16 as u64) << (16 * c))
        } else {
            let start = m.entries.len() as u64;
            m.entries.push(entries.len() as u32);
            m.entries.extend(entries.iter().map(|&(c, w)| (c as u32) << 16 | w as u16 as u32));
            start
        };
        let mut i = f as usize & m.mask;
        while m.slots[i] != 0 {
            i = (i + 1) & m.mask;
        }
        m.slots[i] = fingerprint(f) | payload << 16;
    }

    fn build(self) -> Model {
        let mut model = self.model;
        model.densify();
        model
    }
}

impl Model {
    pub fn classes(&self) -> usize {
        self.classes
    }

    /// Sums the weights of `features` into `scores` (one per class).
    ///
    /// A model is larger than the cache, so a feature costs a miss for its
    /// slot (and, in a wide model, one for its entries); taken one feature
    /// at a time the misses come one after another. Here a batch's slots are
    /// fetched first, then its runs of entries, so the misses overlap.
    pub fn score(&self, features: &[u64], scores: &mut [i32]) {
        if self.classes <= INLINE_CLASSES {
            let sums = self.score_inline(features);
            scores.copy_from_slice(&sums[..scores.len()]);
            return;
        }
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the processor has AVX2, checked just above.
            return unsafe { self.score_wide_avx2(features, scores) };
        }
        self.score_wide(features, scores);
    }

    /// [`Model::score_wide`] compiled for AVX2: adding a dense row of
    /// weights is most of a wide model's scoring, and twice as wide
    /// vectors halve it. Integer sums, so the scores are the same.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn score_wide_avx2(&self, features: &[u64], scores: &mut [i32]) {
        self.score_wide(features, scores);
    }

    #[inline(always)]
    fn score_wide(&self, features: &[u64], scores: &mut [i32]) {
        let mut sums = [0i32; MAX_CLASSES];
        let mut payloads = [0u64; BATCH];
        for batch in features.chunks(BATCH) {
            for &f in batch {
                prefetch(&self.slots[f as usize & self.mask]);
            }
            let mut found = 0;
            for &f in batch {
                if let Some(payload) = self.find(f) {
                    payloads[found] = payload;
                    found += 1;
                }
            }
            for &p in &payloads[..found] {
                match self.dense_row(p) {
                    Some(row) => prefetch(&row[0]),
                    None => prefetch(&self.entries[(p & START_MASK) as usize]),
                }
            }
            for &p in &payloads[..found] {
                self.add_weights(p, &mut sums);
            }
        }
        scores.copy_from_slice(&sums[..scores.len()]);
    }

    /// [`Model::score`] for a model of at most three classes (the
    /// parser's moves), whose weights sit in the slots: no entries to
    /// fetch and no wide sums to clear. Unused classes score 0.
    pub fn score_inline(&self, features: &[u64]) -> [i32; INLINE_CLASSES] {
        debug_assert!(self.classes <= INLINE_CLASSES, "a wide model's slots hold no weights");
        let mut sums = [0i32; INLINE_CLASSES];
        for batch in features.chunks(BATCH) {
            for &f in batch {
                prefetch(&self.slots[f as usize & self.mask]);
            }
            for payload in batch.iter().filter_map(|&f| self.find(f)) {
                for (s, w) in sums.iter_mut().zip(unpack_inline(payload)) {
                    *s += w;
                }
            }
        }
        sums
    }

    #[inline(always)]
    fn dense_row(&self, payload: u64) -> Option<&[i16]> {
        match (payload >> START_BITS) as usize {
            0 => None,
            row => Some(&self.dense[(row - 1) * self.classes..][..self.classes]),
        }
    }

    /// Adds one wide feature's weights; classes were checked at load, so
    /// a class is a byte and indexes `sums` without a bounds check.
    #[inline(always)]
    fn add_weights(&self, payload: u64, sums: &mut [i32; MAX_CLASSES]) {
        if let Some(row) = self.dense_row(payload) {
            for (s, &w) in sums.iter_mut().zip(row) {
                *s += w as i32;
            }
            return;
        }
        let start = (payload & START_MASK) as usize;
        let len = self.entries[start] as usize;
        for &e in &self.entries[start + 1..start + 1 + len] {
            sums[(e >> 16) as u8 as usize] += e as u16 as i16 as i32;
        }
    }

    /// Copies every run covering at least a quarter of the classes into a
    /// dense row and marks its slot; see [`Model`].
    fn densify(&mut self) {
        if self.classes <= INLINE_CLASSES {
            return;
        }
        let classes = self.classes;
        for slot in self.slots.iter_mut().filter(|s| **s != 0) {
            let start = (*slot >> 16 & START_MASK) as usize;
            let run = &self.entries[start + 1..start + 1 + self.entries[start] as usize];
            let row = self.dense.len() / classes + 1;
            if run.len() * 4 < classes || row > MAX_DENSE_ROWS {
                continue;
            }
            self.dense.resize(self.dense.len() + classes, 0);
            let dense = &mut self.dense[(row - 1) * classes..];
            for &e in run {
                dense[(e >> 16) as usize] = e as u16 as i16;
            }
            *slot |= (row as u64) << (16 + START_BITS);
        }
    }

    /// Starts fetching the slots of `features`, to be scored a little later.
    pub fn prefetch(&self, features: &[u64]) {
        for &f in features {
            prefetch(&self.slots[f as usize & self.mask]);
        }
    }

    /// The payload of feature `f`'s slot.
    #[inline(always)]
    fn find(&self, f: u64) -> Option<u64> {
        let key = fingerprint(f);
        let mut i = f as usize & self.mask;
        loop {
            let slot = self.slots[i];
            if slot == 0 {
                return None;
            }
            if slot & 0xFFFF == key {
                return Some(slot >> 16);
            }
            i = (i + 1) & self.mask;
        }
    }

    /// Features kept and weight entries, for reporting the model's size.
    pub fn size(&self) -> (usize, usize) {
        (self.slots.iter().filter(|&&s| s != 0).count(), self.entries.len())
    }

    pub fn write(&self, out: &mut Vec<u8>) {
        put_u32(out, self.classes as u32);
        put_u32(out, self.slots.len() as u32);
        put_u32(out, self.entries.len() as u32);
        // The dense rows are built at load: the file keeps only the runs.
        let keep = if self.classes <= INLINE_CLASSES { u64::MAX } else { (START_MASK << 16) | 0xFFFF };
        for &s in &self.slots {
            out.extend_from_slice(&(s & keep).to_le_bytes());
        }
        for &e in &self.entries {
            put_u32(out, e);
        }
    }

    pub fn read(input: &mut Reader) -> Result<Model, String> {
        let classes = input.u32()? as usize;
        let slots = input.u32()? as usize;
        let entries = input.u32()? as usize;
        if !slots.is_power_of_two() {
            return Err("slot count is not a power of two".into());
        }
        let raw = input.u32s(slots * 2)?;
        let slots = raw.chunks_exact(2).map(|p| p[0] as u64 | (p[1] as u64) << 32).collect();
        let entries = input.u32s(entries)?;
        let mut model = Model { classes, mask: raw.len() / 2 - 1, slots, entries, dense: Vec::new() };
        model.check()?;
        model.densify();
        Ok(model)
    }

    /// Every wide slot points at the start of a run inside the entries, and
    /// every class is in range, so a damaged file is an error at load time,
    /// never a panic later. Runs are walked in order (the file lays them
    /// out one after another), so checking costs no random memory access.
    fn check(&self) -> Result<(), String> {
        if !self.slots.contains(&0) {
            return Err("model table has no free slot".into());
        }
        if self.classes > MAX_CLASSES {
            return Err(format!("{} classes, more than the {MAX_CLASSES} a model may have", self.classes));
        }
        if self.classes <= INLINE_CLASSES {
            return Ok(());
        }
        let mut run_start = vec![false; self.entries.len()];
        let mut i = 0;
        while i < self.entries.len() {
            run_start[i] = true;
            let len = self.entries[i] as usize;
            let run = self.entries.get(i + 1..i + 1 + len).ok_or("entry run outside the model")?;
            if run.iter().any(|&e| (e >> 16) as usize >= self.classes) {
                return Err("class outside the model".into());
            }
            i += 1 + len;
        }
        let points_inside = |s: u64| s == 0 || run_start.get((s >> 16) as usize).copied().unwrap_or(false);
        if !self.slots.iter().all(|&s| points_inside(s)) {
            return Err("a feature points outside its entries".into());
        }
        Ok(())
    }
}

/// The weights kept in an inline slot's payload.
fn unpack_inline(payload: u64) -> [i32; INLINE_CLASSES] {
    std::array::from_fn(|c| (payload >> (16 * c)) as u16 as i16 as i32)
}

/// The first class with the highest score.
pub fn argmax<T: PartialOrd + Copy>(scores: &[T]) -> usize {
    let mut best = 0;
    for (i, &s) in scores.iter().enumerate() {
        if s > scores[best] {
            best = i;
        }
    }
    best
}

pub fn put_u32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

/// Reads little-endian values from a model file.
pub struct Reader<'a> {
    pub bytes: &'a [u8],
}

impl Reader<'_> {
    pub fn u32(&mut self) -> Result<u32, String> {
        Ok(self.u32s(1)?[0])
    }

    pub fn u32s(&mut self, n: usize) -> Result<Vec<u32>, String> {
        let len = n.checked_mul(4).filter(|&l| l <= self.bytes.len()).ok_or("model file is truncated")?;
        let (head, rest) = self.bytes.split_at(len);
        self.bytes = rest;
        Ok(head.chunks_exact(4).map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect())
    }

    pub fn string(&mut self) -> Result<String, String> {
        let len = self.u32()? as usize;
        if len > self.bytes.len() {
            return Err("model file is truncated".into());
        }
        let (head, rest) = self.bytes.split_at(len);
        self.bytes = rest;
        String::from_utf8(head.to_vec()).map_err(|_| "model file has a label that is not UTF-8".to_string())
    }
}

pub fn put_string(out: &mut Vec<u8>, s: &str) {
    put_u32(out, s.len() as u32);
    out.extend_from_slice(s.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A toy problem: class 1 with feature A, class 0 with feature B,
    /// whatever feature C says.
    fn train_toy() -> Trainer {
        let mut t = Trainer::new(2);
        let (a, b, c) = (feature(1, 1, 0, 0), feature(2, 1, 0, 0), feature(0, 0, 0, 0));
        let data = [(vec![a, c], 1), (vec![b, c], 0), (vec![a], 1), (vec![b], 0)];
        let mut scores = [0f32; 2];
        for _ in 0..10 {
            for (f, truth) in &data {
                t.score(f, &mut scores);
                let guess = argmax(&scores);
                t.update(f, *truth, guess);
            }
        }
        t
    }

    #[test]
    fn the_averaged_model_separates_a_toy_problem() {
        let model = train_toy().finish(1);
        let mut scores = [0i32; 2];
        model.score(&[feature(1, 1, 0, 0), feature(0, 0, 0, 0)], &mut scores);
        assert!(scores[1] > scores[0]);
        model.score(&[feature(2, 1, 0, 0), feature(0, 0, 0, 0)], &mut scores);
        assert!(scores[0] > scores[1]);
    }

    #[test]
    fn a_model_survives_writing_and_reading() {
        let model = train_toy().finish(1);
        let mut bytes = Vec::new();
        model.write(&mut bytes);
        let back = Model::read(&mut Reader { bytes: &bytes }).unwrap();
        assert_eq!(back, model);
        assert!(Model::read(&mut Reader { bytes: &bytes[..bytes.len() - 3] }).is_err());
    }

    /// Eight classes: a bias feature with weights for all of them (kept
    /// dense) and one feature per class (kept as short runs).
    fn wide_toy() -> (Model, Vec<u64>) {
        let mut t = Trainer::new(8);
        let bias = feature(0, 0, 0, 0);
        let cues: Vec<u64> = (0..8).map(|c| feature(1, c, 0, 0)).collect();
        let mut scores = [0f32; 8];
        for _ in 0..5 {
            for (class, &cue) in cues.iter().enumerate() {
                let f = [bias, cue];
                t.score(&f, &mut scores);
                t.update(&f, class, argmax(&scores));
            }
        }
        let mut all = cues;
        all.push(bias);
        (t.finish(1), all)
    }

    #[test]
    fn dense_rows_and_runs_score_what_the_file_holds() {
        let (model, features) = wide_toy();
        assert!(!model.dense.is_empty(), "the bias row is dense");
        for f in features {
            let start = (model.find(f).unwrap() & START_MASK) as usize;
            let mut expected = [0i32; 8];
            for &e in &model.entries[start + 1..][..model.entries[start] as usize] {
                expected[(e >> 16) as usize] += e as u16 as i16 as i32;
            }
            let mut scores = [0i32; 8];
            model.score(&[f], &mut scores);
            assert_eq!(scores, expected);
        }
        let mut bytes = Vec::new();
        model.write(&mut bytes);
        assert_eq!(Model::read(&mut Reader { bytes: &bytes }).unwrap(), model, "dense rows are rebuilt at load");
    }

    #[test]
    fn scores_on_every_processor_are_the_portable_scores() {
        let (model, features) = wide_toy();
        for n in 0..=features.len() {
            let (mut portable, mut dispatched) = ([0i32; 8], [0i32; 8]);
            model.score_wide(&features[..n], &mut portable);
            model.score(&features[..n], &mut dispatched);
            assert_eq!(dispatched, portable);
        }
    }

    #[test]
    fn feature_keys_depend_on_template_and_values() {
        assert_ne!(feature(1, 2, 3, 0), feature(2, 2, 3, 0));
        assert_ne!(feature(1, 2, 3, 0), feature(1, 3, 2, 0));
        assert_eq!(hash_str("talks"), hash_str("talks"));
    }
}
