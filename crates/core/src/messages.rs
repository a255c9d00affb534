//! Every message the core gives a person, in Italian first and English second.
//!
//! A rule and the sentence that explains its breach live together here, so the CLI, the desktop
//! shell and the UI (which links this crate compiled to wasm32) show the same words.

use crate::ids::PersonId;
use serde::{Deserialize, Serialize};
use std::fmt;

pub use crate::form_errors::{FieldError, FormErrors};
pub use crate::lang::Lang;

/// A validation message. Variants carry what the sentence needs to be precise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Msg {
    Required,
    /// A report's text names a person of the archive.
    NamesAPerson,
    TooLong {
        max: usize,
    },
    DateFormat,
    DateOutOfRange,
    DateInFuture,
    EndBeforeStart,
    TimeFormat,
    HoursFormat,
    HoursTooMany {
        max_hours: u32,
    },
    HoursZero,
    MoneyFormat,
    MoneyTooHigh,
    WeeklyCapAboveBudget,
    DurationFormat,
    DurationTooLong,
    CfLength,
    CfCharacters,
    CfChecksum,
    CfDay,
    /// The code's letters or digits do not match the surname, name, birth or gender typed:
    /// warnings, since codes issued with wrong data stay valid.
    CfSurnameMismatch,
    CfNameMismatch,
    CfBirthMismatch,
    CfGenderMismatch,
    CfPlaceUnknown {
        place: String,
    },
    CfTaken {
        person: PersonId,
    },
    CfTakenDeleted {
        person: PersonId,
    },
    /// Same surname, name and birth as a person on record (a warning).
    PossibleDuplicate {
        person: PersonId,
    },
    UnknownChoice,
    ComuneUnknown,
    HomelessNeedsPoverty,
    ReplyBeforeReferral,
    OutcomeBeforeReferral,
    MergeSamePerson,
    MergeAnonymous,
    MergeNotesTooLong,
    MemberIsThePerson,
    MemberAlreadyLinked,
    RecordDeleted,
    BirthYearRange,
    AtLeastOne,
    SlotEndBeforeStart,
    SlotFormat,
    PassphraseTooShort {
        min: usize,
    },
    PassphraseTooCommon,
    PassphraseMismatch,
    RecoveryFragmentMismatch,
    EmailFormat,
    IdleOutOfRange,
    VatFormat,
    /// Saving this time takes the ISO week past the weekly cap: a note is needed.
    CapNoteNeeded {
        total: u32,
        cap: u32,
    },
    YearLocked {
        year_start: chrono::NaiveDate,
    },
    AlreadyLocked,
    NotLocked,
    /// A quarter outside 1–4, a semester outside 1–2.
    InvalidPeriod,
    /// The small-count threshold of a report.
    ThresholdRange {
        min: u64,
        max: u64,
    },
    /// The retention period, in whole years.
    RetentionYearsRange {
        min: u32,
        max: u32,
    },
    /// An erasure or anonymisation of someone who is not past the retention period, or
    /// already anonymised.
    NotPastRetention,
    /// A consent revoked before the day it was given.
    RevokedBeforeGiven,
    /// Not a whole number (0 or more).
    WholeNumber,
    /// The comune told of a breach before it was discovered.
    InformedBeforeDiscovered,
    /// An access export with an evaluative note she has not decided on.
    EvaluationUndecided {
        count: usize,
    },
    /// An appointment that would run past midnight.
    AcrossMidnight,
    /// No opening slots at all: the contract has none yet.
    NoOpeningHours,
    /// A holiday or a closure on that day.
    DeskClosed {
        date: String,
        why: String,
    },
    /// The desk has no slot on that weekday.
    NoOpeningThatDay {
        date: String,
    },
    /// Not inside one of the day's slots.
    OutsideOpening {
        slots: String,
    },
    AppointmentOverlaps {
        other: String,
    },
    PhoneFormat,
    NoShowInFuture,
    /// An appointment already held, cancelled or marked as a no-show.
    AppointmentNotBooked,
    /// A service's name with an acronym that means two things.
    AmbiguousAcronym {
        acronym: String,
    },
    NationalCodeFormat,
    /// A service name, or part of one, that matches several services.
    SeveralServices {
        names: String,
    },
    NoSuchService,
    /// Several comuni bear the name typed.
    ComuneAmbiguous {
        options: String,
    },
    /// A register cell whose value is none of its column's categories, nor mapped to one.
    UnknownValue,
    YesNoFormat,
    BirthFormat,
    /// A register row that names no person and is not marked anonymous.
    PersonOrAnonymous,
    /// A register row marked anonymous that names someone.
    AnonymousWithName,
    /// A referral service of a register row that is not in the catalogue.
    ServiceNotInCatalogue,
    /// More referral outcomes than referral services in a register row.
    MoreOutcomesThanServices,
    /// A register row older than the retention period.
    BeyondRetention {
        years: u32,
    },
    /// A register row whose person matches several persons on record.
    SeveralPersons,
    /// A new operator given the owner's role (the owner is the one who made the archive).
    OwnerIsOne,
    /// A role that is none of titolare, operatore, sola lettura.
    RoleUnknown,
    /// A register column needed and not found in the file.
    ColumnMissing {
        column: String,
    },
    /// Two columns of the file given the same meaning.
    ColumnTwice {
        column: String,
    },
    /// An attached file over the size cap.
    FileTooLarge {
        max_mb: u32,
    },
    /// An attached file that is neither a PDF nor a JPEG or PNG image.
    FileTypeUnknown,
    /// An attached file with nothing in it.
    FileEmpty,
    /// An expiry before the document's date.
    ExpiryBeforeDate,
    /// A closed case takes no new intervention (and is not closed twice).
    CaseClosed,
    /// A date of a case before its opening.
    BeforeCaseOpening,
    /// Reopening a case that is open.
    CaseOpen,
    /// A reopening before the day the case was closed.
    BeforeCaseClosing,
    /// A person with a case open already.
    CaseAlreadyOpen,
    /// A next review before the review held.
    NextReviewBeforeReview,
    /// A goal reached or reviewed already closed.
    GoalReached,
    /// A closing before something the case records after its opening.
    CloseBeforeRecords {
        last: String,
    },
    /// Merging two records that each have a case open.
    MergeTwoOpenCases,
    /// Casework on an anonymised record.
    CaseOfAnonymous,
    /// An opening moved past something its period records.
    OpeningAfterRecords {
        first: String,
    },
    /// An intervention of a closed period that does not end within it.
    InterventionPastClosing {
        closed: String,
    },
}

