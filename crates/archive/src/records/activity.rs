//! The plain rows the activity report is computed from: the colloqui of a period (of live
//! persons, not in the bin), the persons they concern, the referrals made and the appointments
//! booked in it. Names, codes and free text are never read here: only categories and dates.

use super::{collect, date_text, get_code, get_date, get_opt_code, get_opt_date};
use crate::error::Result;
use chrono::NaiveDate;
use rusqlite::{params, Connection};
use sportello_core::stats::activity::{AppointmentRow, Birth, ContactRow, PersonRow, ReferralRow};
use sportello_core::{
    AgeBand, Area, Channel, Citizenship, ContactOutcome, Gender, ReferralOutcome, RequestType,
    Requester, SentBy, ServiceGiven,
};

const LIVE_CONTACT_IN_PERIOD: &str =
    "c.deleted_at IS NULL AND p.deleted_at IS NULL AND c.date BETWEEN ?1 AND ?2";

pub(crate) fn contact_rows(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<ContactRow>> {
    // One pass over the period's colloqui (by the date index); services and areas through
    // their primary keys.
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT c.id, c.person_id, c.date, c.channel, c.request_type, c.homeless, c.requester,
                c.sent_by, c.outcome, c.unmet_area,
                (SELECT group_concat(service, ' ') FROM contact_service WHERE contact_id = c.id),
                (SELECT group_concat(area, ' ') FROM contact_area WHERE contact_id = c.id)
         FROM contact c JOIN person p ON p.id = c.person_id
         WHERE {LIVE_CONTACT_IN_PERIOD}
         ORDER BY c.date, c.id"
    ))?;
    let rows = stmt.query_map(params![date_text(from), date_text(to)], |r| {
        let codes = |i: usize| -> rusqlite::Result<Vec<String>> {
            let text: Option<String> = r.get(i)?;
            Ok(text
                .unwrap_or_default()
                .split_whitespace()
                .map(str::to_owned)
                .collect())
        };
        let mut services: Vec<ServiceGiven> = codes(10)?
            .iter()
            .map(|c| ServiceGiven::from_code(c).ok_or_else(|| bad_code(10, c)))
            .collect::<rusqlite::Result<_>>()?;
        services.sort();
        let mut areas: Vec<Area> = codes(11)?
            .iter()
            .map(|c| Area::from_code(c).ok_or_else(|| bad_code(11, c)))
            .collect::<rusqlite::Result<_>>()?;
        areas.sort();
        Ok(ContactRow {
            id: r.get(0)?,
            person_id: r.get(1)?,
            date: get_date(r, 2)?,
            channel: get_code(r, 3, Channel::from_code)?,
            services,
            areas,
            request_type: get_opt_code(r, 4, RequestType::from_code)?,
            homeless: r.get(5)?,
            requester: get_opt_code(r, 6, Requester::from_code)?,
            sent_by: get_opt_code(r, 7, SentBy::from_code)?,
            outcome: get_opt_code(r, 8, ContactOutcome::from_code)?,
            unmet_area: get_opt_code(r, 9, Area::from_code)?,
        })
    })?;
    collect(rows)
}

fn bad_code(index: usize, code: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        index,
        rusqlite::types::Type::Text,
        format!("unknown code {code:?}").into(),
    )
}

/// The persons with a colloquio in the period; `known_before`: one before it too. The name of
/// the comune of residence comes from `comune_name`.
pub(crate) fn person_rows(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
    comune_name: &dyn Fn(&str) -> String,
) -> Result<Vec<PersonRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.id, p.anonymous, p.gender, p.birth_date, p.birth_year, p.age_band,
                p.citizenship, p.residence,
                EXISTS (SELECT 1 FROM contact k
                        WHERE k.person_id = p.id AND k.deleted_at IS NULL AND k.date < ?1)
         FROM (SELECT DISTINCT person_id AS id FROM contact
               WHERE deleted_at IS NULL AND date BETWEEN ?1 AND ?2) seen
         JOIN person p ON p.id = seen.id
         WHERE p.deleted_at IS NULL
         ORDER BY p.id",
    )?;
    let rows = stmt.query_map(params![date_text(from), date_text(to)], |r| {
        let birth_date = get_opt_date(r, 3)?;
        let birth_year: Option<i32> = r.get(4)?;
        let band = get_opt_code(r, 5, AgeBand::from_code)?;
        let birth = match (birth_date, birth_year, band) {
            (Some(d), _, _) => Birth::Date(d),
            (None, Some(y), _) => Birth::Year(y),
            (None, None, Some(b)) => Birth::Band(b),
            _ => Birth::Unknown,
        };
        let residence: Option<String> = r.get(7)?;
        Ok(PersonRow {
            id: r.get(0)?,
            anonymous: r.get(1)?,
            gender: get_code(r, 2, Gender::from_code)?,
            birth,
            citizenship: get_code(r, 6, Citizenship::from_code)?,
            residence: residence.map(|code| {
                let name = comune_name(&code);
                (code, name)
            }),
            known_before: r.get(8)?,
        })
    })?;
    collect(rows)
}

