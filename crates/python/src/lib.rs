//! The `dyad` Python package: pyo3 bindings over [`dyad::Coder`].
//!
//! Python sees `dyad._dyad.Coder` (subclassed in `python/dyad/__init__.py`,
//! which adds the pandas method) and two exceptions. Events cross as dicts
//! with exactly the JSON Lines contract's fields, built directly
//! (`convert.rs`: no field can be left out without a compile error).
//!
//! Coding runs with the GIL released, on rayon's pool: Python threads and
//! Spark's Python workers keep running while a batch is coded.

use std::path::PathBuf;

use pyo3::create_exception;
use pyo3::exceptions::{PyRuntimeError, PyTypeError, PyUserWarning, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};
use rayon::prelude::*;

use dyad::document::DocumentFields;
use dyad::{Coder, DictSet, Document, Event};

mod convert;
mod parsed;

use convert::event_to_dict;

// Coding allocates many small, short-lived strings per sentence; the CLI
// codes with mimalloc for that reason, and the package must keep up with it.
// Only the extension's own allocations use it: Python keeps its allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

create_exception!(_dyad, DictionaryError, PyValueError, "A dictionary file is broken; the message names file and line.");
create_exception!(_dyad, InputError, PyValueError, "A document cannot be coded; the message names the document and the problem.");

/// A loaded coder: dictionaries compiled once, then shared by every call and
/// thread.
#[pyclass(name = "Coder", module = "dyad", subclass, frozen)]
struct PyCoder {
    coder: Coder,
}

#[pymethods]
impl PyCoder {
    /// Loads the built-in dictionaries, with `dict_dir` laid over them, or
    /// `dict_dir` alone when `builtin` is false.
    #[new]
    #[pyo3(signature = (dict_dir=None, builtin=true))]
    fn new(py: Python<'_>, dict_dir: Option<PathBuf>, builtin: bool) -> PyResult<PyCoder> {
        let set = dict_set(dict_dir, builtin)?;
        let coder = py.detach(|| Coder::load(&set)).map_err(|e| DictionaryError::new_err(format!("dictionary errors:\n{e}")))?;
        Ok(PyCoder { coder })
    }

    /// Codes one text; returns its events as dicts (the JSON Lines contract).
    #[pyo3(signature = (text, date=None, id=None, title=None))]
    fn code<'py>(
        &self,
        py: Python<'py>,
        text: String,
        date: Option<&Bound<'py, PyAny>>,
        id: Option<String>,
        title: Option<String>,
    ) -> PyResult<Bound<'py, PyList>> {
        let doc = text_document(text, date, id, title)?;
        let events = py.detach(|| self.coder.code(&doc));
        events_to_list(py, &events)
    }

    /// The dependency parse of a text (Universal Dependencies v2), one dict
    /// per sentence: `index`, `text`, character offsets `start`/`end`, and
    /// `tokens`, each with `id`, `text`, `start`, `end`, `upos`, `xpos`,
    /// `head` (the id of its head word, 0 for the root) and `deprel`: the
    /// columns `dyad parse` writes as CoNLL-U.
    #[pyo3(signature = (text, title=None))]
    fn parse<'py>(&self, py: Python<'py>, text: String, title: Option<String>) -> PyResult<Bound<'py, PyList>> {
        let doc = text_document(text, None, None, title)?;
        let parsed = py.detach(|| self.coder.parse(&doc));
        parsed::sentences_to_list(py, self.coder.syntax(), &doc.text, &parsed)
    }

    /// Codes an iterable of dicts ({"text", "id", "date", "title", "url",
    /// "source"}, only "text" required) on `threads` cores (all by default)
    /// with the GIL released; returns every event, in document order.
    /// `errors="raise"` stops at the first bad document, `"skip"` warns and
    /// codes the rest.
    #[pyo3(signature = (docs, threads=None, errors="raise"))]
    fn code_many<'py>(
        &self,
        py: Python<'py>,
        docs: &Bound<'py, PyAny>,
        threads: Option<usize>,
        errors: &str,
    ) -> PyResult<Bound<'py, PyList>> {
        let skip = match errors {
            "raise" => false,
            "skip" => true,
            other => return Err(PyValueError::new_err(format!("errors must be \"raise\" or \"skip\", not {other:?}"))),
        };
        let pool = thread_pool(threads)?;
        let mut batch = Vec::new();
        for (index, item) in docs.try_iter()?.enumerate() {
            match read_document(&item?, index) {
                Ok(doc) => batch.push(doc),
                Err(message) if skip => PyErr::warn(py, &py.get_type::<PyUserWarning>(), &std::ffi::CString::new(message)?, 1)?,
                Err(message) => return Err(InputError::new_err(message)),
            }
        }
        code_in_order(py, &self.coder, &pool, &batch)
    }

    /// How a name resolves on `date`: code, dictionary entry, role and role
    /// noun of every actor in it (empty when none), as `dyad actors lookup`
    /// shows them.
    #[pyo3(signature = (name, date=None))]
    fn actors_lookup<'py>(&self, py: Python<'py>, name: &str, date: Option<&Bound<'py, PyAny>>) -> PyResult<Bound<'py, PyAny>> {
        let day = match date.map(date_text).transpose()?.flatten() {
            Some(text) => Some(dyad::document::parse_date(&text).map_err(InputError::new_err)?),
            None => None,
        };
        let found = dyad::lookup::lookup(&self.coder, name, day);
        pythonize::pythonize(py, &found).map_err(|e| PyValueError::new_err(e.to_string()))
    }
}