impl Msg {
    pub fn text(&self, lang: Lang) -> String {
        use Msg::*;
        let it = lang == Lang::It;
        match self {
            Required => pick(it, "Campo obbligatorio.", "This field is required."),
            NamesAPerson => pick(
                it,
                "Il testo nomina una persona dell'archivio (nome e cognome, o codice fiscale): il report non deve permettere di riconoscere nessuno.",
                "The text names a person of the archive (name and surname, or codice fiscale): the report must not let anyone be recognised.",
            ),
            TooLong { max } => {
                if it {
                    format!("Testo troppo lungo: al massimo {max} caratteri.")
                } else {
                    format!("Text too long: at most {max} characters.")
                }
            }
            DateFormat => pick(
                it,
                "Data non valida: usare il formato gg/mm/aaaa (es. 01/03/2026).",
                "Invalid date: use dd/mm/yyyy (e.g. 01/03/2026).",
            ),
            DateOutOfRange => pick(
                it,
                "Data fuori dall'intervallo ammesso (1900–2100).",
                "Date outside the allowed range (1900–2100).",
            ),
            DateInFuture => pick(
                it,
                "La data non può essere nel futuro.",
                "The date cannot be in the future.",
            ),
            InvalidPeriod => pick(
                it,
                "Periodo non valido: trimestre da 1 a 4, semestre 1 o 2.",
                "Invalid period: quarter 1 to 4, semester 1 or 2.",
            ),
            ThresholdRange { min, max } => {
                if it {
                    format!("Soglia non valida: un numero intero da {min} a {max}.")
                } else {
                    format!("Invalid threshold: a whole number from {min} to {max}.")
                }
            }
            RetentionYearsRange { min, max } => {
                if it {
                    format!("Periodo di conservazione non valido: un numero intero di anni da {min} a {max}.")
                } else {
                    format!("Invalid retention period: a whole number of years from {min} to {max}.")
                }
            }
            EvaluationUndecided { count } => {
                if it {
                    format!("Decidere, per ognuna delle {count} valutazioni dell'operatrice ancora in sospeso, se includerla o ometterla.")
                } else {
                    format!("Decide, for each of the {count} operator's assessments still pending, whether to include or withhold it.")
                }
            }
            AcrossMidnight => pick(
                it,
                "L'appuntamento supererebbe la mezzanotte: accorciare la durata o anticipare l'ora.",
                "The appointment would run past midnight: shorten it or start earlier.",
            ),
            NoOpeningHours => pick(
                it,
                "Lo sportello non ha ancora orari di apertura: inserirli nella convenzione (Impostazioni).",
                "The desk has no opening hours yet: enter them in the contract (Settings).",
            ),
            DeskClosed { date, why } => {
                if it {
                    format!("Il {date} lo sportello è chiuso: {why}. Scegliere un altro giorno.")
                } else {
                    format!("On {date} the desk is closed: {why}. Choose another day.")
                }
            }
            NoOpeningThatDay { date } => {
                if it {
                    format!("Il {date} lo sportello non apre: scegliere un giorno di apertura.")
                } else {
                    format!("The desk does not open on {date}: choose an opening day.")
                }
            }
            OutsideOpening { slots } => {
                if it {
                    format!("L'appuntamento deve stare dentro l'orario di apertura di quel giorno ({slots}).")
                } else {
                    format!("The appointment must fit within that day's opening hours ({slots}).")
                }
            }
            AppointmentOverlaps { other } => {
                if it {
                    format!("A quell'ora c'è già un appuntamento ({other}): scegliere un altro orario.")
                } else {
                    format!("There is already an appointment then ({other}): choose another time.")
                }
            }
            PhoneFormat => pick(
                it,
                "Numero di telefono non valido: da 6 a 15 cifre, con spazi, + o / se servono.",
                "Invalid telephone number: 6 to 15 digits, with spaces, + or / if needed.",
            ),
            NoShowInFuture => pick(
                it,
                "Non si può segnare come non presentato un appuntamento che deve ancora arrivare.",
                "An appointment still to come cannot be marked as a no-show.",
            ),
            AppointmentNotBooked => pick(
                it,
                "L'appuntamento non è più prenotato (svolto, annullato o non presentato): nulla è stato cambiato.",
                "The appointment is no longer booked (held, cancelled or a no-show): nothing was changed.",
            ),
            AmbiguousAcronym { acronym } => {
                if it {
                    format!("«{acronym}» da solo è ambiguo: scriverlo per esteso, per esempio «Assistenza domiciliare integrata (ADI)» o «Assegno di Inclusione (ADI)».")
                } else {
                    format!("\"{acronym}\" alone is ambiguous: spell it out, e.g. \"Assistenza domiciliare integrata (ADI)\" or \"Assegno di Inclusione (ADI)\".")
                }
            }
            NationalCodeFormat => pick(
                it,
                "Codice non valido: lettere, cifre, punti e trattini, al massimo 20.",
                "Invalid code: letters, digits, dots and dashes, at most 20.",
            ),
            SeveralServices { names } => {
                if it {
                    format!("Più servizi corrispondono: {names}. Scrivere il nome per intero o l'identificativo.")
                } else {
                    format!("Several services match: {names}. Write the full name or the id.")
                }
            }
            ComuneAmbiguous { options } => {
                if it {
                    format!("Più comuni hanno questo nome ({options}): indicare anche la provincia, per esempio «Castro (LE)».")
                } else {
                    format!("Several comuni bear this name ({options}): add the province, for example “Castro (LE)”.")
                }
            }
            UnknownValue => pick(
                it,
                "Valore non riconosciuto: indicarne la corrispondenza nella mappatura dei valori.",
                "Value not recognised: map it to a category in the value mapping.",
            ),
            YesNoFormat => pick(it, "Scrivere «sì» o «no».", "Write “sì” or “no”."),
            BirthFormat => pick(
                it,
                "Nascita non valida: una data gg/mm/aaaa oppure un anno aaaa.",
                "Invalid birth: a date dd/mm/yyyy or a year yyyy.",
            ),
            PersonOrAnonymous => pick(
                it,
                "La riga non indica la persona: servono cognome e nome, oppure «sì» nella colonna anonimo.",
                "The row names no person: surname and name are needed, or “sì” in the anonymous column.",
            ),
            AnonymousWithName => pick(
                it,
                "Una riga anonima non può avere cognome, nome o codice fiscale.",
                "An anonymous row cannot have a surname, a name or a codice fiscale.",
            ),
            ServiceNotInCatalogue => pick(
                it,
                "Servizio non presente nel catalogo: crearlo nella pagina Servizi, oppure indicarne la corrispondenza con un servizio del catalogo.",
                "Service not in the catalogue: create it on the Services page, or map it to a service of the catalogue.",
            ),
            MoreOutcomesThanServices => pick(
                it,
                "Più esiti che servizi d'invio: un esito per ciascun servizio, nello stesso ordine, separati da «|».",
                "More outcomes than referral services: one outcome per service, in the same order, separated by “|”.",
            ),
            BeyondRetention { years } => {
                if it {
                    format!("Colloquio più vecchio del periodo di conservazione ({years} anni): i dati oltre quel periodo non si conservano e non si importano.")
                } else {
                    format!("Contact older than the retention period ({years} years): data past that period are not kept and not imported.")
                }
            }
            OwnerIsOne => pick(
                it,
                "Il titolare è uno solo, chi ha creato l'archivio: scegliere «operatore» o «sola lettura».",
                "There is one owner, who made the archive: choose operator or reader.",
            ),
            RoleUnknown => pick(
                it,
                "Ruolo non riconosciuto: «operatore» (registra) o «sola lettura» (legge soltanto).",
                "Unknown role: operator (records) or reader (reads only).",
            ),
            SeveralPersons => pick(
                it,
                "Più persone, in archivio o nelle righe precedenti del file, hanno questo cognome e nome: aggiungere alla riga il codice fiscale o la data di nascita per indicare quale.",
                "Several persons, on record or in the file's earlier rows, have this surname and name: add the codice fiscale or the birth date to the row to say which.",
            ),
            ColumnMissing { column } => {
                if it {
                    format!("Manca la colonna «{column}»: indicare quale colonna del file la contiene.")
                } else {
                    format!("The column “{column}” is missing: say which column of the file holds it.")
                }
            }
            ColumnTwice { column } => {
                if it {
                    format!("Due colonne del file sono indicate come «{column}»: sceglierne una sola.")
                } else {
                    format!("Two columns of the file are mapped to “{column}”: choose one.")
                }
            }
            FileTooLarge { max_mb } => {
                if it {
                    format!("File troppo grande: al massimo {max_mb} MB. Ridurre la scansione (per esempio in bianco e nero, 150 dpi) e riprovare.")
                } else {
                    format!("File too large: at most {max_mb} MB. Scan it smaller (e.g. black and white, 150 dpi) and try again.")
                }
            }
            FileTypeUnknown => pick(
                it,
                "Tipo di file non ammesso: si allegano solo PDF e immagini JPEG o PNG.",
                "File type not allowed: only PDF files and JPEG or PNG images can be attached.",
            ),
            FileEmpty => pick(it, "Il file è vuoto.", "The file is empty."),
            CaseClosed => pick(
                it,
                "La presa in carico è chiusa: riaprirla prima di aggiungere interventi.",
                "The case is closed: reopen it before adding interventions.",
            ),
            BeforeCaseOpening => pick(
                it,
                "La data non può precedere l'apertura della presa in carico.",
                "The date cannot precede the opening of the case.",
            ),
            CaseOpen => pick(
                it,
                "La presa in carico è aperta: si riapre solo dopo la chiusura.",
                "The case is open: only a closed case can be reopened.",
            ),
            BeforeCaseClosing => pick(
                it,
                "La riapertura deve seguire il giorno della chiusura.",
                "The reopening must come after the day of the closing.",
            ),
            CaseAlreadyOpen => pick(
                it,
                "La persona ha già una presa in carico aperta: la trova nella sua scheda.",
                "The person has an open case already: it is on their page.",
            ),
            NextReviewBeforeReview => pick(
                it,
                "La prossima verifica non può precedere quella svolta.",
                "The next review cannot precede the one held.",
            ),
            CloseBeforeRecords { last } => pick(
                it,
                &format!("La chiusura non può precedere quanto la presa in carico registra già (l'ultimo il {last})."),
                &format!("The closing cannot precede what the case records already (the last on {last})."),
            ),
            MergeTwoOpenCases => pick(
                it,
                "Entrambe le schede hanno una presa in carico aperta: chiuderne una prima di unirle.",
                "Both records have an open case: close one before merging them.",
            ),
            OpeningAfterRecords { first } => pick(
                it,
                &format!("L'apertura non può seguire quanto la presa in carico registra già (il primo il {first})."),
                &format!("The opening cannot follow what the case records already (the first on {first})."),
            ),
            InterventionPastClosing { closed } => pick(
                it,
                &format!("La presa in carico è stata chiusa il {closed}: l'intervento deve iniziare e terminare entro quella data."),
                &format!("The case was closed on {closed}: the intervention must start and end by that date."),
            ),
            CaseOfAnonymous => pick(
                it,
                "La scheda è anonimizzata: la presa in carico resta solo per le statistiche.",
                "The record is anonymised: the case is kept for statistics only.",
            ),
            GoalReached => pick(
                it,
                "L'obiettivo è già raggiunto: non ha altre verifiche.",
                "The goal is reached already: it has no more reviews.",
            ),
            ExpiryBeforeDate => pick(
                it,
                "La scadenza non può precedere la data del documento.",
                "The expiry cannot precede the document's date.",
            ),
            NoSuchService => pick(
                it,
                "Nessun servizio del catalogo corrisponde.",
                "No service of the catalogue matches.",
            ),
            WholeNumber => pick(
                it,
                "Scrivere un numero intero (per esempio 40), oppure lasciare vuoto.",
                "Write a whole number (for example 40), or leave it empty.",
            ),
            InformedBeforeDiscovered => pick(
                it,
                "Il Comune non può essere stato informato prima che la violazione fosse scoperta.",
                "The comune cannot have been told before the breach was discovered.",
            ),
            RevokedBeforeGiven => pick(
                it,
                "La revoca non può precedere la data in cui il consenso è stato dato.",
                "A consent cannot be revoked before the day it was given.",
            ),
            NotPastRetention => pick(
                it,
                "Questa persona non è nell'elenco di chi ha superato il periodo di conservazione: nulla è stato cambiato.",
                "This person is not among those past the retention period: nothing was changed.",
            ),
            EndBeforeStart => pick(
                it,
                "La data di fine deve essere successiva a quella di inizio.",
                "The end date must come after the start date.",
            ),
            TimeFormat => pick(
                it,
                "Ora non valida: usare il formato hh:mm (es. 09:30).",
                "Invalid time: use hh:mm (e.g. 09:30).",
            ),
            HoursFormat => pick(
                it,
                "Ore non valide: scrivere un numero di ore, es. 178 oppure 3,5 oppure 3:30.",
                "Invalid hours: write a number of hours, e.g. 178 or 3.5 or 3:30.",
            ),
            HoursTooMany { max_hours } => {
                if it {
                    format!("Valore troppo alto: al massimo {max_hours} ore.")
                } else {
                    format!("Value too high: at most {max_hours} hours.")
                }
            }
            HoursZero => pick(
                it,
                "Il valore deve essere maggiore di zero.",
                "The value must be greater than zero.",
            ),
            MoneyFormat => pick(
                it,
                "Importo non valido: scrivere euro e centesimi, es. 23,00.",
                "Invalid amount: write euro and cents, e.g. 23.00.",
            ),
            MoneyTooHigh => pick(it, "Importo troppo alto.", "Amount too high."),
            WeeklyCapAboveBudget => pick(
                it,
                "Il tetto settimanale non può superare il monte ore annuo.",
                "The weekly cap cannot exceed the yearly budget.",
            ),
            DurationFormat => pick(
                it,
                "Durata non valida: scrivere i minuti (es. 45) oppure hh:mm.",
                "Invalid duration: write minutes (e.g. 45) or hh:mm.",
            ),
            DurationTooLong => pick(
                it,
                "Durata troppo lunga: al massimo 12 ore.",
                "Duration too long: at most 12 hours.",
            ),
            CfLength => pick(
                it,
                "Il codice fiscale deve avere 16 caratteri.",
                "The codice fiscale must have 16 characters.",
            ),
            CfCharacters => pick(
                it,
                "Codice fiscale non valido: lettere e cifre non sono nelle posizioni attese.",
                "Invalid codice fiscale: letters and digits are not where expected.",
            ),
            CfChecksum => pick(
                it,
                "Codice fiscale non valido: il carattere di controllo non corrisponde.",
                "Invalid codice fiscale: the check character does not match.",
            ),
            CfDay => pick(
                it,
                "Codice fiscale non valido: il giorno di nascita deve essere tra 01 e 31 (tra 41 e 71 per le donne).",
                "Invalid codice fiscale: the day of birth must be 01–31 (41–71 for women).",
            ),
            CfSurnameMismatch => pick(
                it,
                "Attenzione: le lettere del cognome nel codice fiscale non corrispondono al cognome scritto.",
                "Note: the surname letters of the codice fiscale do not match the surname typed.",
            ),
            CfNameMismatch => pick(
                it,
                "Attenzione: le lettere del nome nel codice fiscale non corrispondono al nome scritto.",
                "Note: the name letters of the codice fiscale do not match the name typed.",
            ),
            CfBirthMismatch => pick(
                it,
                "Attenzione: la data di nascita nel codice fiscale è diversa da quella scritta.",
                "Note: the birth date in the codice fiscale differs from the one typed.",
            ),
            CfGenderMismatch => pick(
                it,
                "Attenzione: il sesso indicato dal codice fiscale è diverso da quello scelto.",
                "Note: the sex encoded in the codice fiscale differs from the one chosen.",
            ),
            CfPlaceUnknown { place } => {
                if it {
                    format!("Attenzione: il luogo di nascita del codice fiscale ({place}) non corrisponde a nessun comune o stato noto.")
                } else {
                    format!("Note: the birthplace of the codice fiscale ({place}) matches no known comune or country.")
                }
            }
            CfTaken { .. } => pick(
                it,
                "Esiste già una persona con questo codice fiscale: aprire la sua scheda invece di crearne una nuova.",
                "A person with this codice fiscale is already on record: open their record instead of creating a new one.",
            ),
            CfTakenDeleted { .. } => pick(
                it,
                "Questo codice fiscale appartiene a una persona nel cestino: ripristinarla invece di crearne una nuova.",
                "This codice fiscale belongs to a person in the bin: restore them instead of creating a new one.",
            ),
            PossibleDuplicate { .. } => pick(
                it,
                "Attenzione: esiste già una persona con lo stesso cognome, nome e nascita. Controllare che non sia la stessa.",
                "Note: a person with the same surname, name and birth is on record. Check it is not the same person.",
            ),
            UnknownChoice => pick(
                it,
                "Scelta non valida: sceglierne una dall'elenco.",
                "Invalid choice: pick one from the list.",
            ),
            ComuneUnknown => pick(
                it,
                "Comune non trovato: sceglierlo dall'elenco dei comuni italiani.",
                "Comune not found: choose it from the list of Italian comuni.",
            ),
            HomelessNeedsPoverty => pick(
                it,
                "«Senza dimora» fa parte dell'area Povertà: selezionare anche quell'area.",
                "“Homeless” belongs to the poverty area: select that area too.",
            ),
            ReplyBeforeReferral => pick(
                it,
                "La risposta attesa non può precedere la data del colloquio.",
                "The expected reply cannot come before the colloquio.",
            ),
            OutcomeBeforeReferral => pick(
                it,
                "L'esito non può precedere la data dell'invio.",
                "The outcome cannot come before the referral.",
            ),
            MergeSamePerson => pick(
                it,
                "Scegliere due schede diverse da unire.",
                "Choose two different records to merge.",
            ),
            MergeAnonymous => pick(
                it,
                "Un accesso anonimo non si unisce a una scheda.",
                "An anonymous contact cannot be merged into a record.",
            ),
            MergeNotesTooLong => pick(
                it,
                "Le note sul nucleo delle due schede, insieme, superano i 5000 caratteri: accorciarle prima di unire.",
                "The household notes of the two records together exceed 5000 characters: shorten them before merging.",
            ),
            MemberIsThePerson => pick(
                it,
                "Una persona non può essere componente del proprio nucleo.",
                "A person cannot be a member of their own household.",
            ),
            MemberAlreadyLinked => pick(
                it,
                "Questa persona è già collegata al nucleo.",
                "This person is already linked to the household.",
            ),
            RecordDeleted => pick(
                it,
                "La scheda è nel cestino: ripristinarla prima di modificarla.",
                "The record is in the bin: restore it before changing it.",
            ),
            BirthYearRange => pick(it, "Anno di nascita non valido.", "Invalid year of birth."),
            AtLeastOne => pick(
                it,
                "Selezionare almeno una voce.",
                "Select at least one item.",
            ),
            SlotEndBeforeStart => pick(
                it,
                "L'orario di chiusura deve seguire quello di apertura.",
                "The closing time must come after the opening time.",
            ),
            SlotFormat => pick(
                it,
                "Orario non valido: usare per esempio «mar 09:00-13:00».",
                "Invalid opening slot: use for example «tue 09:00-13:00».",
            ),
            PassphraseTooShort { min } => {
                if it {
                    format!("La frase segreta deve avere almeno {min} caratteri.")
                } else {
                    format!("The passphrase must have at least {min} characters.")
                }
            }
            PassphraseTooCommon => pick(
                it,
                "Frase segreta troppo prevedibile: usare più parole non collegate tra loro.",
                "Passphrase too predictable: use several unrelated words.",
            ),
            PassphraseMismatch => pick(
                it,
                "Le due frasi segrete non coincidono.",
                "The two passphrases do not match.",
            ),
            RecoveryFragmentMismatch => pick(
                it,
                "I caratteri non corrispondono alla chiave di recupero mostrata.",
                "The characters do not match the recovery key shown.",
            ),
            EmailFormat => pick(it, "Indirizzo email non valido.", "Invalid email address."),
            VatFormat => pick(
                it,
                "IVA non valida: scrivere «esente» oppure l'aliquota in percentuale, es. 22.",
                "Invalid VAT: write “exempt” or the rate in percent, e.g. 22.",
            ),
            CapNoteNeeded { total, cap } => {
                let (t, c) = (crate::format::hours_hhmm(crate::Minutes(*total)), crate::format::hours_hhmm(crate::Minutes(*cap)));
                if it {
                    format!("Con questa voce la settimana arriva a {t} ore, oltre il tetto di {c}: scrivere una nota che spieghi il superamento.")
                } else {
                    format!("With this entry the week reaches {t} hours, past the cap of {c}: write a note explaining why.")
                }
            }
            YearLocked { year_start } => {
                let y = crate::format::date(*year_start);
                if it {
                    format!("L'anno contrattuale dal {y} è chiuso: riaprirlo (con il motivo) prima di modificarne le ore.")
                } else {
                    format!("The contract year from {y} is closed: reopen it (with the reason) before changing its hours.")
                }
            }
            AlreadyLocked => pick(it, "L'anno è già chiuso.", "The year is already closed."),
            NotLocked => pick(it, "L'anno non è chiuso.", "The year is not closed."),
            IdleOutOfRange => pick(
                it,
                "Il blocco automatico va da 1 a 60 minuti.",
                "The automatic lock must be between 1 and 60 minutes.",
            ),
        }
    }
}

fn pick(it: bool, italian: &str, english: &str) -> String {
    if it { italian } else { english }.to_string()
}

impl fmt::Display for Msg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text(Lang::It))
    }
}
