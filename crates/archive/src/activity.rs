//! The activity report through the archive: the rows of a period, its figures, and the report
//! log that keeps each report as printed (so it regenerates to the same bytes, and a
//! recomputation says whether the records have changed since).

use crate::archive::{sha256_hex, Archive};
use crate::error::{ArchiveError, Result};
use crate::hours::{calendar_of, short_id};
use crate::job::{Job, Stage};
use crate::records;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use sportello_core::ipc::{SaveActivityRequest, TraceRequest, TraceView};
use sportello_core::statement::DocumentInfo;
use sportello_core::stats::activity::DeskTime;
pub use sportello_core::stats::ActivityReport;
use sportello_core::stats::{
    compute, narrative, observatory, ActivityFigures, ActivityInput, Period,
};
use sportello_core::{CommunityKind, FormErrors, Lang, Msg, TimeKind};
use std::collections::{BTreeSet, HashMap};

/// The setting that names the desk's comune by its cadastral code (its residents are counted
/// apart); without it, the contract's comune is looked up by name.
pub const COMUNE_CODE_SETTING: &str = "comune_code";
/// The comune's coat of arms, the SHA-256 of a PNG kept in `image` (empty: none).
pub const LOGO_SETTING: &str = "comune_logo_sha256";
/// The largest coat of arms kept (as `sportello_report::logo::MAX_LOGO_BYTES`).
const MAX_LOGO_BYTES: usize = 512 * 1024;

/// The longest summary or section a report keeps, in characters.
const MAX_TEXT: usize = 8000;

/// The titles of the yearly report's own sections, in order.
pub const YEARLY_SECTIONS: [&str; 4] = [
    "Attività svolte",
    "Lavoro di rete",
    "Bisogni osservati",
    "Proposte",
];

#[derive(Serialize, Deserialize)]
struct Options {
    period: Period,
    threshold: u64,
    /// The counting rules' version: 2 counts a running period's planned sessions only up to
    /// the day of the report (reports logged without it used 1); 3 adds the casework tables.
    #[serde(default = "first_rules")]
    rules: u32,
}

/// The counting rules of the reports logged now.
const RULES: u32 = 3;

fn first_rules() -> u32 {
    1
}

impl Archive {
    /// The desk's comune (cadastral code): the setting, or the contract's comune found by name,
    /// or else the comune most persons live in.
    pub fn desk_comune(&self) -> Result<Option<String>> {
        if let Some(code) =
            records::setting(&self.conn, COMUNE_CODE_SETTING)?.filter(|c| !c.is_empty())
        {
            return Ok(Some(code));
        }
        if let Some(contract) = self.contracts()?.last() {
            let name = contract.terms.comune.trim();
            let name = name.strip_prefix("Comune di ").unwrap_or(name);
            if let Some(code) = crate::comuni::unique_by_name(name) {
                return Ok(Some(code));
            }
        }
        records::most_common_residence(&self.conn)
    }

    /// The contract years begun by `today`, of every contract, the latest first, as report
    /// periods (a year cut short by the contract's start or end is cut short here too).
    pub fn contract_year_periods(&self, today: NaiveDate) -> Result<Vec<Period>> {
        let mut periods = Vec::new();
        for contract in self.contracts()? {
            let terms = &contract.terms;
            let end_of_contract = terms.end.succ_opt().unwrap_or(terms.end);
            let mut day = terms.start;
            while day <= terms.end && day <= today {
                let year = terms.year_containing(day);
                let from = year.start.max(terms.start);
                let to = year.end.min(end_of_contract);
                if let Ok(p) = Period::contract_year(from, to) {
                    periods.push(p);
                }
                if year.end <= day {
                    break;
                }
                day = year.end;
            }
        }
        periods.sort_by_key(|p| std::cmp::Reverse((p.from, p.to)));
        periods.dedup();
        Ok(periods)
    }