/// Referrals made in the period (dated by their colloquio), with the latest outcome and
/// whether the receiving service replied.
pub(crate) fn referral_rows(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<ReferralRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT r.id, c.date, r.service_id, s.name, r.expected_reply,
                (SELECT o.outcome FROM referral_outcome o
                 WHERE o.referral_id = r.id AND o.deleted_at IS NULL
                 ORDER BY o.date DESC, o.created_at DESC, o.id DESC LIMIT 1),
                EXISTS (SELECT 1 FROM referral_outcome o
                        WHERE o.referral_id = r.id AND o.deleted_at IS NULL AND o.feedback <> '')
         FROM referral r JOIN contact c ON c.id = r.contact_id JOIN person p ON p.id = c.person_id
              JOIN service s ON s.id = r.service_id
         WHERE r.deleted_at IS NULL AND {LIVE_CONTACT_IN_PERIOD}
         ORDER BY c.date, r.id"
    ))?;
    let rows = stmt.query_map(params![date_text(from), date_text(to)], |r| {
        Ok(ReferralRow {
            id: r.get(0)?,
            date: get_date(r, 1)?,
            service_id: r.get(2)?,
            service_name: r.get(3)?,
            expected_reply: get_opt_date(r, 4)?,
            outcome: get_opt_code(r, 5, ReferralOutcome::from_code)?,
            feedback: r.get(6)?,
        })
    })?;
    collect(rows)
}

/// Appointments booked for a day of the period (of persons not in the bin).
pub(crate) fn appointment_rows(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<AppointmentRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT a.id, a.date,
                EXISTS (SELECT 1 FROM contact k WHERE k.id = a.contact_id AND k.deleted_at IS NULL),
                a.cancelled_at IS NOT NULL
         FROM appointment a LEFT JOIN person p ON p.id = a.person_id
         WHERE a.date BETWEEN ?1 AND ?2 AND (p.id IS NULL OR p.deleted_at IS NULL)
         ORDER BY a.date, a.id",
    )?;
    let rows = stmt.query_map(params![date_text(from), date_text(to)], |r| {
        Ok(AppointmentRow {
            id: r.get(0)?,
            date: get_date(r, 1)?,
            held: r.get(2)?,
            cancelled: r.get(3)?,
        })
    })?;
    collect(rows)
}

/// The days of the period with at least one colloquio.
pub(crate) fn days_with_contacts(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<NaiveDate>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT DISTINCT c.date FROM contact c JOIN person p ON p.id = c.person_id
         WHERE {LIVE_CONTACT_IN_PERIOD} ORDER BY c.date"
    ))?;
    let rows = stmt.query_map(params![date_text(from), date_text(to)], |r| get_date(r, 0))?;
    collect(rows)
}

/// The records behind a figure, for the app's list: colloqui, persons, referrals or
/// appointments by id, each with its person and date.
pub(crate) fn traced_records(
    conn: &Connection,
    unit: sportello_core::stats::activity::Unit,
    ids: &[String],
) -> Result<Vec<sportello_core::ipc::TracedRecord>> {
    use sportello_core::ipc::TracedRecord;
    use sportello_core::stats::activity::Unit;
    use sportello_core::{Lang, PersonId};
    let sql = match unit {
        Unit::Contacts => {
            "SELECT c.person_id, p.anonymous, p.surname, p.name, c.date, c.channel
             FROM contact c JOIN person p ON p.id = c.person_id WHERE c.id = ?1"
        }
        Unit::Persons => {
            "SELECT p.id, p.anonymous, p.surname, p.name, NULL, NULL FROM person p WHERE p.id = ?1"
        }
        Unit::Referrals => {
            "SELECT c.person_id, p.anonymous, p.surname, p.name, c.date, s.name
             FROM referral r JOIN contact c ON c.id = r.contact_id
                  JOIN person p ON p.id = c.person_id JOIN service s ON s.id = r.service_id
             WHERE r.id = ?1"
        }
        Unit::Appointments => {
            "SELECT a.person_id, coalesce(p.anonymous, 0), p.surname, p.name, a.date, a.start_time
             FROM appointment a LEFT JOIN person p ON p.id = a.person_id WHERE a.id = ?1"
        }
        Unit::Cases => {
            "SELECT k.person_id, p.anonymous, p.surname, p.name, k.opened_on, k.area
             FROM case_file k JOIN person p ON p.id = k.person_id WHERE k.id = ?1"
        }
        Unit::Interventions => {
            "SELECT k.person_id, p.anonymous, p.surname, p.name, i.from_date, i.kind
             FROM case_intervention i JOIN case_file k ON k.id = i.case_id
                  JOIN person p ON p.id = k.person_id WHERE i.id = ?1"
        }
    };
    let mut stmt = conn.prepare_cached(sql)?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let row = stmt.query_row([id], |r| {
            let person: Option<String> = r.get(0)?;
            let person = person.and_then(|p| p.parse().ok()).map(PersonId);
            let person_name = match person {
                Some(pid) if r.get::<_, Option<String>>(2)?.is_some() || r.get::<_, bool>(1)? => {
                    super::listed_name(r, pid, 1, 2, 3)?
                }
                _ => String::new(),
            };
            let date = super::get_opt_date(r, 4)?;
            let detail = match unit {
                Unit::Contacts => format!(
                    "Colloquio · {}",
                    get_code(r, 5, Channel::from_code)?.label(Lang::It)
                ),
                Unit::Persons => "Persona".to_owned(),
                Unit::Referrals => format!("Invio a {}", r.get::<_, String>(5)?),
                Unit::Appointments => {
                    format!("Appuntamento alle {}", r.get::<_, String>(5)?)
                }
                Unit::Cases => format!(
                    "Presa in carico · {}",
                    get_code(r, 5, sportello_core::Area::from_code)?.label(Lang::It)
                ),
                Unit::Interventions => format!(
                    "Intervento · {}",
                    get_code(r, 5, sportello_core::InterventionKind::from_code)?.label(Lang::It)
                ),
            };
            Ok(TracedRecord {
                person,
                person_name,
                date,
                detail,
            })
        });
        match row {
            Ok(record) => out.push(record),
            Err(rusqlite::Error::QueryReturnedNoRows) => {}
            Err(e) => return Err(crate::store::map_damage(e)),
        }
    }
    Ok(out)
}
