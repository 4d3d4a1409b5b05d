//! The last line of defence: one document's panic must not take down the
//! batch, the ingest or the server it is coded in.
//!
//! [`guarded`] runs a piece of work for one document under
//! `catch_unwind` and turns a panic into a [`CodeError`] that names the
//! document and where the panic happened. A panic is still a bug in dyad;
//! the guard only keeps it from costing the other documents. While a guard
//! is active on a thread, the default panic message is not printed: the
//! caller prints the error line instead, once.

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::fmt;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

use dyad_events::event::Event;
use dyad_text::Document;

use crate::coder::{Coder, Options};

/// A document that could not be coded because dyad panicked on it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeError {
    /// The document's id.
    pub doc_id: String,
    /// Where the document was read (`file:line`), when known.
    pub origin: Option<String>,
    /// The panic message.
    pub message: String,
    /// Source file and line of the panic.
    pub location: Option<String>,
}

impl fmt::Display for CodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(origin) = &self.origin {
            write!(f, "{origin}: ")?;
        }
        write!(f, "document {:?} could not be coded: internal error (a bug in dyad, please report it): {}", self.doc_id, self.message)?;
        if let Some(location) = &self.location {
            write!(f, " at {location}")?;
        }
        Ok(())
    }
}

impl std::error::Error for CodeError {}

thread_local! {
    /// How many guards are active on this thread.
    static DEPTH: Cell<usize> = const { Cell::new(0) };
    /// Where the last guarded panic on this thread happened.
    static LOCATION: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Replaces the panic hook once per process: inside a guard the panic's
/// location is kept for the error line; elsewhere the previous hook runs as
/// before.
fn install_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if DEPTH.get() > 0 {
                let location = info.location().map(|l| format!("{}:{}", l.file(), l.line()));
                LOCATION.set(location);
            } else {
                previous(info);
            }
        }));
    });
}

/// Runs `work` for `doc`; a panic in it becomes a [`CodeError`].
pub fn guarded<T>(doc: &Document, work: impl FnOnce() -> T) -> Result<T, CodeError> {
    install_hook();
    DEPTH.set(DEPTH.get() + 1);
    // Nothing `work` touched outlives the panic except the document, which
    // coding only reads, so no broken state can be observed afterwards.
    let result = panic::catch_unwind(AssertUnwindSafe(work));
    DEPTH.set(DEPTH.get() - 1);
    result.map_err(|payload| CodeError {
        doc_id: doc.id.clone(),
        origin: doc.origin.clone(),
        message: panic_message(payload.as_ref()),
        location: LOCATION.take(),
    })
}

fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        s.to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "panic without a message".to_string()
    }
}

impl Coder {
    /// [`Coder::code_with`] inside a panic guard: the way every batch
    /// (CLI, ingest, API) codes a document.
    pub fn code_guarded(&self, doc: &Document, options: Options) -> Result<Vec<Event>, CodeError> {
        guarded(doc, || self.code_with(doc, options))
    }
}

/// Text that makes coding panic, so tests can check that a panic costs one
/// document only. Compiled in only with the `fault-injection` feature,
/// which only test builds enable: no user input can reach it.
#[cfg(feature = "fault-injection")]
pub const FAULT_MARKER: &str = "DYAD-TEST-PANIC";

#[cfg(feature = "fault-injection")]
pub(crate) fn inject_fault(doc: &Document) {
    if doc.text.contains(FAULT_MARKER) {
        panic!("fault injected for a test");
    }
}

#[cfg(not(feature = "fault-injection"))]
#[inline(always)]
pub(crate) fn inject_fault(_: &Document) {}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> Document {
        let mut d = Document::from_text("d7", "Moscow met Kyiv.", None);
        d.origin = Some("news.jsonl:3".into());
        d
    }

    #[test]
    fn a_panic_becomes_an_error_naming_document_and_place() {
        let e = guarded(&doc(), || -> usize { panic!("boom {}", 1) }).unwrap_err();
        assert_eq!((e.doc_id.as_str(), e.message.as_str()), ("d7", "boom 1"));
        assert!(e.location.as_deref().is_some_and(|l| l.starts_with("crates/dyad/src/guard.rs:")), "{e:?}");
        let line = e.to_string();
        assert!(line.starts_with("news.jsonl:3: document \"d7\" could not be coded: internal error"), "{line}");
    }

    #[test]
    fn work_without_a_panic_passes_through() {
        assert_eq!(guarded(&doc(), || 42), Ok(42));
    }

    #[test]
    fn the_guard_is_left_after_a_panic() {
        let _ = guarded(&doc(), || panic!("first"));
        assert_eq!(DEPTH.get(), 0);
    }
}
