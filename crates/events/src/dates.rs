//! Dates of events from expressions in the sentence, resolved against the
//! document date: "on Friday" is the last Friday on or before it,
//! "yesterday" the day before, "last week" seven days before, "on 7
//! September" or "in March" the occurrence nearest to it.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::Serialize;

use dyad_text::calendar::WEEKDAYS;
use dyad_text::{LexiconBuilder, Sym, Token};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    Day,
    Week,
    Month,
    Year,
    /// No expression in the text: the document's own date.
    Document,
}

pub struct DateWords {
    weekdays: [Sym; 7],
    months: Vec<(Sym, u32)>,
    today: Vec<Sym>,
    yesterday: Sym,
    last: Sym,
    past: Sym,
    this: Sym,
    earlier: Sym,
    week: Sym,
    month: Sym,
    year: Sym,
    day: Sym,
    ago: Sym,
    numbers: Vec<(Sym, i64)>,
    /// Sorted: the words (besides digits) a date expression starts with.
    openers: Vec<Sym>,
}

impl DateWords {
    pub fn new(lx: &mut LexiconBuilder) -> DateWords {
        let weekdays = WEEKDAYS.map(|w| lx.intern(w));
        let month_names = [
            ("january", 1),
            ("jan", 1),
            ("february", 2),
            ("feb", 2),
            ("march", 3),
            ("mar", 3),
            ("april", 4),
            ("apr", 4),
            ("may", 5),
            ("june", 6),
            ("jun", 6),
            ("july", 7),
            ("jul", 7),
            ("august", 8),
            ("aug", 8),
            ("september", 9),
            ("sept", 9),
            ("sep", 9),
            ("october", 10),
            ("oct", 10),
            ("november", 11),
            ("nov", 11),
            ("december", 12),
            ("dec", 12),
        ];
        let numbers = [
            ("one", 1),
            ("two", 2),
            ("three", 3),
            ("four", 4),
            ("five", 5),
            ("six", 6),
            ("seven", 7),
            ("eight", 8),
            ("nine", 9),
            ("ten", 10),
            ("a", 1),
        ];
        let mut words = DateWords {
            weekdays,
            months: month_names.iter().map(|(w, m)| (lx.intern(w), *m)).collect(),
            today: ["today", "tonight"].iter().map(|w| lx.intern(w)).collect(),
            yesterday: lx.intern("yesterday"),
            last: lx.intern("last"),
            past: lx.intern("past"),
            this: lx.intern("this"),
            earlier: lx.intern("earlier"),
            week: lx.add_lemma("week"),
            month: lx.add_lemma("month"),
            year: lx.add_lemma("year"),
            day: lx.add_lemma("day"),
            ago: lx.intern("ago"),
            numbers: numbers.iter().map(|(w, n)| (lx.intern(w), *n)).collect(),
            openers: Vec::new(),
        };
        // Every word a date expression can start with, for a quick skip.
        let mut openers: Vec<Sym> = words.weekdays.to_vec();
        openers.extend(words.months.iter().map(|(s, _)| *s));
        openers.extend(words.numbers.iter().map(|(s, _)| *s));
        openers.extend(words.today.iter().copied());
        openers.extend([words.yesterday, words.last, words.past, words.this, words.earlier]);
        openers.sort();
        openers.dedup();
        words.openers = openers;
        words
    }
}

/// A date expression found in a sentence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateMention {
    pub date: NaiveDate,
    pub precision: Precision,
    pub tok_start: usize,
    pub tok_end: usize,
}

fn number(text: &str, t: &Token, w: &DateWords) -> Option<i64> {
    if t.shape != dyad_text::Shape::Other {
        return w.numbers.iter().find(|(s, _)| t.norm == *s).map(|(_, n)| *n);
    }
    let raw = t.text(text);
    let digits = raw.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    if !digits.is_empty()
        && digits.len() <= 4
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits.len() == raw.len() || matches!(&raw[digits.len()..], "st" | "nd" | "rd" | "th"))
    {
        return digits.parse().ok();
    }
    w.numbers.iter().find(|(s, _)| t.norm == *s).map(|(_, n)| *n)
}

fn month_of(t: &Token, w: &DateWords) -> Option<u32> {
    // "May" the month is capitalised; "may" the modal is not.
    w.months.iter().find(|(s, _)| t.norm == *s).map(|(_, m)| *m).filter(|_| t.shape != dyad_text::Shape::Lower)
}

/// The year that puts month/day nearest to `doc`, but never more than two
/// months ahead of it: news reports what happened, and announces only what
/// is near ("in March", written in September, is the last March).
fn nearest(doc: NaiveDate, month: u32, day: u32) -> Option<NaiveDate> {
    [doc.year() - 1, doc.year(), doc.year() + 1]
        .iter()
        .filter_map(|y| NaiveDate::from_ymd_opt(*y, month, day))
        .filter(|d| (*d - doc).num_days() <= 62)
        .min_by_key(|d| (*d - doc).num_days().abs())
}

