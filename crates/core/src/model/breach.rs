//! The register of personal data breaches (registro delle violazioni) the processor keeps: what
//! happened, when it was found, what data and roughly how many persons, what was done, and
//! when the comune was told (art. 33.2: without undue delay). No person's name belongs here.

use super::{optional_text, parse_optional_date, parse_past_date, required_text};
use crate::format;
use crate::ids::BreachId;
use crate::messages::{FormErrors, Msg};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewBreach {
    pub discovered_on: NaiveDate,
    pub description: String,
    pub data_involved: String,
    pub persons_estimate: Option<i64>,
    pub measures: String,
    /// When the comune (the controller) was informed; none yet is what the register shows
    /// as still to do.
    pub comune_informed_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Breach {
    pub id: BreachId,
    #[serde(flatten)]
    pub data: NewBreach,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BreachForm {
    pub discovered_on: String,
    pub description: String,
    pub data_involved: String,
    pub persons_estimate: String,
    pub measures: String,
    pub comune_informed_on: String,
}

impl BreachForm {
    pub fn of(b: &NewBreach) -> BreachForm {
        BreachForm {
            discovered_on: format::date(b.discovered_on),
            description: b.description.clone(),
            data_involved: b.data_involved.clone(),
            persons_estimate: b
                .persons_estimate
                .map(|n| n.to_string())
                .unwrap_or_default(),
            measures: b.measures.clone(),
            comune_informed_on: b.comune_informed_on.map(format::date).unwrap_or_default(),
        }
    }

    pub fn parse(&self, today: NaiveDate) -> Result<NewBreach, FormErrors> {
        let mut e = FormErrors::default();
        let discovered_on = e.check("discovered_on", parse_past_date(&self.discovered_on, today));
        let description = e.check("description", required_text(&self.description, 4000));
        let data_involved = e.check("data_involved", optional_text(&self.data_involved, 2000));
        let persons_estimate = e.check("persons_estimate", {
            let s = self.persons_estimate.trim();
            if s.is_empty() {
                Ok(None)
            } else {
                s.parse::<u32>()
                    .map(|n| Some(i64::from(n)))
                    .map_err(|_| Msg::WholeNumber)
            }
        });
        let measures = e.check("measures", optional_text(&self.measures, 4000));
        let informed = e.check(
            "comune_informed_on",
            parse_optional_date(&self.comune_informed_on).and_then(|d| match (d, discovered_on) {
                (Some(d), _) if d > today => Err(Msg::DateInFuture),
                (Some(d), Some(found)) if d < found => Err(Msg::InformedBeforeDiscovered),
                (d, _) => Ok(d),
            }),
        );
        match (
            discovered_on,
            description,
            data_involved,
            persons_estimate,
            measures,
            informed,
        ) {
            (
                Some(discovered_on),
                Some(description),
                Some(data_involved),
                Some(persons_estimate),
                Some(measures),
                Some(comune_informed_on),
            ) if e.is_empty() => Ok(NewBreach {
                discovered_on,
                description,
                data_involved,
                persons_estimate,
                measures,
                comune_informed_on,
            }),
            _ => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 26).expect("date")
    }

    #[test]
    fn a_breach_needs_its_day_and_what_happened() {
        let e = BreachForm::default().parse(today()).expect_err("empty");
        assert_eq!(e.for_field("discovered_on"), Some(&Msg::Required));
        assert_eq!(e.for_field("description"), Some(&Msg::Required));
        let bad = BreachForm {
            discovered_on: "20/11/2026".into(),
            description: "Chiavetta dei backup smarrita".into(),
            persons_estimate: "circa 40".into(),
            comune_informed_on: "19/11/2026".into(),
            ..Default::default()
        }
        .parse(today())
        .expect_err("bad");
        assert_eq!(bad.for_field("persons_estimate"), Some(&Msg::WholeNumber));
        assert_eq!(
            bad.for_field("comune_informed_on"),
            Some(&Msg::InformedBeforeDiscovered)
        );
        let ok = BreachForm {
            discovered_on: "20/11/2026".into(),
            description: "Chiavetta dei backup smarrita".into(),
            data_involved: "Copia cifrata dell'archivio".into(),
            persons_estimate: "40".into(),
            measures: "Nuova chiave dell'archivio".into(),
            comune_informed_on: "20/11/2026".into(),
        }
        .parse(today())
        .expect("parsed");
        assert_eq!(ok.persons_estimate, Some(40));
        assert_eq!(BreachForm::of(&ok).persons_estimate, "40");
    }
}
