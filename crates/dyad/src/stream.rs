//! Coding a stream of documents on every core with memory that does not
//! grow with the input: documents are taken in windows (a count and a byte
//! budget), each window is coded in parallel, and results come out in input
//! order while the next window is coded.

use std::sync::mpsc;

use rayon::prelude::*;

/// How much input is in flight at once.
#[derive(Clone, Copy, Debug)]
pub struct Window {
    /// Items per window.
    pub items: usize,
    /// Bytes of input per window (by the caller's measure); a window closes
    /// at whichever limit comes first.
    pub bytes: usize,
}

impl Default for Window {
    fn default() -> Window {
        Window { items: 512, bytes: 8 * 1024 * 1024 }
    }
}

/// Runs `work` over `items` in parallel and hands each result to `sink` in
/// input order. At most three windows are alive: one being read and coded,
/// one waiting, one being consumed. The first error of `sink` stops the
/// stream and is returned.
pub fn ordered<T, R, E>(
    items: impl Iterator<Item = T> + Send,
    window: Window,
    size: impl Fn(&T) -> usize + Send,
    work: impl Fn(T) -> R + Sync,
    mut sink: impl FnMut(R) -> Result<(), E>,
) -> Result<(), E>
where
    T: Send,
    R: Send,
{
    let (tx, rx) = mpsc::sync_channel::<Vec<R>>(1);
    std::thread::scope(|scope| {
        let work = &work;
        scope.spawn(move || {
            let mut items = items.peekable();
            while items.peek().is_some() {
                let batch = next_window(&mut items, window, &size);
                let results: Vec<R> = batch.into_par_iter().map(work).collect();
                // The consumer hung up after an error: stop reading.
                if tx.send(results).is_err() {
                    return;
                }
            }
        });
        for results in rx {
            for result in results {
                sink(result)?;
            }
        }
        Ok(())
    })
}

/// The next items up to the window's limits (at least one).
fn next_window<T>(items: &mut impl Iterator<Item = T>, window: Window, size: &impl Fn(&T) -> usize) -> Vec<T> {
    let mut batch = Vec::new();
    let mut bytes = 0;
    for item in items.by_ref() {
        bytes += size(&item);
        batch.push(item);
        if batch.len() >= window.items || bytes >= window.bytes {
            break;
        }
    }
    batch
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_input_order() {
        let mut out = Vec::new();
        let window = Window { items: 7, bytes: usize::MAX };
        let done: Result<(), ()> = ordered(
            0..1000u64,
            window,
            |_| 1,
            |n| n * n,
            |r| {
                out.push(r);
                Ok(())
            },
        );
        assert_eq!(done, Ok(()));
        assert_eq!(out, (0..1000u64).map(|n| n * n).collect::<Vec<_>>());
    }

    #[test]
    fn a_window_closes_at_its_byte_budget() {
        let mut items = ["aaaa", "bb", "c", "dddd"].into_iter();
        let window = Window { items: 10, bytes: 6 };
        assert_eq!(next_window(&mut items, window, &|s: &&str| s.len()), ["aaaa", "bb"]);
        assert_eq!(next_window(&mut items, window, &|s: &&str| s.len()), ["c", "dddd"]);
    }

    #[test]
    fn a_sink_error_stops_the_stream() {
        let mut seen = 0;
        let window = Window { items: 4, bytes: usize::MAX };
        let done = ordered(
            0..1_000_000u32,
            window,
            |_| 1,
            |n| n,
            |n| {
                seen += 1;
                if n == 10 {
                    Err("full disk")
                } else {
                    Ok(())
                }
            },
        );
        assert_eq!((done, seen), (Err("full disk"), 11));
    }
}
