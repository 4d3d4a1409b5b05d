//! The model that ships with dyad, compiled into the binary.
//!
//! Trained by `dyad syntax train` on UD English EWT (CC BY-SA 4.0) and the
//! CC BY documents of GUM; the model file is distributed under CC BY-SA 4.0
//! (see NOTICE).

use crate::model::{ModelError, Syntax};

static MODEL: &[u8] = include_bytes!("../model/en-ud.dsyn");

/// The built-in model.
pub fn builtin() -> Syntax {
    Syntax::from_bytes("built-in", MODEL).expect("the built-in syntax model is checked by the crate's tests")
}

/// A model from a file (`--parser-model`).
pub fn from_file(path: &std::path::Path) -> Result<Syntax, ModelError> {
    let origin = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| ModelError { origin: origin.clone(), problem: e.to_string() })?;
    Syntax::from_bytes(&origin, &bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_model_loads_and_parses() {
        let syntax = builtin();
        let parse = syntax.parse(&["Moscow", "suspended", "talks", "with", "Kyiv", "."]);
        assert_eq!(parse.heads.iter().filter(|&&h| h == 0).count(), 1);
        assert_eq!(syntax.upos(parse.tags[1]), "VERB");
        assert_eq!(parse.heads[0], 2, "Moscow hangs from suspended");
        assert_eq!(syntax.label(parse.labels[0]), "nsubj");
    }

    #[test]
    fn a_damaged_model_is_an_error_not_a_panic() {
        for cut in [0, 7, 100, MODEL.len() / 2, MODEL.len() - 1] {
            assert!(Syntax::from_bytes("cut", &MODEL[..cut]).is_err(), "cut at {cut}");
        }
    }
}
