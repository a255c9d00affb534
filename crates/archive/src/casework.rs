//! Casework (presa in carico): opening a case for a person (from the colloquio that took her
//! in charge, or from her page), closing and reopening it, the assessment, the personalised
//! plan's goals and reviews, the interventions with the comune's act, the meetings, the social
//! reports (written from a template, saved as versions, printed as PDF) and the deadlines of
//! every open case. The rules are the core's; every change is in the history.

use crate::archive::Archive;
use crate::error::{ArchiveError, Result};
use crate::records::{self, Entity};
use chrono::NaiveDate;
use sportello_core::document::Document;
use sportello_core::format::parse_date;
use sportello_core::model::{
    social_report_document, social_report_draft, CaseDeadline, CaseFile, CaseOpeningDraft,
    CaseOpeningForm, GoalForm, InterventionForm, MeetingForm, ReviewForm, SocialReport,
    SocialReportForm, SocialReportLine,
};
use sportello_core::{
    CaseId, ContactId, FormErrors, GoalId, InterventionId, MeetingId, PersonId, ReviewId,
    SocialReportId,
};
use uuid::Uuid;

/// What is recorded by mistake and can go to the bin: a goal, an intervention, a meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CasePart {
    Goal,
    Intervention,
    Meeting,
}

impl CasePart {
    fn entity(self) -> Entity {
        match self {
            CasePart::Goal => Entity::Goal,
            CasePart::Intervention => Entity::Intervention,
            CasePart::Meeting => Entity::Meeting,
        }
    }
}

fn day(field: &str, input: &str) -> Result<NaiveDate> {
    parse_date(input).map_err(|m| ArchiveError::Invalid(FormErrors::single(field, m)))
}

impl Archive {
    /// Opens a case for `person`; `contact` is the colloquio that took her in charge.
    pub fn open_case(
        &mut self,
        person: PersonId,
        contact: Option<ContactId>,
        form: &CaseOpeningForm,
        today: NaiveDate,
    ) -> Result<CaseId> {
        let opening = form.parse(today).map_err(ArchiveError::Invalid)?;
        self.write(|w| w.insert_case(Uuid::now_v7(), person, contact, &opening))
    }

    /// The opening form, prefilled from the colloquio that took her in charge (its date, who
    /// asked, its first area of need), or dated today.
    pub fn case_opening_draft(
        &self,
        person: PersonId,
        contact: Option<ContactId>,
        today: NaiveDate,
    ) -> Result<CaseOpeningDraft> {
        let mut form = CaseOpeningForm {
            opened_on: sportello_core::format::date(today),
            requested_by: sportello_core::Requester::ThePerson.code().into(),
            ..Default::default()
        };
        if let Some(contact) = contact {
            let c = self.contact(contact)?;
            if c.data.person != person {
                return Err(ArchiveError::RecordNotFound);
            }
            form.opened_on = sportello_core::format::date(c.data.date);
            if let Some(r) = c.data.requester {
                form.requested_by = r.code().into();
            }
            if let Some(a) = c.data.areas.first() {
                form.area = a.code().into();
            }
        }
        Ok(CaseOpeningDraft {
            form,
            person_name: records::person_name(&self.conn, person)?,
            open_case: self.open_case_of(person)?,
        })
    }

    /// Corrects the opening's details.
    pub fn update_case_opening(
        &mut self,
        id: CaseId,
        form: &CaseOpeningForm,
        today: NaiveDate,
    ) -> Result<()> {
        let opening = form.parse(today).map_err(ArchiveError::Invalid)?;
        self.write(|w| w.update_case_opening(id, &opening))
    }

    /// Closes the case on `closed_on` (dd/mm/yyyy, not after `today`) for `reason`.
    pub fn close_case(
        &mut self,
        id: CaseId,
        closed_on: &str,
        reason: &str,
        today: NaiveDate,
    ) -> Result<()> {
        let d = day("closed_on", closed_on);
        let d = match d {
            Ok(d) => d,
            Err(ArchiveError::Invalid(mut e)) => {
                if reason.trim().is_empty() {
                    e.add("close_reason", sportello_core::Msg::Required);
                }
                return Err(ArchiveError::Invalid(e));
            }
            Err(e) => return Err(e),
        };
        self.write(|w| w.close_case(id, d, reason, today))
    }

    /// Reopens a closed case on `reopened_on` for `reason`; the period that ended is kept.
    pub fn reopen_case(
        &mut self,
        id: CaseId,
        reopened_on: &str,
        reason: &str,
        today: NaiveDate,
    ) -> Result<()> {
        let d = day("reopened_on", reopened_on)?;
        self.write(|w| w.reopen_case(id, d, reason, today))
    }

    /// Moves a case opened by mistake to the bin.
    pub fn delete_case(&mut self, id: CaseId) -> Result<()> {
        self.write(|w| w.delete_case(id))
    }

