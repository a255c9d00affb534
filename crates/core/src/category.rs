//! The fixed category lists of DOMAIN.md: the reports depend on them, so they are code, not data.
//! Each value has a stable `code` (stored in the database and in exports) and an Italian and an
//! English label.

use crate::messages::Lang;
use serde::{Deserialize, Serialize};

macro_rules! category {
    ($(#[$doc:meta])* $name:ident { $($variant:ident = $code:literal, $it:literal, $en:literal;)* }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name {
            $(#[serde(rename = $code)] $variant,)*
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant,)*];

            /// The stable code kept in the database and in exports.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code,)* }
            }

            pub fn from_code(code: &str) -> Option<$name> {
                match code { $($code => Some($name::$variant),)* _ => None }
            }

            pub fn label(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $(($name::$variant, Lang::It) => $it, ($name::$variant, Lang::En) => $en,)*
                }
            }
        }
    };
}

category!(
    /// Area of need (ISTAT beneficiary categories).
    Area {
        Family = "FAM", "Famiglia e minori", "Family and minors";
        Disability = "DIS", "Disabili", "Disability";
        Addiction = "ADD", "Dipendenze", "Addiction";
        Elderly = "ELD", "Anziani (65 anni e più)", "Elderly (65 and over)";
        Immigrants = "IMM", "Immigrati, Rom, Sinti e Caminanti", "Immigrants, Roma, Sinti and Caminanti";
        Poverty = "POV", "Povertà, disagio adulti e senza dimora", "Poverty, adult hardship and homelessness";
        Multiple = "MUL", "Multiutenza", "Multiple groups";
    }
);

category!(
    /// What the desk did in a contact (prestazione).
    ServiceGiven {
        Listening = "ascolto", "Ascolto", "Listening";
        Information = "informazione", "Informazione", "Information";
        Orientation = "orientamento", "Orientamento", "Orientation";
        Accompaniment = "accompagnamento", "Accompagnamento", "Accompaniment";
        Referral = "invio", "Segnalazione e invio", "Referral";
        ApplicationSupport = "domande", "Supporto nella compilazione di domande", "Help with applications";
        Counselling = "consulenza", "Consulenza sociale", "Social counselling";
        TakenInCharge = "presa_in_carico", "Presa in carico del servizio sociale professionale", "Taken in charge by the social service";
    }
);

category!(
    /// Type of request (the eleven categories of published social-desk data).
    RequestType {
        SocialDesk = "segretariato", "Segretariato sociale", "Social desk";
        Financial = "contributi", "Contributi economici", "Financial support";
        PersonFamily = "supporto_persona", "Supporto a persona e famiglia", "Support to person and family";
        HomeCare = "domiciliare", "Interventi domiciliari e per la domiciliarità", "Home care";
        Residential = "residenziali", "Strutture residenziali", "Residential facilities";
        SemiResidential = "semiresidenziali", "Strutture semi-residenziali", "Day facilities";
        EducationWork = "educativo_lavoro", "Educativo assistenziale e supporto all'inserimento lavorativo", "Education and work integration";
        Integration = "integrazione", "Integrazione sociale", "Social integration";
        Emergency = "pronto_intervento", "Pronto intervento sociale", "Social emergency";
        Supplementary = "integrativi", "Servizi integrativi di supporto", "Supplementary services";
        Prevention = "prevenzione", "Prevenzione", "Prevention";
    }
);

category!(
    /// How the contact happened.
    Channel {
        Desk = "presenza", "In presenza (allo sportello)", "In person (at the desk)";
        Phone = "telefono", "Telefono", "Phone";
        Email = "email", "Email", "Email";
        Home = "domicilio", "A domicilio", "Home visit";
        Other = "altro", "Altro", "Other";
    }
);

category!(
    Gender {
        Female = "F", "Femmina", "Female";
        Male = "M", "Maschio", "Male";
        Other = "X", "Altro / non dichiarato", "Other / not stated";
    }
);

category!(
    /// Age band for statistics; anonymous contacts record only this.
    AgeBand {
        Under18 = "0-17", "0-17", "0-17";
        From18To25 = "18-25", "18-25", "18-25";
        From26To35 = "26-35", "26-35", "26-35";
        From36To50 = "36-50", "36-50", "36-50";
        From51To64 = "51-64", "51-64", "51-64";
        From65To74 = "65-74", "65-74", "65-74";
        Over75 = "75+", "75 e più", "75 and over";
        Unknown = "nd", "Non indicata", "Not stated";
    }
);

