//! The CAMEO code table: Goldstein score, QuadClass and PLOVER category of
//! every code, from `dictionaries/cameo.tsv` (generated from the reference
//! tables by `scripts/gen-cameo-table.py`).

use rustc_hash::FxHashMap;
use serde::Serialize;

use dyad_dict::{lines, DictError, DictSet};

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
    pub fn load(set: &DictSet) -> Result<CameoTable, DictError> {
        let file = set.file("cameo.tsv").ok_or_else(|| DictError::new("cameo.tsv", 0, "the CAMEO code table is missing"))?;
        CameoTable::parse(&file.origin, &file.text)
    }

    pub fn parse(origin: &str, text: &str) -> Result<CameoTable, DictError> {
        let mut codes = FxHashMap::default();
        for line in lines(text) {
            let cols: Vec<&str> = line.text.split('\t').collect();
            if cols.len() < 8 {
                return Err(DictError::new(origin, line.number, format!("expected 8 tab-separated columns, found {}", cols.len())));
            }
            let bad = |what: &str| DictError::new(origin, line.number, format!("bad {what} {:?}", cols[0]));
            let goldstein = cols[2].parse::<f32>().map_err(|_| bad("Goldstein score for"))?;
            let quad_class = cols[3].parse::<u8>().ok().filter(|q| (1..=4).contains(q)).ok_or_else(|| bad("QuadClass for"))?;
            let opt = |s: &str| (!s.is_empty()).then(|| s.replace('|', "; "));
            let plover = (!cols[4].is_empty()).then(|| Plover { kind: cols[4].to_string(), mode: opt(cols[5]), context: opt(cols[6]) });
            let info =
                CodeInfo { code: cols[0].to_string(), root: cols[1].to_string(), goldstein, quad_class, plover, name: cols[7].to_string() };
            codes.insert(info.code.clone(), info);
        }
        Ok(CameoTable { codes })
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
}