    /// The desk's comune as set, or else as guessed, and its coat of arms.
    pub fn comune_settings(&self) -> Result<DeskComune> {
        let set = records::setting(&self.conn, COMUNE_CODE_SETTING)?.filter(|c| !c.is_empty());
        let guessed = match set {
            Some(_) => None,
            None => self.desk_comune()?,
        };
        Ok(DeskComune {
            set,
            guessed,
            logo_png: self.comune_logo()?,
        })
    }

    /// Names the desk's comune by its cadastral code (its residents are counted apart).
    pub fn set_desk_comune(&mut self, code: &str) -> Result<String> {
        let code = code.trim().to_uppercase();
        // Empty: no code set; the desk's comune is guessed again.
        if code.is_empty() {
            self.write(|w| w.set_setting(COMUNE_CODE_SETTING, ""))?;
            return Ok(String::new());
        }
        let Some(comune) = crate::comuni::list().get(&code) else {
            return Err(ArchiveError::Rejected(format!(
                "Codice catastale «{code}» sconosciuto: è la lettera e le tre cifre del codice fiscale del comune (es. H501 per Roma)."
            )));
        };
        let label = comune.label();
        self.write(|w| w.set_setting(COMUNE_CODE_SETTING, &code))?;
        Ok(label)
    }

    /// The comune's coat of arms (PNG bytes) for the activity report's heading, if set.
    pub fn comune_logo(&self) -> Result<Option<Vec<u8>>> {
        Ok(self.comune_logo_with_hash()?.map(|(_, png)| png))
    }

    /// The coat of arms set now: its SHA-256 and its bytes.
    fn comune_logo_with_hash(&self) -> Result<Option<(String, Vec<u8>)>> {
        let Some(hash) = records::setting(&self.conn, LOGO_SETTING)?.filter(|h| !h.is_empty())
        else {
            return Ok(None);
        };
        Ok(self.image(&hash)?.map(|png| (hash, png)))
    }

    /// A kept image by its SHA-256, checked against it.
    fn image(&self, hash: &str) -> Result<Option<Vec<u8>>> {
        match records::image(&self.conn, hash)? {
            Some(png) if sha256_hex(&png) == hash => Ok(Some(png)),
            Some(_) => Err(ArchiveError::DatabaseDamaged(
                "un'immagine non corrisponde alla sua impronta".into(),
            )),
            None => Ok(None),
        }
    }

    /// Sets (or, with `None`, removes) the coat of arms. The shell and the CLI check that the
    /// image decodes (`sportello_report::Logo`); here only that it is a PNG of a sane size.
    pub fn set_comune_logo(&mut self, png: Option<&[u8]>) -> Result<()> {
        const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
        let value = match png {
            None => String::new(),
            Some(bytes) if !bytes.starts_with(PNG_SIGNATURE) => {
                return Err(ArchiveError::Rejected(
                    "Lo stemma deve essere un'immagine PNG: questo file non lo è o è danneggiato."
                        .into(),
                ))
            }
            Some(bytes) if bytes.len() > MAX_LOGO_BYTES => {
                return Err(ArchiveError::Rejected(
                    "Lo stemma è troppo grande: al massimo 512 KB e 2000 pixel per lato.".into(),
                ))
            }
            Some(bytes) => sha256_hex(bytes),
        };
        // The image is kept once, by its SHA-256, and never removed (a logged report that
        // printed it regenerates with it); the setting and its history hold only the hash.
        self.write(|w| {
            if let Some(bytes) = png {
                w.insert_image(&value, bytes)?;
            }
            w.set_setting(LOGO_SETTING, &value)
        })
    }

    /// The plain rows of a period, as the figures need them (`as_of`: the day the report is
    /// made, for referrals overdue and appointments still to come).
    pub fn activity_input(&self, period: Period, as_of: NaiveDate) -> Result<ActivityInput> {
        // One snapshot for every query, whatever is saved meanwhile.
        let _snapshot = self.conn.unchecked_transaction()?;
        self.activity_input_in(period, as_of, &Job::new())
    }