/// Codes `docs` on `pool` while this thread turns the finished documents,
/// in order, into dicts: the conversion (which needs the GIL) overlaps the
/// coding (which does not), and each document's events are freed once
/// converted. The GIL is released whenever this thread waits.
fn code_in_order<'py>(py: Python<'py>, coder: &Coder, pool: &rayon::ThreadPool, docs: &[Document]) -> PyResult<Bound<'py, PyList>> {
    let out = PyList::empty(py);
    let (sender, mut receiver) = std::sync::mpsc::channel::<(usize, Vec<Event>)>();
    std::thread::scope(|scope| {
        let mut coding = Some(scope.spawn(move || {
            pool.install(|| docs.par_iter().enumerate().for_each_with(sender, |sender, (i, doc)| drop(sender.send((i, coder.code(doc))))))
        }));
        let mut waiting: Vec<Option<Vec<Event>>> = docs.iter().map(|_| None).collect();
        for next in 0..docs.len() {
            while waiting[next].is_none() {
                let receiver = &mut receiver;
                let Ok((i, events)) = py.detach(move || receiver.recv()) else {
                    // The coding thread ended early: it panicked. Joining it
                    // here keeps the panic from leaving the scope.
                    let _ = coding.take().map(|thread| thread.join());
                    return Err(PyRuntimeError::new_err("dyad stopped on an internal error while coding; please report it"));
                };
                waiting[i] = Some(events);
            }
            for e in waiting[next].take().unwrap_or_default() {
                out.append(event_to_dict(py, &e)?)?;
            }
        }
        Ok(out)
    })
}

/// The document `code(text, ...)` and `parse(text)` read, checked as a
/// JSON line is.
fn text_document(text: String, date: Option<&Bound<'_, PyAny>>, id: Option<String>, title: Option<String>) -> PyResult<Document> {
    let fields = DocumentFields {
        id: Some(id.unwrap_or_else(|| "text".into())),
        date: date.map(date_text).transpose()?.flatten(),
        text: Some(text),
        title,
        ..DocumentFields::default()
    };
    fields.into_document("text", "text", 1).map_err(|e| InputError::new_err(e.message))
}