impl AgeBand {
    /// The band of a person aged `years`.
    pub fn of_age(years: i32) -> AgeBand {
        match years {
            i32::MIN..=17 => AgeBand::Under18,
            18..=25 => AgeBand::From18To25,
            26..=35 => AgeBand::From26To35,
            36..=50 => AgeBand::From36To50,
            51..=64 => AgeBand::From51To64,
            65..=74 => AgeBand::From65To74,
            _ => AgeBand::Over75,
        }
    }
}

category!(
    Citizenship {
        Italian = "IT", "Italiana", "Italian";
        Eu = "UE", "UE", "EU";
        NonEu = "EXTRA_UE", "Extra-UE", "Non-EU";
        Unknown = "ND", "Apolide / non indicata", "Stateless / not stated";
    }
);

category!(
    /// Outcome of a referral, as it evolves.
    ReferralOutcome {
        Sent = "inviato", "Inviato", "Sent";
        Waiting = "in_attesa", "In attesa di risposta", "Awaiting reply";
        TakenInCharge = "preso_in_carico", "Preso in carico", "Taken in charge";
        NotTakenInCharge = "non_preso_in_carico", "Non preso in carico", "Not taken in charge";
        Withdrawn = "ritirato", "Ritirato dalla persona", "Withdrawn by the person";
    }
);

category!(
    /// Kind of time entry: desk time with people, or one of the back-office activities.
    TimeKind {
        FrontOffice = "front_office", "Front office (colloqui)", "Front office (contacts)";
        Documentation = "documentazione", "Documentazione", "Documentation";
        PhoneCalls = "telefonate", "Telefonate", "Phone calls";
        Networking = "lavoro_di_rete", "Lavoro di rete", "Network work";
        Meetings = "riunioni", "Riunioni", "Meetings";
        Accompaniment = "accompagnamento", "Accompagnamento", "Accompaniment";
        Training = "formazione", "Formazione", "Training";
    }
);

category!(
    /// Who asked for the contact (richiedente), apart from the person the need concerns.
    Requester {
        ThePerson = "persona", "La persona stessa", "The person themself";
        Relative = "familiare", "Familiare", "Relative";
        Neighbour = "vicino", "Vicino / conoscente", "Neighbour / acquaintance";
        Doctor = "medico", "Medico di base", "GP";
        School = "scuola", "Scuola", "School";
        PublicService = "servizio_pubblico", "Altro servizio pubblico", "Another public service";
        ThirdSector = "terzo_settore", "Terzo settore", "Third sector";
        Police = "forze_ordine", "Forze dell'ordine", "Police";
        Other = "altro", "Altro", "Other";
    }
);

category!(
    /// Who sent the person to the desk (canale d'invio).
    SentBy {
        OwnInitiative = "spontaneo", "Accesso spontaneo", "Came on their own";
        PublicService = "servizio_pubblico", "Inviato da servizio pubblico", "Sent by a public service";
        Health = "sanitario", "Da medico / servizio sanitario", "By a doctor / health service";
        School = "scuola", "Da scuola", "By a school";
        ThirdSector = "terzo_settore", "Da terzo settore", "By the third sector";
        Acquaintances = "conoscenti", "Da familiari o conoscenti", "By relatives or acquaintances";
        Other = "altro", "Altro", "Other";
    }
);

category!(
    /// The outcome of a contact (esito dell'accesso).
    ContactOutcome {
        Information = "informazione", "Informazione data", "Information given";
        Referred = "invio", "Orientamento / invio ad altro servizio", "Oriented / referred to another service";
        TakenInCharge = "presa_in_carico", "Presa in carico del servizio sociale professionale", "Taken in charge by the social service";
        Appointment = "appuntamento", "Appuntamento con l'assistente sociale", "Appointment with the social worker";
        NoResource = "nessuna_risorsa", "Nessuna risorsa disponibile", "No resource available";
    }
);

category!(
    /// How a referral passes the person on.
    ReferralKind {
        Orientation = "orientamento", "Orientamento (la persona va da sé)", "Orientation (the person goes alone)";
        Referral = "invio", "Invio (lo sportello contatta il servizio)", "Referral (the desk contacts the service)";
        FormalReport = "segnalazione", "Segnalazione formale (con protocollo)", "Formal report (with protocol number)";
    }
);