    fn activity_input_in(
        &self,
        period: Period,
        as_of: NaiveDate,
        job: &Job,
    ) -> Result<ActivityInput> {
        let (from, to) = (period.from, period.to);
        let names = crate::comuni::list();
        let comune_name = |code: &str| {
            names
                .get(code)
                .map_or_else(|| code.to_owned(), |c| c.label())
        };
        job.step(2, Stage::Persons)?;
        let desk_comune = job.checked(self.desk_comune())?;
        let persons = job.checked(records::person_rows(&self.conn, from, to, &comune_name))?;
        job.step(20, Stage::Contacts)?;
        let contacts = job.checked(records::contact_rows(&self.conn, from, to))?;
        job.step(50, Stage::Referrals)?;
        let referrals = job.checked(records::referral_rows(&self.conn, from, to))?;
        job.step(62, Stage::Appointments)?;
        let appointments = job.checked(records::appointment_rows(&self.conn, from, to))?;
        job.step(65, Stage::DeskTime)?;
        let desk = job.checked(self.desk_time(from, to, as_of))?;
        let cases = job.checked(records::case_rows(&self.conn, from, to))?;
        let interventions = job.checked(records::intervention_rows(&self.conn, from, to))?;
        Ok(ActivityInput {
            cases,
            interventions,
            period,
            as_of,
            desk_comune,
            persons,
            contacts,
            referrals,
            appointments,
            desk,
        })
    }

    /// Opening sessions planned and held, and the time delivered, from `from` to `to`; the
    /// sessions planned only up to `as_of` (a period still running is measured so far).
    fn desk_time(&self, from: NaiveDate, to: NaiveDate, as_of: NaiveDate) -> Result<DeskTime> {
        let contracts = self.contracts()?;
        let held: BTreeSet<NaiveDate> = records::days_with_contacts(&self.conn, from, to)?
            .into_iter()
            .collect();
        let mut calendars = HashMap::new();
        let mut desk = DeskTime::default();
        for day in from.iter_days().take_while(|d| *d <= to && *d <= as_of) {
            let Some(contract) =
                records::contract_on(&contracts, day).filter(|c| c.terms.in_force_on(day))
            else {
                continue;
            };
            let calendar = calendars
                .entry(contract.id)
                .or_insert_with(|| calendar_of(contract));
            if !calendar.opens_on(day) {
                continue;
            }
            desk.sessions_planned += 1;
            desk.sessions_held += u32::from(held.contains(&day));
            desk.front_planned_minutes += contract
                .terms
                .opening_slots
                .iter()
                .filter(|s| s.weekday == day.weekday())
                .map(|s| (s.end - s.start).num_minutes().max(0) as u32)
                .sum::<u32>();
        }
        if as_of < to {
            desk.planned_until = Some(as_of);
        }
        let end = to.succ_opt().unwrap_or(to);
        for e in records::statement_entries(&self.conn, from, end)? {
            if e.kind == TimeKind::FrontOffice {
                desk.front_minutes += e.minutes.get();
            } else {
                desk.back_minutes += e.minutes.get();
            }
            if e.billable {
                desk.billable_minutes += e.minutes.get();
            }
        }
        for a in records::community_activities(&self.conn, from, to)? {
            match a.data.kind {
                CommunityKind::Group => {
                    desk.group_sessions += 1;
                    desk.group_participants += a.data.participants.unwrap_or(0);
                }
                CommunityKind::Network => desk.network_meetings += 1,
                CommunityKind::Table => desk.coordination_tables += 1,
            }
            desk.community_minutes += a.data.minutes.get();
        }
        Ok(desk)
    }

    /// The figures of a period, before suppression.
    pub fn activity_figures(&self, period: Period, as_of: NaiveDate) -> Result<ActivityFigures> {
        Ok(compute(&self.activity_input(period, as_of)?, Lang::It))
    }

