//! The colloquio the durable-save benchmarks write (`daily`, `encryption`): the same request
//! in both, so their figures compare.

use crate::large::end;
use sportello_core::ipc::SaveContactRequest;
use sportello_core::model::ContactForm;
use sportello_core::PersonId;

/// A colloquio of `person` with two services, an area and a referral: a durable save.
pub fn colloquio(person: PersonId, service: &str) -> SaveContactRequest {
    SaveContactRequest {
        appointment: None,
        id: None,
        person: Some(person),
        anonymous: None,
        form: ContactForm {
            services: vec!["ascolto".into(), "informazione".into()],
            areas: vec!["POV".into()],
            summary: "Colloquio di prova del benchmark.".into(),
            // The same day again and again: the week goes past the cap, so the note is given.
            cap_note: "Prova del benchmark oltre il tetto settimanale.".into(),
            referrals: vec![sportello_core::model::ReferralForm {
                service: service.to_string(),
                ..Default::default()
            }],
            ..ContactForm::new_at(end(), chrono::NaiveTime::MIN, None)
        },
    }
}