/// The dictionary set the CLI's `--dict` / `--no-builtin` would give.
fn dict_set(dict_dir: Option<PathBuf>, builtin: bool) -> PyResult<DictSet> {
    let set = match (dict_dir, builtin) {
        (Some(dir), true) => DictSet::with_overrides(&dir),
        (Some(dir), false) => DictSet::from_dir(&dir),
        (None, true) => return Ok(DictSet::builtin()),
        (None, false) => return Err(PyValueError::new_err("builtin=False needs a dict_dir to load dictionaries from")),
    };
    set.map_err(|e| DictionaryError::new_err(e.to_string()))
}

fn thread_pool(threads: Option<usize>) -> PyResult<rayon::ThreadPool> {
    let builder = rayon::ThreadPoolBuilder::new().num_threads(match threads {
        Some(0) => return Err(PyValueError::new_err("threads must be at least 1")),
        Some(n) => n,
        None => 0, // rayon's default: one thread per core
    });
    builder.build().map_err(|e| PyValueError::new_err(format!("cannot start {threads:?} threads: {e}")))
}

/// A document dict, checked as a JSON line is; errors read `docs[index]:
/// problem` and a document without id is called `docs:index`.
fn read_document(item: &Bound<'_, PyAny>, index: usize) -> Result<Document, String> {
    let at = |message: String| format!("docs[{index}]: {message}");
    let dict = item.cast::<PyDict>().map_err(|_| at(format!("expected a dict, got {}", type_name(item))))?;
    let text_field = |key: &str| -> Result<Option<String>, String> {
        match dict.get_item(key).map_err(|e| at(e.to_string()))? {
            Some(value) if !value.is_none() => {
                value.extract::<String>().map(Some).map_err(|_| at(format!("field {key:?} must be a string, got {}", type_name(&value))))
            }
            _ => Ok(None),
        }
    };
    let id = match dict.get_item("id").map_err(|e| at(e.to_string()))? {
        Some(value) => {
            let json = pythonize::depythonize::<serde_json::Value>(&value).map_err(|e| at(e.to_string()))?;
            dyad::document::id_from_json(&json.to_string()).map_err(at)?
        }
        None => None,
    };
    let date = match dict.get_item("date").map_err(|e| at(e.to_string()))? {
        Some(value) => date_text(&value).map_err(|e| at(e.to_string()))?,
        None => None,
    };
    let fields = DocumentFields {
        id,
        date,
        text: text_field("text")?,
        title: text_field("title")?,
        url: text_field("url")?,
        source: text_field("source")?,
    };
    fields.into_document("docs", "docs", index).map_err(|e| at(e.message))
}

/// A date given as a string, a `datetime.date` (or anything with
/// `isoformat`, such as a pandas Timestamp) or None.
fn date_text(value: &Bound<'_, PyAny>) -> PyResult<Option<String>> {
    if value.is_none() {
        return Ok(None);
    }
    if value.is_instance_of::<PyString>() {
        return Ok(Some(value.extract()?));
    }
    if value.hasattr("isoformat")? {
        return Ok(Some(value.call_method0("isoformat")?.extract()?));
    }
    Err(PyTypeError::new_err(format!("date must be a string (YYYY-MM-DD) or a date, got {}", type_name(value))))
}

fn type_name(value: &Bound<'_, PyAny>) -> String {
    value.get_type().name().map(|n| n.to_string()).unwrap_or_else(|_| "an object".into())
}

fn events_to_list<'py, 'e>(py: Python<'py>, events: impl IntoIterator<Item = &'e Event>) -> PyResult<Bound<'py, PyList>> {
    let out = PyList::empty(py);
    for e in events {
        out.append(event_to_dict(py, e)?)?;
    }
    Ok(out)
}

#[pymodule]
fn _dyad(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyCoder>()?;
    m.add("DictionaryError", m.py().get_type::<DictionaryError>())?;
    m.add("InputError", m.py().get_type::<InputError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
