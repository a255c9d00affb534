//! Tests of the access export: what the review gives and withholds, in the JSON and on paper.

use super::*;
use crate::category::{
    Citizenship, Gender, ReferralKind, ReferralOutcome, Relation, RepresentativeKind,
};
use crate::ids::{AppointmentId, HouseholdLinkId, OutcomeId, PersonId, ReferralId, ServiceId};
use crate::model::{
    AttachedTo, Attachment, Birth, Identity, MediaType, NewAttachment, NewContact, NewOutcome,
    NewPerson, NewReferral, Outcome, Representative,
};
use crate::units::Minutes;
use chrono::NaiveTime;
use uuid::Uuid;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
}

const ASSESSED: ContactId = ContactId(Uuid::from_u128(10));
const OTHER: ContactId = ContactId(Uuid::from_u128(11));

fn contact(id: ContactId, day: NaiveDate, summary: &str) -> Contact {
    let person = PersonId(Uuid::from_u128(1));
    let services = vec![ServiceGiven::Listening, ServiceGiven::Referral];
    let basic = NewContact::basic(person, day, Minutes(40), services, vec![Area::Elderly]);
    Contact {
        id,
        data: NewContact {
            summary: summary.into(),
            ..basic
        },
    }
}

fn dossier() -> AccessDossier {
    let pid = PersonId(Uuid::from_u128(1));
    let person = Person {
        id: pid,
        data: NewPerson {
            identity: Identity::Named {
                surname: "Rossi".into(),
                name: "Maria".into(),
                codice_fiscale: None,
                birth: Some(Birth::Year(1970)),
            },
            phone: "333 1234567".into(),
            household_notes: "Nucleo di due persone.".into(),
            privacy_notice: Some(d(2026, 9, 1)),
            representatives: vec![Representative {
                kind: RepresentativeKind::Delegate,
                name: "Anna Bianchi".into(),
                contact: "anna@example.org".into(),
                note: String::new(),
            }],
            ..NewPerson::anonymous(
                Gender::Female,
                crate::AgeBand::Unknown,
                Citizenship::Italian,
            )
        },
    };
    let assessed = contact(ASSESSED, d(2026, 10, 5), "Affitto arretrato di tre mesi.");
    let assessed = Contact {
        data: NewContact {
            evaluation: "Situazione fragile, rischio sfratto.".into(),
            areas: vec![Area::Poverty],
            ..assessed.data
        },
        ..assessed
    };
    let other = contact(OTHER, d(2026, 11, 2), "Chiede notizie sui centri diurni.");
    let referral = Referral {
        id: ReferralId(Uuid::from_u128(20)),
        contact: ASSESSED,
        person: pid,
        person_name: "Rossi Maria".into(),
        date: d(2026, 10, 5),
        service_name: "CAF / patronato".into(),
        data: NewReferral {
            service: ServiceId(Uuid::from_u128(30)),
            kind: ReferralKind::Referral,
            reason: "Domanda di contributo affitto.".into(),
            protocol: String::new(),
            expected_reply: Some(d(2026, 10, 31)),
        },
        outcomes: vec![Outcome {
            id: OutcomeId(Uuid::from_u128(40)),
            data: NewOutcome {
                date: d(2026, 10, 20),
                outcome: ReferralOutcome::TakenInCharge,
                feedback: "Pratica aperta, manca l'ISEE.".into(),
            },
        }],
        operator: "Anna Rossi".into(),
    };
    AccessDossier {
        person,
        residence_label: None,
        household: vec![HouseholdMember {
            link: HouseholdLinkId(Uuid::from_u128(2)),
            member: PersonId(Uuid::from_u128(3)),
            display_name: "Rossi Luca".into(),
            relation: Relation::Child,
        }],
        contacts: vec![other, assessed],
        referrals: vec![referral],
        appointments: vec![AppointmentSummary {
            id: AppointmentId(Uuid::from_u128(50)),
            person: Some(pid),
            date: d(2026, 12, 1),
            start_time: NaiveTime::from_hms_opt(9, 30, 0).expect("valid time"),
            duration: Minutes(30),
            person_name: Some("Rossi Maria".into()),
            note: "Portare il contratto d'affitto.".into(),
            guest_name: String::new(),
            guest_phone: String::new(),
            cancelled: false,
            cancel_reason: String::new(),
            held: false,
            no_show: false,
        }],
        consents: Vec::new(),
        privacy_notice_version: None,
        retention_years: 10,
        controller: "Comune di Roccaverde".into(),
        processor: "Cooperativa sociale Il Ponte".into(),
        accesses: vec![RecordAccess {
            at: "2026-03-04T09:30:00.000Z".into(),
            operator: "Giulia Ferri".into(),
        }],
        documents: vec![
            document(50, AttachedTo::Person(pid), "isee-2026.pdf"),
            document(51, AttachedTo::Contact(ASSESSED), "sfratto-lettera.pdf"),
        ],
        cases: vec![a_case(pid)],
    }
}

