//! *Presa in carico*: the case page's commands (open, close, reopen, the assessment, goals and
//! reviews, interventions, meetings, social reports and their PDF) and the deadlines of the
//! open cases. Each only passes the form to the archive.

use super::hours::{choose_path, write};
use crate::state::{CommandResult, Desk};
use serde::Deserialize;
use sportello_archive::casework::CasePart;
use sportello_core::model::{
    CaseDeadline, CaseFile, CaseOpeningDraft, CaseOpeningForm, GoalForm, InterventionForm,
    MeetingForm, ReviewForm, SocialReport, SocialReportForm, SocialReportLine,
};
use sportello_core::{
    CaseId, ContactId, GoalId, InterventionId, MeetingId, PersonId, ReviewId, SocialReportId,
};
use tauri::{AppHandle, State};
use uuid::Uuid;

#[derive(Debug, Deserialize)]
pub struct OpenCaseRequest {
    pub person: PersonId,
    pub contact: Option<ContactId>,
    pub form: CaseOpeningForm,
}

#[derive(Debug, Deserialize)]
pub struct CaseStepRequest {
    pub id: CaseId,
    /// dd/mm/yyyy
    pub day: String,
    pub reason: String,
}

#[derive(Debug, Deserialize)]
pub struct SaveReportRequest {
    pub case: CaseId,
    /// The report a new version belongs to; none for a new report.
    pub series: Option<Uuid>,
    pub form: SocialReportForm,
}

#[tauri::command]
pub fn case_opening_draft(
    desk: State<'_, Desk>,
    person: PersonId,
    contact: Option<ContactId>,
) -> CommandResult<CaseOpeningDraft> {
    desk.read(|a, today, _| a.case_opening_draft(person, contact, today))
}

#[tauri::command]
pub fn open_case(desk: State<'_, Desk>, request: OpenCaseRequest) -> CommandResult<CaseId> {
    desk.write(|a, today| a.open_case(request.person, request.contact, &request.form, today))
}

#[tauri::command]
pub fn update_case_opening(
    desk: State<'_, Desk>,
    id: CaseId,
    form: CaseOpeningForm,
) -> CommandResult<()> {
    desk.write(|a, today| a.update_case_opening(id, &form, today))
}

#[tauri::command]
pub fn case_file(desk: State<'_, Desk>, id: CaseId) -> CommandResult<CaseFile> {
    desk.read(|a, today, _| a.case_file(id, today))
}

#[tauri::command]
pub fn close_case(desk: State<'_, Desk>, request: CaseStepRequest) -> CommandResult<()> {
    desk.write(|a, today| a.close_case(request.id, &request.day, &request.reason, today))
}

#[tauri::command]
pub fn reopen_case(desk: State<'_, Desk>, request: CaseStepRequest) -> CommandResult<()> {
    desk.write(|a, today| a.reopen_case(request.id, &request.day, &request.reason, today))
}

#[tauri::command]
pub fn delete_case(desk: State<'_, Desk>, id: CaseId) -> CommandResult<()> {
    desk.write(|a, _| a.delete_case(id))
}

#[tauri::command]
pub fn set_case_assessment(desk: State<'_, Desk>, id: CaseId, text: String) -> CommandResult<()> {
    desk.write(|a, _| a.set_case_assessment(id, &text))
}

#[tauri::command]
pub fn add_goal(desk: State<'_, Desk>, case: CaseId, form: GoalForm) -> CommandResult<GoalId> {
    desk.write(|a, _| a.add_goal(case, &form))
}

#[tauri::command]
pub fn record_review(
    desk: State<'_, Desk>,
    goal: GoalId,
    form: ReviewForm,
) -> CommandResult<ReviewId> {
    desk.write(|a, today| a.record_review(goal, &form, today))
}

#[tauri::command]
pub fn add_intervention(
    desk: State<'_, Desk>,
    case: CaseId,
    form: InterventionForm,
) -> CommandResult<InterventionId> {
    desk.write(|a, _| a.add_intervention(case, &form))
}

#[tauri::command]
pub fn update_intervention(
    desk: State<'_, Desk>,
    id: InterventionId,
    form: InterventionForm,
) -> CommandResult<()> {
    desk.write(|a, _| a.update_intervention(id, &form))
}

#[tauri::command]
pub fn add_meeting(
    desk: State<'_, Desk>,
    case: CaseId,
    form: MeetingForm,
) -> CommandResult<MeetingId> {
    desk.write(|a, today| a.add_meeting(case, &form, today))
}

#[tauri::command]
pub fn delete_case_part(desk: State<'_, Desk>, part: CasePart, id: Uuid) -> CommandResult<()> {
    desk.write(|a, _| a.delete_case_part(part, id))
}

#[tauri::command]
pub fn case_deadlines(desk: State<'_, Desk>) -> CommandResult<Vec<CaseDeadline>> {
    desk.read(|a, today, _| a.case_deadlines(today))
}

#[tauri::command]
pub fn social_report_draft(desk: State<'_, Desk>, case: CaseId) -> CommandResult<SocialReportForm> {
    desk.read(|a, today, _| a.social_report_draft(case, today))
}

/// Saves a version; its id and number.
#[tauri::command]
pub fn save_social_report(
    desk: State<'_, Desk>,
    request: SaveReportRequest,
) -> CommandResult<(SocialReportId, u32)> {
    desk.write(|a, _| a.save_social_report(request.case, request.series, &request.form))
}

#[tauri::command]
pub fn social_report(desk: State<'_, Desk>, id: SocialReportId) -> CommandResult<SocialReport> {
    desk.read(|a, _, _| a.social_report(id))
}

#[tauri::command]
pub fn social_report_versions(
    desk: State<'_, Desk>,
    series: Uuid,
) -> CommandResult<Vec<SocialReportLine>> {
    desk.read(|a, _, _| a.social_report_versions(series))
}

/// Saves one version's PDF where she chooses; the path, or nothing when she cancels. The
/// file's name says nothing of the person.
#[tauri::command]
pub async fn save_social_report_pdf(
    app: AppHandle,
    desk: State<'_, Desk>,
    id: SocialReportId,
) -> CommandResult<Option<String>> {
    let doc = desk.read(|a, _, _| a.social_report_paper(id))?;
    let Some(path) = choose_path(&app, &format!("relazione-sociale-{}.pdf", doc.id)) else {
        return Ok(None);
    };
    write(&path, &sportello_report::document_pdf(&doc))
}
