//! The CAMEO code table: Goldstein score, QuadClass and PLOVER category of
//! every code, from `dictionaries/cameo.tsv` (generated from the reference
//! tables by `scripts/gen-cameo-table.py`).

use rustc_hash::FxHashMap;
use serde::Serialize;

use dyad_dict::{lines, DictError, DictErrors, DictSet};

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Plover {
    #[serde(rename = "type")]
    pub kind: String,
    pub mode: Option<String>,
    pub context: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CodeInfo {
    pub code: String,
    pub root: String,
    pub goldstein: f32,
    pub quad_class: u8,
    pub plover: Option<Plover>,
    pub name: String,
}

#[derive(Clone, Debug, Default)]
pub struct CameoTable {
    codes: FxHashMap<String, CodeInfo>,
}

impl CameoTable {
    pub fn load(set: &DictSet) -> Result<CameoTable, DictErrors> {
        let file =
            set.file("cameo.tsv").ok_or_else(|| DictErrors(vec![DictError::new("cameo.tsv", 0, "the CAMEO code table is missing")]))?;
        CameoTable::parse(&file.origin, &file.text)
    }

    /// Parses the table; every bad row is reported, not only the first.
    pub fn parse(origin: &str, text: &str) -> Result<CameoTable, DictErrors> {
        let mut codes: FxHashMap<String, CodeInfo> = FxHashMap::default();
        let mut first_line: FxHashMap<String, usize> = FxHashMap::default();
        let mut errors = Vec::new();
        for line in lines(text) {
            match parse_row(line.text) {
                Ok(info) => match first_line.get(&info.code) {
                    Some(first) => errors.push(DictError::new(
                        origin,
                        line.number,
                        format!("code {:?} is listed twice (first on line {first})", info.code),
                    )),
                    None => {
                        first_line.insert(info.code.clone(), line.number);
                        codes.insert(info.code.clone(), info);
                    }
                },
                Err(message) => errors.push(DictError::new(origin, line.number, message)),
            }
        }
        if errors.is_empty() {
            Ok(CameoTable { codes })
        } else {
            Err(DictErrors(errors))
        }
    }

    pub fn get(&self, code: &str) -> Option<&CodeInfo> {
        self.codes.get(code)
    }

    /// Codes that events can carry (three or four digits; the two-digit
    /// rows are root headings).
    pub fn event_codes(&self) -> impl Iterator<Item = &CodeInfo> {
        self.codes.values().filter(|c| c.code.len() > 2)
    }

    pub fn len(&self) -> usize {
        self.codes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }
}

/// Goldstein scores run from -10 (most conflictual) to +10.
const GOLDSTEIN: std::ops::RangeInclusive<f32> = -10.0..=10.0;

/// One row: `code root goldstein quad_class plover_type plover_mode
/// plover_context name`, tab-separated.
fn parse_row(text: &str) -> Result<CodeInfo, String> {
    let cols: Vec<&str> = text.split('\t').collect();
    if cols.len() < 8 {
        return Err(format!("expected 8 tab-separated columns, found {}", cols.len()));
    }
    let code = cols[0];
    if !(2..=4).contains(&code.len()) || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("code {code:?} is not two to four digits"));
    }
    if cols[1] != &code[..2] {
        return Err(format!("code {code:?} has root {:?}; its root is its first two digits", cols[1]));
    }
    let goldstein = cols[2]
        .parse::<f32>()
        .ok()
        .filter(|g| GOLDSTEIN.contains(g))
        .ok_or_else(|| format!("Goldstein score {:?} of {code:?} is not a number from -10 to 10", cols[2]))?;
    let quad_class = cols[3].parse::<u8>().ok().filter(|q| (1..=4).contains(q)).ok_or_else(|| format!("bad QuadClass for {code:?}"))?;
    let opt = |s: &str| (!s.is_empty()).then(|| s.replace('|', "; "));
    let plover = (!cols[4].is_empty()).then(|| Plover { kind: cols[4].to_string(), mode: opt(cols[5]), context: opt(cols[6]) });
    Ok(CodeInfo { code: code.to_string(), root: cols[1].to_string(), goldstein, quad_class, plover, name: cols[7].to_string() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_table_has_every_root_and_values() {
        let t = CameoTable::load(&DictSet::builtin()).unwrap();
        assert!(t.event_codes().count() >= 290);
        let c = t.get("164").unwrap();
        assert_eq!((c.root.as_str(), c.quad_class), ("16", 4));
        assert_eq!(c.plover.as_ref().unwrap().kind, "SANCTION");
        assert_eq!(t.get("1312").unwrap().goldstein, -5.8);
        assert!(t.get("010").unwrap().plover.is_none());
    }

    /// The compiled table must agree with the shared reference tables
    /// (skipped where `../shared` is absent, as on a user's machine).
    #[test]
    fn agrees_with_shared_reference_when_present() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/reference/cameo-codes.csv");
        let Ok(mut reader) = csv::Reader::from_path(&path) else {
            eprintln!("skipped: {} not found", path.display());
            return;
        };
        let t = CameoTable::load(&DictSet::builtin()).unwrap();
        let mut checked = 0;
        for row in reader.records() {
            let row = row.unwrap();
            let info = t.get(&row[0]).unwrap_or_else(|| panic!("code {} missing", &row[0]));
            assert_eq!(info.goldstein, row[3].parse::<f32>().unwrap(), "Goldstein of {}", &row[0]);
            assert_eq!(info.quad_class.to_string(), &row[4], "QuadClass of {}", &row[0]);
            checked += 1;
        }
        assert!(checked > 250, "only {checked} codes compared");
    }

    #[test]
    fn bad_rows_are_file_line_errors() {
        let text = "010\t01\t0\t1\t\t\t\tMake statement\n\
                    011\t01\tNaN\t1\t\t\t\tDecline comment\n\
                    012\t01\tinf\t1\t\t\t\tPessimistic\n\
                    013\t01\t1e999\t1\t\t\t\tOptimistic\n\
                    014\t01\t-10.5\t1\t\t\t\tConsider\n\
                    021\t01\t3\t1\t\t\t\tAppeal\n\
                    010\t01\t0\t1\t\t\t\tMake statement again\n\
                    01234\t01\t0\t1\t\t\t\tFive digits\n\
                    0x1\t0x\t0\t1\t\t\t\tNot digits\n";
        let errors: Vec<String> = CameoTable::parse("cameo.tsv", text).unwrap_err().0.iter().map(ToString::to_string).collect();
        assert_eq!(
            errors,
            [
                "cameo.tsv:2: Goldstein score \"NaN\" of \"011\" is not a number from -10 to 10",
                "cameo.tsv:3: Goldstein score \"inf\" of \"012\" is not a number from -10 to 10",
                "cameo.tsv:4: Goldstein score \"1e999\" of \"013\" is not a number from -10 to 10",
                "cameo.tsv:5: Goldstein score \"-10.5\" of \"014\" is not a number from -10 to 10",
                "cameo.tsv:6: code \"021\" has root \"01\"; its root is its first two digits",
                "cameo.tsv:7: code \"010\" is listed twice (first on line 1)",
                "cameo.tsv:8: code \"01234\" is not two to four digits",
                "cameo.tsv:9: code \"0x1\" is not two to four digits",
            ]
        );
    }
}