    /// A new activity report of `period` made on `today`: the figures suppressed with
    /// `threshold`, the summary drafted from them (to be edited before saving).
    pub fn draft_activity_report(
        &self,
        period: Period,
        threshold: u64,
        today: NaiveDate,
    ) -> Result<ActivityReport> {
        self.draft_activity_report_in(period, threshold, today, &Job::new())
    }

    /// [`Archive::draft_activity_report`] as a job: it tells its progress and stops when
    /// cancelled (run it on [`Archive::reader`] from another thread).
    pub fn draft_activity_report_in(
        &self,
        period: Period,
        threshold: u64,
        today: NaiveDate,
        job: &Job,
    ) -> Result<ActivityReport> {
        check_threshold(threshold)?;
        // One snapshot for every query: the figures, the missing resources and the raw
        // figures' fingerprint all describe the same records.
        let _snapshot = self.conn.unchecked_transaction()?;
        let input = self.activity_input_in(period, today, job)?;
        job.step(75, Stage::Figures)?;
        let raw = compute(&input, Lang::It);
        job.step(90, Stage::Suppression)?;
        let figures = raw
            .suppressed(threshold)
            .map_err(|e| ArchiveError::Rejected(e.to_string()))?;
        let issuer = self
            .contracts()?
            .last()
            .map(|c| c.terms.comune.clone())
            .unwrap_or_default();
        let sections = if period.is_yearly() {
            YEARLY_SECTIONS
                .iter()
                .map(|t| ((*t).to_owned(), String::new()))
                .collect()
        } else {
            Vec::new()
        };
        let missing = job.checked(records::missing_resource_rows(
            &self.conn,
            period.from,
            period.to,
        ))?;
        let missing_resources = observatory::missing_resources_draft(
            &observatory::common_missing_resources(&missing, figures.threshold),
        );
        let logo = self.comune_logo_with_hash()?;
        let id = format!("RA-{:04}-{}", period.from.year(), short_id());
        let raw_fingerprint = raw_figures_hash(&id, &raw.unsuppressed(figures.threshold))?;
        job.step(100, Stage::Done)?;
        Ok(ActivityReport {
            raw_fingerprint,
            document: DocumentInfo {
                id,
                date: today,
                issuer,
                title: "Relazione sull'attività dello sportello".into(),
                period: capitalised(&period.title()),
                logo_sha256: logo.as_ref().map(|(hash, _)| hash.clone()),
                logo_png: logo.map(|(_, png)| png),
            },
            narrative: narrative::summary(&figures),
            figures,
            sections,
            missing_resources,
        })
    }

    /// Keeps a report in the log, as printed (in the history like every record).
    pub fn log_activity_report(&mut self, report: &ActivityReport) -> Result<()> {
        let options = serde_json::to_string(&Options {
            period: report.figures.period,
            threshold: report.figures.threshold,
            rules: RULES,
        })
        .map_err(json_error)?;
        let figures = serde_json::to_string(&report.figures).map_err(json_error)?;
        let sections = serde_json::to_string(&report.sections).map_err(json_error)?;
        let document = serde_json::to_string(&report.document).map_err(json_error)?;
        if !report.figures.suppressed {
            return Err(ArchiveError::Rejected(
                "Le cifre senza soppressione non si stampano né si conservano.".into(),
            ));
        }
        // The raw figures are kept only as a fingerprint, taken with the printed ones: enough to
        // tell later that a record changed under a "< 3", never enough to print them.
        let raw_hash = if report.raw_fingerprint.is_empty() {
            let raw = self
                .activity_figures(report.figures.period, report.document.date)?
                .unsuppressed(report.figures.threshold);
            raw_figures_hash(&report.document.id, &raw)?
        } else {
            report.raw_fingerprint.clone()
        };
        self.write(|w| {
            w.insert_report(
                &report.document,
                &report.figures.period,
                &options,
                (&report.narrative, &report.missing_resources),
                &sections,
                (&figures, &raw_hash),
                &document,
            )
        })
    }

