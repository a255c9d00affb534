//! The papers for a person's file, from the archive: the referral letter, the first-access
//! sheet and the printed timeline (the documents themselves are `sportello_core::papers`).

use crate::archive::Archive;
use crate::error::Result;
use chrono::NaiveDate;
use sportello_core::document::Document;
use sportello_core::ipc::TimelineItem;
use sportello_core::papers::{first_access_sheet, referral_letter, timeline_document};
use sportello_core::{PersonId, ReferralId};

impl Archive {
    /// The letter that goes with a referral to the receiving service.
    pub fn referral_letter(&self, id: ReferralId, today: NaiveDate) -> Result<Document> {
        let referral = self.referral(id)?;
        let service = self.service(referral.data.service)?;
        let page = self.person_page(referral.person)?;
        Ok(referral_letter(
            &referral,
            &service.fields,
            &page.person,
            page.residence_label.as_deref(),
            &self.desk_foot(today)?,
            today,
        ))
    }

    /// The first-access sheet the person signs, for the paper file.
    pub fn first_access_sheet(&self, person: PersonId, today: NaiveDate) -> Result<Document> {
        let page = self.person_page(person)?;
        let first_contact = page
            .timeline
            .iter()
            .filter_map(|i| match i {
                TimelineItem::Contact(c) => Some(c.date),
                _ => None,
            })
            .min();
        Ok(first_access_sheet(
            &page.person,
            page.residence_label.as_deref(),
            first_contact,
            page.privacy_notice_version.as_deref(),
            &self.desk_foot(today)?,
            today,
        ))
    }

    /// The record's timeline on paper.
    pub fn timeline_paper(&self, person: PersonId, today: NaiveDate) -> Result<Document> {
        let page = self.person_page(person)?;
        Ok(timeline_document(
            &page.person,
            &page.timeline,
            &self.desk_foot(today)?,
            today,
        ))
    }
}
