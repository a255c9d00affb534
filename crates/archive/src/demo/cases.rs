//! The demo's casework: a few persons taken in charge, each case with a goal and an
//! intervention; the older ones closed.

use super::Generator;
use crate::error::Result;
use crate::records::Writer;
use sportello_core::Cents;

impl Generator {
    /// A few persons taken in charge (one in forty, at least three): the older cases closed,
    /// the recent ones open with a goal to review, an intervention with its act, and now and
    /// then an Assegno di Inclusione household.
    pub(super) fn cases(&mut self, w: &mut Writer) -> Result<()> {
        use sportello_core::model::{CaseOpening, NewGoal, NewIntervention};
        use sportello_core::{Area, InterventionKind, Requester};
        const GOALS: &[(&str, &str)] = &[
            (
                "Trovare un alloggio stabile",
                "Domanda di casa popolare; contatti con l'agenzia per l'affitto",
            ),
            (
                "Rientrare nel lavoro",
                "Iscrizione al centro per l'impiego; tirocinio",
            ),
            (
                "Sostenere la cura della madre anziana",
                "Assistenza domiciliare; domanda di invalidità",
            ),
            (
                "Regolarizzare le utenze",
                "Piano di rientro con il gestore; contributo una tantum",
            ),
        ];
        let end = self.options.end;
        let n = (self.persons.len() / 40).max(3).min(self.persons.len());
        let step = (self.persons.len() / n.max(1)).max(1);
        for i in 0..n {
            let (person, first) = self.persons[(i * step + step / 2).min(self.persons.len() - 1)];
            let opened = (first + chrono::Days::new(14)).min(end);
            let area = [Area::Family, Area::Poverty, Area::Elderly, Area::Disability][i % 4];
            let adi = i % 3 == 1;
            w.now = self.stamp_of(opened);
            let id = self.id_on(opened);
            let case = w.insert_case(
                id,
                person,
                None,
                &CaseOpening {
                    opened_on: opened,
                    reason: "Situazione complessa emersa ai colloqui di segretariato".into(),
                    requested_by: Requester::ThePerson,
                    area,
                    household: area == Area::Family,
                    assegno_inclusione: adi,
                },
            )?;
            let (goal, actions) = GOALS[i % GOALS.len()];
            let review_on = (opened + chrono::Days::new(90)).max(end - chrono::Days::new(20));
            let goal_id = self.id_on(opened);
            w.insert_goal(
                goal_id,
                case,
                &NewGoal {
                    goal: goal.into(),
                    actions: actions.into(),
                    responsible: "La persona; l'assistente sociale".into(),
                    review_on: Some(review_on),
                },
            )?;
            let from = (opened + chrono::Days::new(7)).min(end);
            let intervention = self.id_on(from);
            w.insert_intervention(
                intervention,
                case,
                &NewIntervention {
                    kind: [
                        InterventionKind::Contribution,
                        InterventionKind::HomeCare,
                        InterventionKind::Work,
                    ][i % 3],
                    provider: "Comune di Roccaverde".into(),
                    from,
                    to: Some(from + chrono::Days::new(180)),
                    amount: (i % 3 == 0).then_some(Cents(30_000)),
                    act_number: format!("Determina n. {}", 100 + i),
                    act_date: Some(opened),
                },
            )?;
            // Cases opened more than a year before the end are closed.
            if end - opened > chrono::TimeDelta::days(365) {
                let closed = opened + chrono::Days::new(300);
                w.now = self.stamp_of(closed);
                w.close_case(case, closed, "Obiettivi del progetto raggiunti", end)?;
            }
        }
        Ok(())
    }
}