    pub fn set_case_assessment(&mut self, id: CaseId, text: &str) -> Result<()> {
        self.write(|w| w.set_assessment(id, text))
    }

    pub fn add_goal(&mut self, case: CaseId, form: &GoalForm) -> Result<GoalId> {
        let goal = form.parse().map_err(ArchiveError::Invalid)?;
        self.write(|w| w.insert_goal(Uuid::now_v7(), case, &goal))
    }

    /// Records a review of a goal: what changed, reached or the next review.
    pub fn record_review(
        &mut self,
        goal: GoalId,
        form: &ReviewForm,
        today: NaiveDate,
    ) -> Result<ReviewId> {
        let review = form.parse(today).map_err(ArchiveError::Invalid)?;
        self.write(|w| w.insert_review(Uuid::now_v7(), goal, &review))
    }

    pub fn add_intervention(
        &mut self,
        case: CaseId,
        form: &InterventionForm,
    ) -> Result<InterventionId> {
        let i = form.parse().map_err(ArchiveError::Invalid)?;
        self.write(|w| w.insert_intervention(Uuid::now_v7(), case, &i))
    }

    pub fn update_intervention(
        &mut self,
        id: InterventionId,
        form: &InterventionForm,
    ) -> Result<()> {
        let i = form.parse().map_err(ArchiveError::Invalid)?;
        self.write(|w| w.update_intervention(id, &i))
    }

    pub fn add_meeting(
        &mut self,
        case: CaseId,
        form: &MeetingForm,
        today: NaiveDate,
    ) -> Result<MeetingId> {
        let m = form.parse(today).map_err(ArchiveError::Invalid)?;
        self.write(|w| w.insert_meeting(Uuid::now_v7(), case, &m))
    }

    /// Moves a goal, an intervention or a meeting recorded by mistake to the bin.
    pub fn delete_case_part(&mut self, part: CasePart, id: Uuid) -> Result<()> {
        self.write(|w| w.delete_case_part(part.entity(), &id.to_string()))
    }

    /// Everything a case records, with its deadlines on `today`. Opening it is noted in the
    /// access log, as her page is.
    pub fn case_file(&self, id: CaseId, today: NaiveDate) -> Result<CaseFile> {
        let file = records::case_file(&self.conn, id, today)?;
        self.log_access(file.person)?;
        Ok(file)
    }

    /// The person's open case, if any.
    pub fn open_case_of(&self, person: PersonId) -> Result<Option<CaseId>> {
        records::open_case_of(&self.conn, person)
    }

    /// The deadlines of every open case, soonest first (overdue ones marked).
    pub fn case_deadlines(&self, today: NaiveDate) -> Result<Vec<CaseDeadline>> {
        records::case_deadlines(&self.conn, today)
    }

    /// A new report's form: the template filled with what the case records, dated today.
    pub fn social_report_draft(&self, case: CaseId, today: NaiveDate) -> Result<SocialReportForm> {
        let file = self.case_file(case, today)?;
        Ok(SocialReportForm {
            addressee: String::new(),
            recipient: String::new(),
            subject: "Relazione sociale".into(),
            written_on: sportello_core::format::date(today),
            body: social_report_draft(&file),
        })
    }

    /// Saves a version: the first of a new report (`series` None) or the next of one.
    pub fn save_social_report(
        &mut self,
        case: CaseId,
        series: Option<Uuid>,
        form: &SocialReportForm,
    ) -> Result<(SocialReportId, u32)> {
        let report = form.parse().map_err(ArchiveError::Invalid)?;
        self.write(|w| w.insert_social_report(Uuid::now_v7(), case, series, &report))
    }

    /// One saved version with its text (noted in the access log).
    pub fn social_report(&self, id: SocialReportId) -> Result<SocialReport> {
        let report = records::social_report(&self.conn, id)?;
        let (person, _) = records::case_state(&self.conn, report.case)?;
        self.log_access(person)?;
        Ok(report)
    }

    /// Every version of a report, oldest first.
    pub fn social_report_versions(&self, series: Uuid) -> Result<Vec<SocialReportLine>> {
        records::report_versions(&self.conn, series)
    }

    /// The printable report of one version (its own date: the same version prints the same).
    pub fn social_report_paper(&self, id: SocialReportId) -> Result<Document> {
        let report = self.social_report(id)?;
        let (person, _) = records::case_state(&self.conn, report.case)?;
        let person = self.person(person)?;
        let residence = person
            .data
            .residence
            .as_deref()
            .and_then(|c| crate::comuni::list().get(c))
            .map(|c| c.label());
        Ok(social_report_document(
            &report,
            &person,
            residence.as_deref(),
            &self.desk_foot(report.line.written_on)?,
        ))
    }
}