    /// The records behind one figure of a period's report (the first `limit`, and how many).
    pub fn activity_trace(
        &self,
        request: &TraceRequest,
        today: NaiveDate,
        limit: usize,
    ) -> Result<TraceView> {
        let input = self.activity_input(request.period, today)?;
        let trace = sportello_core::stats::trace(
            &input,
            &request.table,
            &request.row,
            request.column.as_deref(),
        )
        .ok_or(ArchiveError::RecordNotFound)?;
        let shown = &trace.ids[..trace.ids.len().min(limit)];
        Ok(TraceView {
            total: trace.ids.len(),
            records: records::traced_records(&self.conn, trace.unit, shown)?,
        })
    }

    /// The report she saves: the figures computed again here (never taken from the page),
    /// with her summary and sections, checked; kept with [`Archive::log_activity_report`]
    /// once its PDF is written.
    pub fn checked_activity_report(
        &self,
        request: &SaveActivityRequest,
        today: NaiveDate,
    ) -> Result<ActivityReport> {
        let mut errors = FormErrors::default();
        if request.narrative.chars().count() > MAX_TEXT {
            errors.add("narrative", Msg::TooLong { max: MAX_TEXT });
        }
        if request.missing_resources.chars().count() > MAX_TEXT {
            errors.add("missing_resources", Msg::TooLong { max: MAX_TEXT });
        }
        for (i, (_, text)) in request.sections.iter().enumerate() {
            if text.chars().count() > MAX_TEXT {
                errors.add(&format!("section-{i}"), Msg::TooLong { max: MAX_TEXT });
            }
        }
        // Her texts go to the comune: none may name a person of the archive.
        let (persons, codes) = records::names_for_report_check(&self.conn)?;
        let texts = [
            ("narrative".to_owned(), &request.narrative),
            ("missing_resources".to_owned(), &request.missing_resources),
        ]
        .into_iter()
        .chain(
            request
                .sections
                .iter()
                .enumerate()
                .map(|(i, (_, text))| (format!("section-{i}"), text)),
        );
        for (field, text) in texts {
            if observatory::names_someone(text, &persons, &codes) {
                errors.add(&field, Msg::NamesAPerson);
            }
        }
        if !errors.is_empty() {
            return Err(ArchiveError::Invalid(errors));
        }
        let mut report = self.draft_activity_report(request.period, request.threshold, today)?;
        // Her texts were written over the figures she saw: if a record changed since, they
        // may quote numbers that are no longer those printed.
        if request
            .shown
            .as_ref()
            .is_some_and(|shown| *shown != report.figures)
        {
            return Err(ArchiveError::Rejected(
                "Le cifre sono cambiate dopo il calcolo (un record è stato modificato): premere di nuovo «Calcola» e rileggere il testo prima di salvare.".into(),
            ));
        }
        report.narrative = request.narrative.trim().to_owned();
        report.missing_resources = request.missing_resources.trim().to_owned();
        // Only the sections this period has, by their titles, in order.
        for (title, text) in &mut report.sections {
            if let Some((_, typed)) = request.sections.iter().find(|(t, _)| t == title) {
                *text = typed.trim().to_owned();
            }
        }
        Ok(report)
    }

    /// A report from the log, as it was printed.
    pub fn logged_activity_report(&self, id: &str) -> Result<ActivityReport> {
        let row = records::report_row(&self.conn, id)?.ok_or(ArchiveError::RecordNotFound)?;
        let mut document: DocumentInfo =
            serde_json::from_str(&row.document_json).map_err(json_error)?;
        if let Some(hash) = &document.logo_sha256 {
            document.logo_png = self.image(hash)?;
        }
        Ok(ActivityReport {
            document,
            figures: serde_json::from_str(&row.figures_json).map_err(json_error)?,
            narrative: row.narrative,
            sections: serde_json::from_str(&row.sections_json).map_err(json_error)?,
            missing_resources: row.missing_resources,
            raw_fingerprint: row.raw_figures_hash,
        })
    }

