//! The national list of comuni and foreign countries, embedded from `assets/comuni/comuni.tsv`
//! (origin and licence in `assets/comuni/ORIGINE.md`) and parsed once, on first use.

use sportello_core::comuni::Comuni;
use sportello_core::ipc::ComuneOption;
use std::sync::OnceLock;

const COMUNI_TSV: &str = include_str!("../../../assets/comuni/comuni.tsv");

/// The list. The embedded file is checked by a test, so parsing cannot fail at run time; if it
/// ever did, the list would be empty and every residence refused, never wrongly accepted.
pub fn list() -> &'static Comuni {
    static LIST: OnceLock<Comuni> = OnceLock::new();
    LIST.get_or_init(|| Comuni::parse(COMUNI_TSV).unwrap_or_default())
}

/// Current comuni matching what was typed, for the residence picker.
pub fn search(query: &str, limit: usize) -> Vec<ComuneOption> {
    list()
        .search(query, limit)
        .into_iter()
        .map(|c| ComuneOption {
            code: c.code.clone(),
            label: c.label(),
        })
        .collect()
}

/// The code of the one current comune whose name is `name` (case, accents and spacing
/// ignored), if exactly one has it.
pub fn unique_by_name(name: &str) -> Option<String> {
    let wanted = sportello_core::search::fold(name);
    if wanted.is_empty() {
        return None;
    }
    let mut hits = list()
        .search(name, 50)
        .into_iter()
        .filter(|c| sportello_core::search::fold(&c.name) == wanted);
    match (hits.next(), hits.next()) {
        (Some(only), None) => Some(only.code.clone()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_list_is_whole() {
        let list = Comuni::parse(COMUNI_TSV).expect("the embedded file parses");
        assert!(list.len() > 10_000, "{}", list.len());
        let roma = list.get("H501").expect("Roma");
        assert_eq!(
            (roma.label().as_str(), roma.istat.as_str()),
            ("Roma (RM)", "058091")
        );
        assert!(list.get("Z404").is_some_and(|c| c.is_country()));
        assert_eq!(search("roccavera", 5)[0].label, "Roccaverano (AT)");
        assert_eq!(search("Reggio nell", 5)[0].label, "Reggio nell'Emilia (RE)");
        assert_eq!(unique_by_name(" roccaverano ").as_deref(), Some("H451"));
        assert_eq!(unique_by_name("Castro"), None, "two comuni have that name");
        assert_eq!(unique_by_name("Roccaverde"), None, "no such comune");
    }
}
