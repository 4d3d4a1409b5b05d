//! Reading and writing CoNLL-U (Universal Dependencies v2).
//!
//! Only syntactic words are kept: multiword-token lines (`3-4`) and empty
//! nodes (`8.1`) are skipped, as the CoNLL 2018 evaluation does for trees.

use std::fmt::Write as _;

use thiserror::Error;

#[derive(Clone, Debug, PartialEq)]
pub struct Word {
    pub form: String,
    pub lemma: String,
    pub upos: String,
    pub xpos: String,
    /// 1-based index of the head word; 0 is the root.
    pub head: u32,
    pub deprel: String,
    pub misc: String,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Sentence {
    /// Comment lines without their leading `# `.
    pub comments: Vec<String>,
    pub words: Vec<Word>,
}

#[derive(Debug, Error)]
#[error("{file}:{line}: {problem}")]
pub struct ConlluError {
    pub file: String,
    pub line: usize,
    pub problem: String,
}

/// Parses a whole CoNLL-U text; `file` names it in errors.
pub fn read(file: &str, text: &str) -> Result<Vec<Sentence>, ConlluError> {
    let mut out = Vec::new();
    let mut current = Sentence::default();
    let error = |line: usize, problem: String| ConlluError { file: file.to_string(), line, problem };
    for (n, line) in text.lines().enumerate() {
        let line_no = n + 1;
        if line.trim().is_empty() {
            if !current.words.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            current.comments.clear();
            continue;
        }
        if let Some(comment) = line.strip_prefix('#') {
            current.comments.push(comment.trim_start().to_string());
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 10 {
            return Err(error(line_no, format!("expected 10 tab-separated columns, found {}", cols.len())));
        }
        if cols[0].contains(['-', '.']) {
            continue;
        }
        let id: usize = cols[0].parse().map_err(|_| error(line_no, format!("bad word id {:?}", cols[0])))?;
        if id != current.words.len() + 1 {
            return Err(error(line_no, format!("word id {id} out of sequence")));
        }
        let head = match cols[6] {
            "_" => 0,
            h => h.parse().map_err(|_| error(line_no, format!("bad head {h:?}")))?,
        };
        current.words.push(Word {
            form: cols[1].to_string(),
            lemma: cols[2].to_string(),
            upos: cols[3].to_string(),
            xpos: cols[4].to_string(),
            head,
            deprel: cols[7].to_string(),
            misc: cols[9].to_string(),
        });
    }
    if !current.words.is_empty() {
        out.push(current);
    }
    for (i, s) in out.iter().enumerate() {
        if s.words.iter().any(|w| w.head as usize > s.words.len()) {
            return Err(error(0, format!("sentence {} has a head outside the sentence", i + 1)));
        }
    }
    Ok(out)
}

/// Writes one sentence as CoNLL-U, with a blank line after it.
pub fn write(sentence: &Sentence, out: &mut String) {
    for c in &sentence.comments {
        let _ = writeln!(out, "# {c}");
    }
    for (i, w) in sentence.words.iter().enumerate() {
        let field = |s: &str| if s.is_empty() { "_".to_string() } else { s.replace(['\t', '\n'], " ") };
        let _ = writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}\t_\t{}\t{}\t_\t{}",
            i + 1,
            field(&w.form),
            field(&w.lemma),
            field(&w.upos),
            field(&w.xpos),
            w.head,
            field(&w.deprel),
            field(&w.misc)
        );
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# text = They didn't go.\n1\tThey\tthey\tPRON\tPRP\t_\t4\tnsubj\t_\t_\n2-3\tdidn't\t_\t_\t_\t_\t_\t_\t_\t_\n2\tdid\tdo\tAUX\tVBD\t_\t4\taux\t_\t_\n3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t_\t_\n4\tgo\tgo\tVERB\tVB\t_\t0\troot\t_\tSpaceAfter=No\n4.1\tgo\t_\t_\t_\t_\t_\t_\t_\t_\n5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_\n\n";

    #[test]
    fn multiword_tokens_and_empty_nodes_are_skipped() {
        let s = read("t", SAMPLE).unwrap();
        assert_eq!(s.len(), 1);
        let forms: Vec<&str> = s[0].words.iter().map(|w| w.form.as_str()).collect();
        assert_eq!(forms, ["They", "did", "n't", "go", "."]);
        assert_eq!(s[0].words[0].head, 4);
        assert_eq!(s[0].comments, ["text = They didn't go."]);
    }

    #[test]
    fn errors_name_the_line() {
        let err = read("f.conllu", "1\tA\ta\tX\tX\t_\tx\tdep\t_\t_\n").unwrap_err();
        assert_eq!(err.to_string(), "f.conllu:1: bad head \"x\"");
    }

    #[test]
    fn writing_then_reading_gives_the_same_words() {
        let s = read("t", SAMPLE).unwrap();
        let mut text = String::new();
        write(&s[0], &mut text);
        assert_eq!(read("t", &text).unwrap()[0].words, s[0].words);
    }
}