/// Finds the first date expression in `tokens` and resolves it.
pub fn find(text: &str, tokens: &[Token], doc: Option<NaiveDate>, w: &DateWords) -> Option<DateMention> {
    for i in 0..tokens.len() {
        let t = &tokens[i];
        if t.shape != dyad_text::Shape::Other && w.openers.binary_search(&t.norm).is_err() {
            continue;
        }
        let found = |date: NaiveDate, precision: Precision, end: usize| Some(DateMention { date, precision, tok_start: i, tok_end: end });
        // ISO dates: 2025-09-12 is one token sequence "2025 - 09 - 12".
        if let Some(y) = number(text, t, w).filter(|y| *y >= 1900) {
            if let (Some(m), Some(d)) =
                (tokens.get(i + 2).and_then(|t| number(text, t, w)), tokens.get(i + 4).and_then(|t| number(text, t, w)))
            {
                if tokens[i + 1].text(text) == "-" && tokens[i + 3].text(text) == "-" {
                    if let Some(date) = NaiveDate::from_ymd_opt(y as i32, m as u32, d as u32) {
                        return found(date, Precision::Day, i + 5);
                    }
                }
            }
        }
        // "7 September (2025)" and "September 7(, 2025)".
        if let Some(day) = number(text, t, w).filter(|d| (1..=31).contains(d)) {
            if let Some(month) = tokens.get(i + 1).and_then(|n| month_of(n, w)) {
                let year = tokens.get(i + 2).and_then(|y| number(text, y, w)).filter(|y| *y >= 1900);
                let end = if year.is_some() { i + 3 } else { i + 2 };
                let date = match (year, doc) {
                    (Some(y), _) => NaiveDate::from_ymd_opt(y as i32, month, day as u32),
                    (None, Some(d)) => nearest(d, month, day as u32),
                    (None, None) => None,
                };
                if let Some(date) = date {
                    return found(date, Precision::Day, end);
                }
            }
        }
        if let Some(month) = month_of(t, w) {
            let day = tokens.get(i + 1).and_then(|n| number(text, n, w)).filter(|d| (1..=31).contains(d));
            let mut end = if day.is_some() { i + 2 } else { i + 1 };
            if tokens.get(end).is_some_and(|c| c.text(text) == ",")
                && tokens.get(end + 1).and_then(|y| number(text, y, w)).is_some_and(|y| y >= 1900)
            {
                end += 1;
            }
            let year = tokens.get(end).and_then(|y| number(text, y, w)).filter(|y| *y >= 1900);
            if year.is_some() {
                end += 1;
            }
            let precision = if day.is_some() { Precision::Day } else { Precision::Month };
            let d = day.unwrap_or(1) as u32;
            let date = match (year, doc) {
                (Some(y), _) => NaiveDate::from_ymd_opt(y as i32, month, d),
                (None, Some(doc)) => nearest(doc, month, d),
                (None, None) => None,
            };
            // A bare month name needs "in"/"on"/"last" or a day to be a date.
            let introduced = i > 0
                && matches!(
                    tokens[i - 1].text(text).to_ascii_lowercase().as_str(),
                    "in" | "on" | "since" | "until" | "by" | "early" | "late" | "mid"
                );
            if let Some(date) = date.filter(|_| day.is_some() || year.is_some() || introduced) {
                return found(date, precision, end);
            }
        }
        let Some(doc) = doc else { continue };
        if let Some(wd) = w.weekdays.iter().position(|s| t.norm == *s).filter(|_| t.shape != dyad_text::Shape::Lower) {
            let target = Weekday::try_from(wd as u8).unwrap_or(Weekday::Mon);
            let back = (doc.weekday().num_days_from_monday() as i64 - target.num_days_from_monday() as i64).rem_euclid(7);
            let is_last = i > 0 && tokens[i - 1].norm == w.last;
            let back = if is_last && back == 0 { 7 } else { back };
            let start = if is_last { i - 1 } else { i };
            return Some(DateMention { date: doc - Duration::days(back), precision: Precision::Day, tok_start: start, tok_end: i + 1 });
        }
        if w.today.contains(&t.norm) {
            return found(doc, Precision::Day, i + 1);
        }
        if t.norm == w.yesterday {
            return found(doc - Duration::days(1), Precision::Day, i + 1);
        }
        // "last week", "past week", "this month", "earlier this month".
        if (t.norm == w.last || t.norm == w.past || t.norm == w.this) && i + 1 < tokens.len() {
            let unit = tokens[i + 1].norm;
            let this = t.norm == w.this;
            let start = if this && i > 0 && tokens[i - 1].norm == w.earlier { i - 1 } else { i };
            let resolved = if unit == w.week {
                Some((if this { doc } else { doc - Duration::days(7) }, Precision::Week))
            } else if unit == w.month {
                let first = doc.with_day(1).unwrap_or(doc);
                Some((if this { first } else { (first - Duration::days(1)).with_day(1).unwrap_or(first) }, Precision::Month))
            } else if unit == w.year {
                NaiveDate::from_ymd_opt(if this { doc.year() } else { doc.year() - 1 }, 1, 1).map(|d| (d, Precision::Year))
            } else {
                None
            };
            if let Some((date, precision)) = resolved {
                return Some(DateMention { date, precision, tok_start: start, tok_end: i + 2 });
            }
        }
        // "three days ago", "two weeks ago".
        if let Some(n) = number(text, t, w) {
            if let (Some(unit), Some(ago)) = (tokens.get(i + 1), tokens.get(i + 2)) {
                if ago.norm == w.ago {
                    let days = if unit.is(w.day) {
                        Some((n, Precision::Day))
                    } else if unit.is(w.week) {
                        Some((n * 7, Precision::Week))
                    } else {
                        None
                    };
                    if let Some((d, p)) = days {
                        return found(doc - Duration::days(d), p, i + 3);
                    }
                }
            }
        }
    }
    None
}