/// A case with a goal, an intervention and a report's version.
fn a_case(person: PersonId) -> crate::model::CaseFile {
    use crate::model::{
        CaseOpening, CaseState, Deadline, DeadlineKind, Goal, Intervention, NewGoal,
        NewIntervention, SocialReportLine,
    };
    crate::model::CaseFile {
        id: crate::CaseId(Uuid::from_u128(70)),
        person,
        person_name: "Rossi Maria".into(),
        state: CaseState::opened(CaseOpening {
            opened_on: d(2026, 3, 10),
            reason: "Sfratto esecutivo con due minori".into(),
            requested_by: crate::Requester::ThePerson,
            area: crate::Area::Family,
            household: true,
            assegno_inclusione: false,
        }),
        earlier: vec![],
        assessment: "Rete familiare presente".into(),
        goals: vec![Goal {
            id: crate::GoalId(Uuid::from_u128(71)),
            data: NewGoal {
                goal: "Trovare casa".into(),
                actions: "Domanda ERP".into(),
                responsible: "La persona".into(),
                review_on: Some(d(2026, 12, 1)),
            },
            reached_on: None,
        }],
        reviews: vec![],
        interventions: vec![Intervention {
            id: crate::InterventionId(Uuid::from_u128(72)),
            data: NewIntervention {
                kind: crate::InterventionKind::Contribution,
                provider: "Comune".into(),
                from: d(2026, 4, 1),
                to: None,
                amount: Some(crate::Cents(45_000)),
                act_number: "Determina n. 45".into(),
                act_date: Some(d(2026, 3, 25)),
            },
        }],
        meetings: vec![],
        reports: vec![SocialReportLine {
            id: crate::SocialReportId(Uuid::from_u128(73)),
            series: Uuid::from_u128(73),
            version: 2,
            addressee: crate::ReportAddressee::Court,
            recipient: "Tribunale per i minorenni".into(),
            subject: "Aggiornamento sul nucleo".into(),
            written_on: d(2026, 9, 1),
            operator: None,
        }],
        deadlines: vec![Deadline {
            kind: DeadlineKind::PlanReview,
            due: d(2026, 12, 1),
            overdue: false,
            about: "Trovare casa".into(),
        }],
        opened_by: None,
    }
}

fn document(n: u128, attached_to: AttachedTo, file_name: &str) -> Attachment {
    Attachment {
        id: crate::ids::AttachmentId(Uuid::from_u128(n)),
        person: PersonId(Uuid::from_u128(1)),
        attached_to,
        data: NewAttachment {
            kind: crate::DocumentKind::Letter,
            date: d(2026, 10, 5),
            expiry: None,
            note: String::new(),
        },
        file_name: file_name.into(),
        media_type: MediaType::Pdf,
        size: 1000,
        sha256: "00".repeat(32),
        operator: "Anna Rossi".into(),
    }
}

fn today() -> NaiveDate {
    d(2026, 11, 24)
}

/// The JSON and the paper text of an export.
fn outputs(export: &AccessExport) -> [String; 2] {
    [
        serde_json::to_string(export).expect("serialisable"),
        export.document(today()).plain_text(),
    ]
}

#[test]
fn an_undecided_evaluation_is_refused() {
    let dossier = dossier();
    let mut review = AccessReview::new(&dossier);
    assert_eq!(review.undecided(&dossier), vec![ASSESSED]);
    let errors = apply_review(&dossier, &review, today()).expect_err("undecided");
    assert_eq!(
        errors.for_field("evaluations"),
        Some(&Msg::EvaluationUndecided { count: 1 })
    );
    // A colloquio withheld entirely needs no decision on its note.
    review.withheld_contacts.insert(ASSESSED);
    assert!(review.undecided(&dossier).is_empty());
    // The review travels as JSON (ids as string keys) and comes back the same.
    review.evaluations.insert(OTHER, false);
    let json = serde_json::to_string(&review).expect("serialisable");
    let back: AccessReview = serde_json::from_str(&json).expect("deserialisable");
    assert_eq!(back, review);
}