category!(
    /// Who may act for the person.
    RepresentativeKind {
        Guardian = "tutore", "Tutore", "Guardian";
        SupportAdministrator = "amministratore_sostegno", "Amministratore di sostegno", "Support administrator";
        Curator = "curatore", "Curatore", "Curator";
        Delegate = "delegato", "Delegato", "Delegate";
    }
);

category!(
    /// How a household member is related to the person.
    Relation {
        Partner = "coniuge", "Coniuge / partner", "Spouse / partner";
        Child = "figlio", "Figlio / figlia", "Child";
        Parent = "genitore", "Genitore", "Parent";
        Sibling = "fratello", "Fratello / sorella", "Sibling";
        Grandparent = "nonno", "Nonno / nonna", "Grandparent";
        Grandchild = "nipote", "Nipote", "Grandchild";
        OtherRelative = "parente", "Altro parente", "Other relative";
        Cohabitant = "convivente", "Convivente", "Cohabitant";
    }
);

impl Relation {
    /// What the person is to the member, when the member is `self` to the person.
    pub fn inverse(self) -> Relation {
        match self {
            Relation::Child => Relation::Parent,
            Relation::Parent => Relation::Child,
            Relation::Grandparent => Relation::Grandchild,
            Relation::Grandchild => Relation::Grandparent,
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_are_unique() {
        fn check<T: Copy + PartialEq + std::fmt::Debug>(
            all: &[T],
            code: fn(T) -> &'static str,
            from: fn(&str) -> Option<T>,
        ) {
            for &v in all {
                assert_eq!(from(code(v)), Some(v));
            }
            let mut codes: Vec<_> = all.iter().map(|&v| code(v)).collect();
            codes.sort_unstable();
            codes.dedup();
            assert_eq!(codes.len(), all.len());
        }
        check(Area::ALL, Area::code, Area::from_code);
        check(
            ServiceGiven::ALL,
            ServiceGiven::code,
            ServiceGiven::from_code,
        );
        check(RequestType::ALL, RequestType::code, RequestType::from_code);
        check(Channel::ALL, Channel::code, Channel::from_code);
        check(Gender::ALL, Gender::code, Gender::from_code);
        check(AgeBand::ALL, AgeBand::code, AgeBand::from_code);
        check(Citizenship::ALL, Citizenship::code, Citizenship::from_code);
        check(
            ReferralOutcome::ALL,
            ReferralOutcome::code,
            ReferralOutcome::from_code,
        );
        check(TimeKind::ALL, TimeKind::code, TimeKind::from_code);
        check(Requester::ALL, Requester::code, Requester::from_code);
        check(SentBy::ALL, SentBy::code, SentBy::from_code);
        check(
            ContactOutcome::ALL,
            ContactOutcome::code,
            ContactOutcome::from_code,
        );
        check(
            ReferralKind::ALL,
            ReferralKind::code,
            ReferralKind::from_code,
        );
        check(
            RepresentativeKind::ALL,
            RepresentativeKind::code,
            RepresentativeKind::from_code,
        );
        check(Relation::ALL, Relation::code, Relation::from_code);
        for r in Relation::ALL {
            assert_eq!(r.inverse().inverse(), *r);
        }
        assert_eq!(RequestType::ALL.len(), 11);
        assert_eq!(Area::ALL.len(), 7);
    }

    #[test]
    fn age_bands() {
        assert_eq!(AgeBand::of_age(17), AgeBand::Under18);
        assert_eq!(AgeBand::of_age(18), AgeBand::From18To25);
        assert_eq!(AgeBand::of_age(64), AgeBand::From51To64);
        assert_eq!(AgeBand::of_age(75), AgeBand::Over75);
    }
}

category!(
    /// A specific consent: only for what goes beyond the desk's public task.
    ConsentKind {
        ThirdSector = "terzo_settore", "Comunicazione dei dati a enti privati (terzo settore, CAF, patronati)", "Data passed to private bodies (third sector, CAF, patronati)";
        Sms = "sms", "Contatto via SMS", "Contact by SMS";
        Messaging = "messaggistica", "Contatto via app di messaggistica", "Contact by messaging app";
        Email = "email", "Contatto via email", "Contact by email";
        ThirdPartyPresent = "terzo_presente", "Presenza di una terza persona al colloquio", "A third person present at the colloquio";
    }
);

category!(
    /// Who runs a service of the catalogue: a private body receives data only with consent.
    Sector {
        Public = "pubblico", "Pubblico", "Public";
        Private = "privato", "Privato (terzo settore, CAF, patronati)", "Private (third sector, CAF, patronati)";
    }
);

category!(
    /// An intervention activated for a case (DOMAIN.md, "Intervention kinds").
    InterventionKind {
        Contribution = "contributo", "Contributo economico", "Economic contribution";
        HomeCare = "sad", "Assistenza domiciliare (SAD)", "Home care (SAD)";
        IntegratedHomeCare = "adi", "Assistenza domiciliare integrata", "Integrated home care";
        Educational = "educativo", "Servizio educativo / assistenza educativa domiciliare", "Educational support at home";
        DayCentre = "centro_diurno", "Inserimento in centro diurno", "Day centre placement";
        Residential = "residenziale", "Inserimento in struttura residenziale", "Residential placement";
        Meals = "pasti_trasporto", "Pasti, telesoccorso, trasporto", "Meals, telecare, transport";
        Work = "tirocinio", "Tirocinio o inserimento lavorativo", "Traineeship or work placement";
        Inclusion = "assegno_inclusione", "Progetto Assegno di Inclusione", "Assegno di Inclusione project";
        Parenting = "affido_genitorialita", "Affido / sostegno alla genitorialità", "Foster care / parenting support";
        Mediation = "mediazione", "Mediazione culturale", "Cultural mediation";
        Other = "altro", "Altro", "Other";
    }
);

category!(
    /// A meeting about a case.
    MeetingKind {
        Equipe = "equipe", "Équipe multiprofessionale", "Multi-professional team";
        Uvm = "uvm", "UVM (unità di valutazione multidimensionale)", "Multidimensional assessment unit (UVM)";
        Network = "rete", "Incontro di rete con altri servizi", "Network meeting with other services";
        Household = "nucleo", "Incontro con la persona o il nucleo", "Meeting with the person or household";
    }
);

category!(
    /// Whom a social report is addressed to.
    ReportAddressee {
        Court = "autorita_giudiziaria", "Autorità giudiziaria", "Judicial authority";
        Comune = "comune", "Comune", "Comune";
        Service = "servizio", "Altro servizio", "Another service";
        Other = "altro", "Altro", "Other";
    }
);

category!(
    /// The kind of a document attached to a record (DOMAIN.md, "Document types").
    DocumentKind {
        Isee = "isee", "ISEE / DSU", "ISEE / DSU";
        IdentityDocument = "identita", "Documento d'identità", "Identity document";
        ResidencePermit = "permesso_soggiorno", "Permesso di soggiorno", "Residence permit";
        HealthCard = "tessera_sanitaria", "Tessera sanitaria", "Health card";
        Disability = "invalidita", "Certificato di invalidità / L. 104", "Disability certificate / Law 104";
        Application = "domanda", "Domanda compilata", "Filled-in application";
        Delegation = "delega", "Delega", "Delegation";
        PrivacyNotice = "informativa", "Informativa firmata", "Signed privacy notice";
        Consent = "consenso", "Consenso firmato", "Signed consent";
        Letter = "lettera", "Lettera / comunicazione di altro servizio", "Letter from another service";
        Report = "relazione", "Relazione", "Report";
        Other = "altro", "Altro", "Other";
    }
);

impl DocumentKind {
    /// Documents that identify the person: a copy is kept only when it is needed
    /// (minimisation), so the form asks first.
    pub fn identifies(self) -> bool {
        matches!(
            self,
            DocumentKind::IdentityDocument
                | DocumentKind::ResidencePermit
                | DocumentKind::HealthCard
        )
    }
}

category!(
    /// The desk's work with the community rather than with one person.
    CommunityKind {
        Group = "gruppo", "Attività di gruppo (incontro informativo)", "Group activity (information session)";
        Network = "rete", "Incontro di rete con i servizi", "Network meeting with services";
        Table = "tavolo", "Tavolo di coordinamento", "Coordination table";
    }
);

impl CommunityKind {
    /// The kind of time it takes in the hours.
    pub fn time_kind(self) -> TimeKind {
        match self {
            CommunityKind::Group => TimeKind::FrontOffice,
            CommunityKind::Network => TimeKind::Networking,
            CommunityKind::Table => TimeKind::Meetings,
        }
    }
}

/// A service is public unless she says otherwise.
impl Default for Sector {
    fn default() -> Sector {
        Sector::Public
    }
}