    /// Have the records changed since a logged report was made? Its figures recomputed now
    /// (same period, threshold and reference day) against those it printed, and against the
    /// fingerprint of the raw figures it was made from.
    pub fn activity_report_changed(&self, id: &str) -> Result<SinceReport> {
        let logged = self.logged_activity_report(id)?;
        let row = records::report_row(&self.conn, id)?.ok_or(ArchiveError::RecordNotFound)?;
        let rules = serde_json::from_str::<Options>(&row.options_json)
            .map(|o| o.rules)
            .unwrap_or(1);
        let raw_hash = row.raw_figures_hash;
        let f = &logged.figures;
        let mut input = self.activity_input(f.period, logged.document.date)?;
        if rules < 3 {
            // Made before the casework was counted.
            input.cases.clear();
            input.interventions.clear();
        }
        let figures = compute(&input, Lang::It);
        let mut now = figures
            .suppressed(f.threshold)
            .map_err(|e| ArchiveError::Rejected(e.to_string()))?;
        if rules < 2 {
            // Made when the planned sessions were counted to the period's end.
            let (from, to) = (f.period.from, f.period.to);
            now.desk = self.desk_time(from, to, to)?;
        }
        if &now != f {
            return Ok(SinceReport::Changed);
        }
        // A report logged before schema 5 has no fingerprint: only its print compares.
        if !raw_hash.is_empty()
            && raw_figures_hash(id, &figures.unsuppressed(f.threshold))? != raw_hash
        {
            return Ok(SinceReport::ChangedUnderSuppression);
        }
        Ok(SinceReport::Unchanged)
    }
}

/// The desk's comune: its code as set in the settings, or as guessed (from the contract or the
/// persons' residence) when none is set; the coat of arms' PNG bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeskComune {
    pub set: Option<String>,
    pub guessed: Option<String>,
    pub logo_png: Option<Vec<u8>>,
}

/// What a recomputation from today's records says of a logged report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SinceReport {
    /// The same figures, printed and raw.
    Unchanged,
    /// The printed figures are the same, but a value hidden by the suppression changed.
    ChangedUnderSuppression,
    /// A printed figure is different.
    Changed,
}

impl SinceReport {
    /// The sentence the operator reads.
    pub fn sentence(self) -> &'static str {
        match self {
            Self::Unchanged => "Le cifre ricalcolate oggi dagli archivi coincidono con quelle stampate.",
            Self::ChangedUnderSuppression => {
                "Le cifre stampate restano giuste, ma qualche valore nascosto (\"< 3\" o \"riservato\") è cambiato dopo la stampa."
            }
            Self::Changed => {
                "Le cifre ricalcolate oggi dagli archivi sono cambiate rispetto a quelle stampate."
            }
        }
    }
}

/// SHA-256 of a report's id and its raw figures, in hex: a fingerprint kept in the log.
fn raw_figures_hash(id: &str, raw: &sportello_core::stats::PrintedFigures) -> Result<String> {
    use sha2::{Digest, Sha256};
    let json = serde_json::to_vec(raw).map_err(json_error)?;
    let mut hasher = Sha256::new();
    hasher.update(id.as_bytes());
    hasher.update([0]);
    hasher.update(&json);
    Ok(hex::encode(hasher.finalize()))
}

fn check_threshold(threshold: u64) -> Result<()> {
    use sportello_core::stats::suppress::{MAX_THRESHOLD, MIN_THRESHOLD};
    if (MIN_THRESHOLD..=MAX_THRESHOLD).contains(&threshold) {
        return Ok(());
    }
    let mut e = FormErrors::default();
    e.add(
        "threshold",
        Msg::ThresholdRange {
            min: MIN_THRESHOLD,
            max: MAX_THRESHOLD,
        },
    );
    Err(ArchiveError::Invalid(e))
}

fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn json_error(e: serde_json::Error) -> ArchiveError {
    ArchiveError::Rejected(format!("Registro dei report illeggibile: {e}"))
}
