//! `events/derived.txt`: how a governing verb (appeal, intent, demand,
//! reject, threaten) re-codes the act it governs.

use rustc_hash::FxHashMap;

use dyad_dict::{lines, DictError, DictErrors, DictSet};

use crate::cameo::CameoTable;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Governor {
    Appeal,
    Intent,
    Demand,
    Reject,
    Threaten,
}

impl Governor {
    const ALL: [Governor; 5] = [Governor::Appeal, Governor::Intent, Governor::Demand, Governor::Reject, Governor::Threaten];

    /// The governing class of a residual code, if it is one.
    pub fn of_code(code: &str) -> Option<Governor> {
        match code {
            "020" => Some(Governor::Appeal),
            "030" => Some(Governor::Intent),
            "100" => Some(Governor::Demand),
            "120" => Some(Governor::Reject),
            "130" => Some(Governor::Threaten),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct Derivations {
    table: FxHashMap<String, [Option<String>; 5]>,
}

impl Derivations {
    pub fn load(set: &DictSet, cameo: &CameoTable) -> Result<Derivations, DictErrors> {
        let Some(file) = set.file("events/derived.txt") else {
            return Ok(Derivations::default());
        };
        let mut errors = Vec::new();
        let mut table = FxHashMap::default();
        for line in lines(&file.text) {
            let cols: Vec<&str> = line.text.split_whitespace().collect();
            if cols.len() != 6 {
                errors.push(DictError::new(
                    &file.origin,
                    line.number,
                    format!("expected 6 columns (act appeal intent demand reject threaten), found {}", cols.len()),
                ));
                continue;
            }
            let mut row: [Option<String>; 5] = Default::default();
            for (i, col) in cols.iter().enumerate() {
                if *col == "-" && i > 0 {
                    continue;
                }
                if cameo.get(col).is_none_or(|c| c.code.len() < 3) {
                    errors.push(DictError::new(&file.origin, line.number, format!("unknown CAMEO code {col:?}")));
                } else if i > 0 {
                    row[i - 1] = Some(col.to_string());
                }
            }
            if table.insert(cols[0].to_string(), row).is_some() {
                errors.push(DictError::new(&file.origin, line.number, format!("act {} listed twice", cols[0])));
            }
        }
        if errors.is_empty() {
            Ok(Derivations { table })
        } else {
            Err(DictErrors(errors))
        }
    }

    /// The code of `act` under `governor`, looking up parents when the act
    /// itself has no row.
    pub fn derive(&self, act: &str, governor: Governor) -> Option<&str> {
        let col = Governor::ALL.iter().position(|g| *g == governor)?;
        let mut key = act.to_string();
        loop {
            if let Some(row) = self.table.get(&key) {
                return row[col].as_deref();
            }
            match key.len() {
                4 => key.truncate(3),
                3 if !key.ends_with('0') => {
                    key.truncate(2);
                    key.push('0');
                }
                _ => return None,
            }
        }
    }

    /// The yielding act (08x) that grants a demand: the act whose demand
    /// code it is ("accepted demands for political reform": 104 -> 083),
    /// or 080 when the codebook has no closer one.
    pub fn granted(&self, demand: &str) -> &str {
        let col = Governor::ALL.iter().position(|g| *g == Governor::Demand).expect("Demand is a governor");
        self.table
            .iter()
            .filter(|(act, row)| act.starts_with("08") && row[col].as_deref() == Some(demand))
            .map(|(act, _)| act.as_str())
            .min()
            .unwrap_or("080")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derives_with_parent_fallback() {
        let set = DictSet::builtin();
        let d = Derivations::load(&set, &CameoTable::load(&set).unwrap()).unwrap();
        assert_eq!(d.derive("0841", Governor::Appeal), Some("0253"));
        assert_eq!(d.derive("042", Governor::Intent), Some("036"));
        assert_eq!(d.derive("1621", Governor::Threaten), Some("1311"));
        assert_eq!(d.derive("0871", Governor::Reject), Some("1246"));
        assert_eq!(d.derive("111", Governor::Appeal), None);
        assert_eq!(d.granted("104"), "083");
        assert_eq!(d.granted("1044"), "0834");
        assert_eq!(d.granted("108"), "080");
    }
}