#[test]
fn by_default_third_parties_and_withheld_evaluations_stay_out() {
    let dossier = dossier();
    let mut review = AccessReview::new(&dossier);
    review.evaluations.insert(ASSESSED, false);
    let export = apply_review(&dossier, &review, today()).expect("decided");
    assert_eq!(
        export.withheld,
        AccessWithheld {
            third_parties: ThirdPartiesWithheld {
                household_members: 1,
                household_notes: true,
                service_feedback: 1,
                ..ThirdPartiesWithheld::default()
            },
            // The colloquio's note and the case's assessment.
            evaluations: 2,
        }
    );
    assert_eq!(export.contacts[0].id, ASSESSED, "oldest first");
    assert_eq!(export.recipients, vec!["CAF / patronato".to_string()]);
    for out in outputs(&export) {
        assert!(out.contains("Affitto arretrato di tre mesi."), "{out}");
        assert!(out.contains("Chiede notizie sui centri diurni."));
        assert!(out.contains("CAF / patronato"));
        assert!(out.contains("Anna Bianchi"), "representatives are given");
        assert!(!out.contains("rischio sfratto"), "{out}");
        assert!(!out.contains("Rossi Luca"));
        assert!(!out.contains("manca l'ISEE"));
        assert!(!out.contains("Nucleo di due persone"));
    }
    let [json, text] = outputs(&export);
    assert!(json.contains("\"generated_on\":\"2026-11-24\""), "{json}");
    assert!(json.contains("\"duration\":40"));
    assert!(json.contains("\"channel\":\"presenza\""));
    assert!(json.contains("\"evaluations\":2"));
    assert!(
        text.contains("Modalità: In presenza (allo sportello)"),
        "{text}"
    );
    assert!(text.contains("Aree: Povertà, disagio adulti e senza dimora"));
    assert!(text.contains("Componenti del nucleo familiare: 1"));
    assert!(text.contains("Valutazioni professionali degli operatori: 2"));
    assert!(text.contains("Note sul nucleo familiare: omesse"));
    assert!(text.contains("10 anni dall'ultimo colloquio"));
    // Her case is given: the opening, the plan, the intervention and its act, the reports.
    assert!(text.contains("Presa in carico dal 10/03/2026"), "{text}");
    assert!(text.contains("Sfratto esecutivo con due minori"));
    assert!(text.contains("Trovare casa"));
    assert!(text.contains("Determina n. 45 del 25/03/2026"));
    assert!(text.contains("Aggiornamento sul nucleo"));
    assert!(
        export.cases[0].deadlines.is_empty(),
        "the desk's reminders stay"
    );
    let doc = export.document(today());
    assert_eq!(doc.id, "ACC-00000001");
    assert_eq!(doc.issuer, "Comune di Roccaverde");
}

#[test]
fn what_she_includes_is_given() {
    let dossier = dossier();
    let review = AccessReview {
        evaluations: BTreeMap::from([(ASSESSED, true)]),
        include_household: true,
        include_household_notes: true,
        include_case_assessments: true,
        include_representatives: true,
        include_service_feedback: true,
        withheld_contacts: BTreeSet::new(),
    };
    let export = apply_review(&dossier, &review, today()).expect("decided");
    assert!(export.withheld.is_empty());
    for out in outputs(&export) {
        for shown in [
            "rischio sfratto",
            "Rossi Luca",
            "manca l'ISEE",
            "Nucleo di due persone",
            "Anna Bianchi",
        ] {
            assert!(out.contains(shown), "{shown}: {out}");
        }
    }
    let [_, text] = outputs(&export);
    assert!(text.contains("non è stata omessa alcuna informazione"));
    // Representatives can be withheld too.
    let review = AccessReview {
        include_representatives: false,
        ..review
    };
    let export = apply_review(&dossier, &review, today()).expect("decided");
    assert_eq!(export.withheld.third_parties.representatives, 1);
    assert!(outputs(&export).iter().all(|o| !o.contains("Anna Bianchi")));
}

#[test]
fn a_withheld_colloquio_goes_with_its_referrals() {
    let dossier = dossier();
    let mut review = AccessReview::new(&dossier);
    review.withheld_contacts.insert(ASSESSED);
    let export = apply_review(&dossier, &review, today()).expect("nothing to decide");
    assert_eq!(
        export.contacts.iter().map(|c| c.id).collect::<Vec<_>>(),
        vec![OTHER]
    );
    assert!(export.referrals.is_empty());
    assert!(export.recipients.is_empty());
    let t = export.withheld.third_parties;
    assert_eq!((t.contacts, t.referrals, t.service_feedback), (1, 1, 0));
    // No colloquio's note to withhold: only the case's assessment (by default).
    assert_eq!(export.withheld.evaluations, 1);
    // The document of the withheld colloquio goes with it; hers stays.
    assert_eq!(t.documents, 1);
    assert_eq!(
        export
            .documents
            .iter()
            .map(|d| d.file_name.as_str())
            .collect::<Vec<_>>(),
        ["isee-2026.pdf"]
    );
    for out in outputs(&export) {
        assert!(out.contains("Chiede notizie sui centri diurni."));
        assert!(out.contains("isee-2026.pdf"));
        for hidden in [
            "Affitto arretrato",
            "rischio sfratto",
            "CAF / patronato",
            "sfratto-lettera",
        ] {
            assert!(!out.contains(hidden), "{hidden}: {out}");
        }
    }
    let [_, text] = outputs(&export);
    assert!(text.contains("Colloqui che riguardano altre persone: 1"));
    assert!(text.contains("Invii ai servizi fatti in quei colloqui: 1"));
    assert!(text.contains("Documenti allegati a quei colloqui: 1"));
    assert!(text.contains("Destinatari: nessuno"));
}
