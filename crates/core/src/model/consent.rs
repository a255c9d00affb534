//! Specific consents (consensi): asked only where the desk goes beyond its public task — data
//! passed to a private body, contact by SMS, messaging or email, a third person present at the
//! colloquio. Each is dated and revocable; a referral to a private body without a consent in
//! force is warned about, not blocked (the operator may have it on paper, or ask then).

use super::{optional_text, parse_past_date, required_code};
use crate::category::ConsentKind;
use crate::ids::ConsentId;
use crate::messages::{FormErrors, Msg};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A consent as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Consent {
    pub id: ConsentId,
    pub kind: ConsentKind,
    pub given_on: NaiveDate,
    pub revoked_on: Option<NaiveDate>,
    pub note: String,
}

impl Consent {
    /// In force on `day`: given by then and not revoked by then.
    pub fn in_force_on(&self, day: NaiveDate) -> bool {
        self.given_on <= day && self.revoked_on.is_none_or(|r| r > day)
    }
}

/// A new consent, parsed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewConsent {
    pub kind: ConsentKind,
    pub given_on: NaiveDate,
    pub note: String,
}

/// A consent as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentForm {
    pub kind: String,
    pub given_on: String,
    pub note: String,
}

impl ConsentForm {
    pub fn parse(&self, today: NaiveDate) -> Result<NewConsent, FormErrors> {
        let mut e = FormErrors::default();
        let kind = e.check("kind", required_code(&self.kind, ConsentKind::from_code));
        let given_on = e.check("given_on", parse_past_date(&self.given_on, today));
        let note = e.check("note", optional_text(&self.note, 500));
        match (kind, given_on, note) {
            (Some(kind), Some(given_on), Some(note)) if e.is_empty() => Ok(NewConsent {
                kind,
                given_on,
                note,
            }),
            _ => Err(e),
        }
    }
}

/// The day a consent is revoked, as typed: not in the future, not before it was given.
pub fn parse_revocation(
    input: &str,
    given_on: NaiveDate,
    today: NaiveDate,
) -> Result<NaiveDate, Msg> {
    let day = parse_past_date(input, today)?;
    if day < given_on {
        Err(Msg::RevokedBeforeGiven)
    } else {
        Ok(day)
    }
}

/// Whether a referral on `day` to a private body lacks the consent to pass data to private
/// bodies: the latest such consent given by then decides (two records merged may bring an
/// older consent never revoked beside a later revocation).
pub fn private_referral_lacks_consent(consents: &[Consent], day: NaiveDate) -> bool {
    !consents
        .iter()
        .filter(|c| c.kind == ConsentKind::ThirdSector && c.given_on <= day)
        .max_by_key(|c| c.given_on)
        .is_some_and(|latest| latest.in_force_on(day))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    fn consent(kind: ConsentKind, given: NaiveDate, revoked: Option<NaiveDate>) -> Consent {
        Consent {
            id: ConsentId(uuid::Uuid::nil()),
            kind,
            given_on: given,
            revoked_on: revoked,
            note: String::new(),
        }
    }

    #[test]
    fn a_consent_is_in_force_from_its_day_until_revoked() {
        let c = consent(ConsentKind::ThirdSector, d(2026, 3, 1), Some(d(2026, 6, 1)));
        assert!(!c.in_force_on(d(2026, 2, 28)));
        assert!(c.in_force_on(d(2026, 3, 1)));
        assert!(c.in_force_on(d(2026, 5, 31)));
        assert!(!c.in_force_on(d(2026, 6, 1)));
    }

    #[test]
    fn a_private_referral_needs_the_third_sector_consent_in_force() {
        let day = d(2026, 4, 1);
        assert!(private_referral_lacks_consent(&[], day));
        let sms = consent(ConsentKind::Sms, d(2026, 1, 1), None);
        assert!(private_referral_lacks_consent(
            std::slice::from_ref(&sms),
            day
        ));
        let revoked = consent(ConsentKind::ThirdSector, d(2026, 1, 1), Some(d(2026, 3, 1)));
        assert!(private_referral_lacks_consent(&[sms.clone(), revoked], day));
        let given = consent(ConsentKind::ThirdSector, d(2026, 1, 1), None);
        assert!(!private_referral_lacks_consent(&[sms, given.clone()], day));
        // An older consent, never revoked, beside a later one revoked: the later decides.
        let older = consent(ConsentKind::ThirdSector, d(2025, 1, 1), None);
        let later_revoked = consent(ConsentKind::ThirdSector, d(2026, 1, 1), Some(d(2026, 2, 1)));
        assert!(private_referral_lacks_consent(&[older, later_revoked], day));
    }

    #[test]
    fn the_form_needs_a_kind_and_a_past_date() {
        let today = d(2026, 11, 26);
        let e = ConsentForm::default().parse(today).expect_err("empty");
        assert_eq!(e.for_field("kind"), Some(&Msg::Required));
        assert_eq!(e.for_field("given_on"), Some(&Msg::Required));
        let future = ConsentForm {
            kind: "sms".into(),
            given_on: "27/11/2026".into(),
            note: String::new(),
        };
        assert_eq!(
            future
                .parse(today)
                .expect_err("future")
                .for_field("given_on"),
            Some(&Msg::DateInFuture)
        );
        let ok = ConsentForm {
            kind: "terzo_settore".into(),
            given_on: "20/11/2026".into(),
            note: "firmato su modulo".into(),
        }
        .parse(today)
        .expect("parsed");
        assert_eq!(ok.kind, ConsentKind::ThirdSector);
        assert_eq!(
            parse_revocation("19/11/2026", ok.given_on, today),
            Err(Msg::RevokedBeforeGiven)
        );
        assert_eq!(
            parse_revocation("21/11/2026", ok.given_on, today),
            Ok(d(2026, 11, 21))
        );
    }
}
