//! Linear models over hashed features: the averaged perceptron that trains
//! them and the compact, quantised form that ships.
//!
//! A feature is a `u64` hash of a template number and its values (see
//! [`feature`]); a model maps a feature to weights for a few of its classes.
//! Training keeps dense rows per feature; the shipped [`Model`] keeps only
//! the non-zero averaged weights, as `i16`, in an open-addressing table, so
//! a lookup is one probe and a short run of entries.

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
const BATCH: usize = 32;

/// Models with at most this many classes keep their weights in the slot.
const INLINE_CLASSES: usize = 3;

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
#[derive(Clone, Debug, PartialEq)]
pub struct Model {
    classes: usize,
    mask: usize,
    slots: Vec<u64>,
    /// Runs of entries: a length, then `class << 16 | weight as u16`.
    entries: Vec<u32>,
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
        ModelBuilder { model: Model { classes, mask: size - 1, slots: vec![0; size], entries: Vec::new() } }
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
        self.model
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
        scores.fill(0);
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
            if self.classes <= INLINE_CLASSES {
                for &p in &payloads[..found] {
                    for (c, s) in scores.iter_mut().enumerate() {
                        *s += (p >> (16 * c)) as u16 as i16 as i32;
                    }
                }
                continue;
            }
            for &p in &payloads[..found] {
                prefetch(&self.entries[p as usize]);
            }
            for &p in &payloads[..found] {
                let start = p as usize;
                let len = self.entries[start] as usize;
                for &e in &self.entries[start + 1..start + 1 + len] {
                    scores[(e >> 16) as usize] += e as u16 as i16 as i32;
                }
            }
        }
    }

    /// The payload of feature `f`'s slot.
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
        for &s in &self.slots {
            out.extend_from_slice(&s.to_le_bytes());
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
        let model = Model { classes, mask: raw.len() / 2 - 1, slots, entries };
        model.check()?;
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

    #[test]
    fn feature_keys_depend_on_template_and_values() {
        assert_ne!(feature(1, 2, 3, 0), feature(2, 2, 3, 0));
        assert_ne!(feature(1, 2, 3, 0), feature(1, 3, 2, 0));
        assert_eq!(hash_str("talks"), hash_str("talks"));
    }
}
