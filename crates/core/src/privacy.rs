//! The data-protection papers of the desk, in Italian: the privacy notice a person receives
//! (art. 13 GDPR), the processor's record of processing activities (art. 30.2) to adapt, the
//! steps to follow after a personal data breach and the retention rule as the app applies it.
//!
//! Everything is built from [`PrivacyParties`] and a date given by the caller, so the same input
//! gives the same [`Document`]: no IO, no clock, and the texts are testable without a PDF.

use crate::document::{Document, Section};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The version of the privacy notice's wording, recorded with the date each person received it.
///
/// Bump rule: any change of wording in [`privacy_notice`] (even a comma) is a new version, so a
/// recorded version always names exactly the text the person was given. The parties' names and
/// the retention years are data, not wording: changing them does not need a new version.
pub const NOTICE_VERSION: &str = "2026-1";

/// What an empty field prints: a visible line to fill in by hand, never an empty string.
pub const FILL_IN: &str = "________________ (da completare)";

/// The retention rule as the app applies it, for the help page.
pub const RETENTION_RULE: &str = "Per quanti anni si conservano i dati dopo l'ultimo contatto lo decide il Comune, titolare del trattamento (10 anni come valore iniziale). Sportello elenca le persone il cui ultimo contatto è più vecchio di quel periodo, ma non anonimizza né cancella nulla da solo: lo fa solo su istruzione del Comune, registrata con chi l'ha data, l'atto e la data. L'anonimizzazione toglie tutto ciò che identifica la persona e conserva solo genere, fascia d'età e gruppo di cittadinanza, per le statistiche; la cancellazione toglie tutto ciò che riguarda la persona, e restano solo le ore già rendicontate al Comune. Il registro delle cancellazioni viene riapplicato a ogni ripristino da una copia, così un backup non riporta indietro dati cancellati; le copie di sicurezza sono cifrate e a rotazione, ed escono di circolazione entro 12 mesi.";

/// Who is who in the processing: the comune (controller), its DPO, the cooperative running the
/// desk (processor), and the retention period the comune has set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct PrivacyParties {
    /// The controller, as it names itself: "Comune di Borgo San Pietro".
    pub comune: String,
    pub comune_address: String,
    /// PEC or email of the comune.
    pub comune_contact: String,
    /// The comune's DPO (*RPD*): a name or an office.
    pub dpo: String,
    pub dpo_contact: String,
    /// The cooperative running the desk on the comune's behalf: the processor (art. 28).
    pub provider: String,
    /// Where and when the desk is held; optional, the notice leaves the line out when empty.
    pub desk: String,
    /// Years the data are kept after the last contact; 0 means not set yet and prints a blank.
    pub retention_years: u32,
}

/// The privacy notice (*informativa*, art. 13 GDPR) for persons who come to the desk.
pub fn privacy_notice(parties: &PrivacyParties, date: NaiveDate) -> Document {
    let p = parties;
    let mut processor = vec![("Responsabile del trattamento", fill(&p.provider))];
    if !p.desk.trim().is_empty() {
        processor.push(("Sportello", p.desk.trim().to_string()));
    }
    let sections = vec![
        Section::new("Titolare del trattamento")
            .paragraph("Il Comune decide perché e come sono trattati i suoi dati, e ne risponde.")
            .facts([
                ("Titolare", fill(&p.comune)),
                ("Indirizzo", fill(&p.comune_address)),
                ("Contatti", fill(&p.comune_contact)),
            ]),
        Section::new("Responsabile della protezione dei dati")
            .paragraph(
                "Il Comune ha designato un responsabile della protezione dei dati (RPD, in inglese DPO), a cui può rivolgersi per ogni domanda sui suoi dati.",
            )
            .facts([("RPD", fill(&p.dpo)), ("Contatti", fill(&p.dpo_contact))]),
        Section::new("Responsabile del trattamento")
            .paragraph(
                "Lo sportello è gestito per conto del Comune da un ente che, in base a un contratto (art. 28 del Regolamento), può usare i suoi dati solo per questo servizio e solo secondo le istruzioni del Comune. Alla fine del contratto restituisce o cancella i dati, come decide il Comune.",
            )
            .facts(processor),
        Section::new("Finalità")
            .paragraph("Usiamo i suoi dati per:")
            .items([
                "ascoltarla e capire la sua situazione e le sue richieste;",
                "darle informazioni sui servizi, sui diritti e sulle prestazioni a cui può accedere;",
                "orientarla e, se serve, accompagnarla verso i servizi del territorio;",
                "inviarla ai servizi competenti e verificare come è andata;",
                "avviare, quando serve, una presa in carico con un progetto personalizzato;",
                "preparare per il Comune statistiche anonime e aggregate sull'attività dello sportello, da cui nessuno può essere riconosciuto.",
            ]),
        Section::new("Base giuridica")
            .paragraph(
                "Il Segretariato Sociale è un servizio pubblico del Comune (legge 8 novembre 2000, n. 328, art. 22). I suoi dati sono trattati per svolgere un compito di interesse pubblico (art. 6, paragrafo 1, lettera e) del Regolamento) e, per i dati sulla salute e le altre categorie particolari, per motivi di interesse pubblico rilevante (art. 9, paragrafo 2, lettera g) del Regolamento e art. 2-sexies del D.Lgs. 196/2003, Codice in materia di protezione dei dati personali, come modificato dal D.Lgs. 101/2018).",
            )
            .paragraph(
                "Il servizio non dipende dal suo consenso: non deve firmare nessun consenso per ricevere ascolto, informazioni o aiuto.",
            )
            .paragraph(
                "Può anche rivolgersi allo sportello senza dire il suo nome: in questo caso annotiamo solo genere, fascia d'età e cittadinanza, per le statistiche. Senza i dati necessari, però, non possiamo accompagnarla né inviarla a un servizio.",
            ),
        Section::new("Categorie di dati")
            .items([
                "dati anagrafici e di contatto (nome, codice fiscale, data di nascita, indirizzo, telefono, email);",
                "situazione familiare, abitativa, lavorativa ed economica, per quanto serve a capire la richiesta;",
                "categorie particolari di dati (art. 9 del Regolamento), in particolare dati sulla salute, quando servono per orientarla o inviarla ai servizi;",
                "dati relativi a condanne penali e reati (art. 10 del Regolamento), solo se necessari e solo nei casi previsti dalla legge (art. 2-octies del Codice);",
                "le sue richieste, i colloqui, gli invii ai servizi e il loro esito.",
            ])
            .paragraph(
                "Di solito i dati ce li dà lei; a volte arrivano da un familiare o dal servizio che la manda allo sportello.",
            ),
        Section::new("Consensi specifici")
            .paragraph("Le chiediamo un consenso solo per ciò che va oltre il servizio:")
            .items([
                "comunicare i suoi dati a enti privati del terzo settore (associazioni, cooperative, Caritas, CAF e patronati);",
                "contattarla per SMS, con app di messaggistica o per email;",
                "la presenza di una terza persona (per esempio un familiare o un conoscente) durante il colloquio.",
            ])
            .paragraph(
                "Ogni consenso è annotato con la sua data. Può darlo o negarlo, e revocarlo in qualsiasi momento, anche a voce allo sportello, senza alcuna conseguenza sul servizio. La revoca vale da quel momento in poi.",
            ),
        Section::new("Destinatari")
            .paragraph("I suoi dati sono comunicati solo quando serve, e solo quelli necessari:")
            .items([
                "ai servizi pubblici del territorio a cui la inviamo: ASL e servizi sanitari, centro per l'impiego, scuole, servizi sociali professionali;",
                "a enti privati del terzo settore, solo con il suo consenso;",
                "all'autorità giudiziaria o ad altre autorità, solo nei casi previsti dalla legge.",
            ])
            .paragraph(
                "I dati non sono trasferiti fuori dall'Unione europea. Non ci sono decisioni automatizzate né profilazione: ogni valutazione la fa una persona.",
            ),
        Section::new("Conservazione").paragraph(format!(
            "I suoi dati sono conservati per {} dall'ultimo contatto con lo sportello. Poi, su istruzione del Comune, sono resi anonimi o cancellati. Le copie di sicurezza (backup) sono cifrate e a rotazione, così ognuna esce di circolazione entro 12 mesi.",
            years(p.retention_years)
        )),
        Section::new("Sicurezza").paragraph(
            "I dati sono tenuti in un archivio cifrato sul computer dell'operatrice, e anche le copie di sicurezza sono cifrate. Possono aprirli solo l'operatrice dello sportello e chi la sostituisce per incarico scritto; il programma non invia nulla in rete e ogni modifica resta registrata.",
        ),
        Section::new("Diritti")
            .paragraph("Lei ha diritto di:")
            .items([
                "accesso (art. 15): sapere quali dati abbiamo e averne una copia; le parti che riguardano altre persone sono omesse, per proteggere anche loro;",
                "rettifica (art. 16): far correggere o completare i dati sbagliati o incompleti;",
                "cancellazione (art. 17): nei limiti previsti, perché i dati servono a un compito di interesse pubblico;",
                "limitazione (art. 18): chiedere che i dati siano solo conservati, per esempio mentre si verifica una correzione;",
                "opposizione (art. 21): opporsi al trattamento per motivi legati alla sua situazione particolare;",
                "revocare in qualsiasi momento i consensi specifici.",
            ])
            .paragraph(format!(
                "Per esercitarli basta chiederlo all'operatrice allo sportello, oppure scrivere al Comune ({}) o al responsabile della protezione dei dati ({}). La risposta arriva entro un mese.",
                fill(&p.comune_contact),
                fill(&p.dpo_contact)
            )),
        Section::new("Reclamo").paragraph(
            "Se ritiene che i suoi dati siano trattati in modo non corretto, può presentare reclamo al Garante per la protezione dei dati personali (www.garanteprivacy.it) o rivolgersi al giudice.",
        ),
        Section::new("Presa visione")
            .paragraph(format!(
                "Informativa versione {NOTICE_VERSION}, documento del {}. La firma attesta solo che la persona ha ricevuto l'informativa: non è un consenso.",
                crate::format::date(date)
            ))
            .blank("Data")
            .blank("Firma della persona (o di chi la rappresenta)")
            .blank("Firma dell'operatrice"),
    ];
    Document {
        id: format!("INF-{NOTICE_VERSION}"),
        title: "Informativa sul trattamento dei dati personali".to_string(),
        subtitle: "Segretariato Sociale — art. 13 del Regolamento (UE) 2016/679".to_string(),
        issuer: fill(&p.comune),
        date,
        sections,
        large_print: false,
    }
}

/// The processor's record of processing activities (art. 30.2 GDPR), prefilled with what
/// Sportello does and knows, and with blanks for what the provider must adapt.
pub fn processing_record(parties: &PrivacyParties, date: NaiveDate) -> Document {
    let p = parties;
    let sections = vec![
        Section::new("a) Responsabile, titolare e responsabili della protezione dei dati").facts([
            ("Responsabile del trattamento", fill(&p.provider)),
            ("Sede e dati di contatto del responsabile", FILL_IN.to_string()),
            ("Legale rappresentante del responsabile", FILL_IN.to_string()),
            ("RPD del responsabile (se designato)", FILL_IN.to_string()),
            ("Titolare per conto del quale si agisce", fill(&p.comune)),
            ("Sede del titolare", fill(&p.comune_address)),
            ("Contatti del titolare", fill(&p.comune_contact)),
            ("RPD del titolare", fill(&p.dpo)),
            ("Contatti dell'RPD del titolare", fill(&p.dpo_contact)),
            (
                "Rappresentante ai sensi dell'art. 27",
                "non applicabile (titolare e responsabile stabiliti nell'Unione)".to_string(),
            ),
        ]),
        Section::new("b) Categorie di trattamenti effettuati per conto del titolare").facts([
            (
                "Servizio",
                format!("Segretariato Sociale per conto del titolare ({})", fill(&p.comune)),
            ),
            (
                "Colloqui",
                "ascolto e colloqui allo sportello, al telefono, per email o a domicilio, e loro registrazione".to_string(),
            ),
            (
                "Informazione e orientamento",
                "informazioni su servizi, diritti e prestazioni; orientamento ai servizi del territorio".to_string(),
            ),
            (
                "Invii",
                "invii e segnalazioni ai servizi del territorio, con verifica dell'esito".to_string(),
            ),
            (
                "Documentazione dei casi",
                "scheda della persona, prese in carico, progetti personalizzati, documenti allegati".to_string(),
            ),
            (
                "Rilevazione delle ore",
                "ore di lavoro allo sportello e di back office per il rendiconto al titolare previsto dal contratto".to_string(),
            ),
            (
                "Statistiche",
                "statistiche aggregate e anonime per il titolare, con i conteggi inferiori a 3 oscurati".to_string(),
            ),
            (
                "Interessati",
                "persone che si rivolgono allo sportello, loro familiari, rappresentanti legali e delegati; operatrici".to_string(),
            ),
            (
                "Categorie di dati",
                "anagrafici e di contatto; situazione familiare, abitativa, lavorativa ed economica; dati relativi alla salute (art. 9); dati giudiziari (art. 10) solo se previsto dalla legge".to_string(),
            ),
            (
                "Base giuridica del titolare",
                "art. 6.1.e e art. 9.2.g del Regolamento; art. 2-sexies del D.Lgs. 196/2003".to_string(),
            ),
            (
                "Conservazione",
                format!(
                    "{} dall'ultimo contatto, poi anonimizzazione o cancellazione solo su istruzione registrata del titolare",
                    years(p.retention_years)
                ),
            ),
        ]),
        Section::new("c) Trasferimenti verso paesi terzi").facts([
            ("Trasferimenti verso paesi terzi o organizzazioni internazionali", "nessuno"),
            ("Garanzie (art. 49, paragrafo 1, secondo comma)", "non applicabile"),
        ]),
        Section::new("d) Misure tecniche e organizzative (art. 32, paragrafo 1)").facts([
            (
                "Cifratura dell'archivio",
                "database SQLCipher cifrato con AES-256 pagina per pagina; nessun dato in chiaro sul disco",
            ),
            (
                "Protezione della chiave",
                "chiave casuale a 256 bit cifrata con age alla frase segreta dell'operatrice (scrypt)",
            ),
            (
                "Chiave di recupero",
                "stampata su carta nel kit di recupero, custodita sotto chiave, lontano dal portatile e dai backup",
            ),
            (
                "Copie di sicurezza",
                "backup cifrati con age e verificati alla creazione; rotazione che elimina ogni copia entro 12 mesi",
            ),
            (
                "Ripristino",
                "ripristino da copia con verifica completa prima di sostituire l'archivio",
            ),
            (
                "Blocco automatico",
                "l'archivio si blocca dopo un periodo di inattività, alla sospensione del computer e al blocco dello schermo",
            ),
            (
                "Storico delle modifiche",
                "ogni modifica registrata con autore, data, prima e dopo, in una catena di hash verificabile",
            ),
            ("Rete", "il programma non usa connessioni di rete e non invia dati a servizi esterni"),
            (
                "Accesso",
                "solo l'operatrice designata, con frase segreta personale; un sostituto designato per iscritto",
            ),
            (
                "Minimizzazione",
                "statistiche senza dati identificativi; nessun dato personale in log, nomi di file o titoli di finestra",
            ),
            (
                "Violazioni dei dati",
                "procedura e registro delle violazioni; informazione al titolare senza ingiustificato ritardo (art. 33, paragrafo 2)",
            ),
            (
                "Fine del contratto",
                "restituzione o cancellazione dei dati secondo le istruzioni del titolare (art. 28, paragrafo 3, lettera g)",
            ),
        ]),
        Section::new("Da adattare")
            .paragraph(
                "Questo registro è precompilato da Sportello: il responsabile lo completa, lo verifica e lo tiene aggiornato.",
            )
            .items([
                "sede, dati di contatto e legale rappresentante del responsabile; RPD del responsabile, se designato;",
                "estremi del contratto con il titolare e dell'atto che designa il responsabile (art. 28);",
                "nome dell'operatrice designata e del sostituto, con gli atti di designazione;",
                "dove sono custoditi la chiavetta dei backup e il kit di recupero;",
                "misure sul computer: aggiornamenti, antivirus, cifratura del disco, blocco dello schermo con password;",
                "frequenza delle prove di ripristino da una copia;",
                "eventuali sub-responsabili autorizzati dal titolare (art. 28, paragrafo 2), oppure «nessuno»;",
                "data dell'ultimo aggiornamento del registro.",
            ])
            .blank("Luogo e data")
            .blank("Firma del legale rappresentante del responsabile"),
    ];
    Document {
        id: "REG-30-2".to_string(),
        title: "Registro delle attività di trattamento".to_string(),
        subtitle:
            "Responsabile del trattamento — art. 30, paragrafo 2, del Regolamento (UE) 2016/679"
                .to_string(),
        issuer: fill(&p.provider),
        date,
        sections,
        large_print: false,
    }
}

/// The steps (title, text) the operator follows after a personal data breach, in order.
pub fn breach_procedure() -> Vec<(&'static str, &'static str)> {
    vec![
        (
            "1. Limitare i danni",
            "Fermare subito ciò che si può fermare: bloccare l'archivio, chiedere a chi ha ricevuto per errore un invio di cancellarlo e di confermarlo per iscritto, cercare il portatile o la chiavetta, denunciare un furto alle forze dell'ordine, spostare lo schermo o chiudere la porta.",
        ),
        (
            "2. Annotarla nel registro delle violazioni",
            "Nel registro delle violazioni di Sportello annotare quando è stata scoperta (e, se si sa, quando è avvenuta), che cosa è successo, quali dati e quante persone sono coinvolte, anche in modo approssimativo, e le misure prese. Si annota ogni violazione, anche quella a basso rischio: il Comune deve poterle documentare tutte (art. 33, paragrafo 5).",
        ),
        (
            "3. Informare il Comune senza ingiustificato ritardo",
            "Il responsabile del trattamento informa il titolare senza ingiustificato ritardo (art. 33, paragrafo 2): avvisare subito il Comune e il suo responsabile della protezione dei dati, per telefono e poi per iscritto (PEC o email), anche se non si sa ancora tutto; i dettagli si aggiungono dopo. Avvisare anche il legale rappresentante della cooperativa.",
        ),
        (
            "4. Che cosa comunicare",
            "La natura della violazione; le categorie e il numero approssimativo delle persone e delle registrazioni coinvolte; le conseguenze probabili; le misure prese o proposte per porvi rimedio e attenuarne gli effetti; il nome e il recapito di chi può dare altre informazioni.",
        ),
        (
            "5. Chi decide dopo",
            "Decide il Comune, come titolare: se notificare la violazione al Garante entro 72 ore da quando ne è venuto a conoscenza (art. 33, paragrafo 1) e se comunicarla alle persone coinvolte (art. 34). L'operatrice non avvisa da sola il Garante né le persone, salvo istruzione del Comune, e collabora a ciò che il Comune decide.",
        ),
        (
            "6. Portatile o chiavetta cifrati",
            "Se si perde un portatile o una chiavetta dei backup, ma la frase segreta e il kit di recupero non sono stati esposti, i dati restano illeggibili: è un caso a basso rischio, che però si annota nel registro e si comunica comunque al Comune. Se l'archivio era sbloccato al momento del furto, il rischio non è basso.",
        ),
        (
            "7. Frase segreta o kit di recupero esposti",
            "Se la frase segreta o il kit di recupero possono essere finiti in altre mani: in Impostazioni cambiare la frase segreta («Cambia la frase segreta»), cambiare la chiave dell'archivio («Cambia la chiave dell'archivio») e creare una nuova chiave di recupero («Crea una nuova chiave di recupero»), poi stampare e custodire il nuovo kit. Le copie fatte prima si aprono ancora con il vecchio kit: se anche una di quelle è fuori controllo, dirlo al Comune.",
        ),
        (
            "8. Dopo",
            "Annotare nel registro le decisioni del Comune, le misure prese e che cosa cambiare perché non succeda di nuovo.",
        ),
    ]
}

/// A party's field as printed: the text, or a visible line to fill in when it is empty.
fn fill(s: &str) -> String {
    let t = s.trim();
    if t.is_empty() {
        FILL_IN.to_string()
    } else {
        t.to_string()
    }
}

/// The retention period as printed: "10 anni", "1 anno", or a blank when not set (0).
fn years(n: u32) -> String {
    match n {
        0 => format!("{FILL_IN} anni"),
        1 => "1 anno".to_string(),
        n => format!("{n} anni"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Block;

    fn d() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 24).expect("valid test date")
    }

    fn parties() -> PrivacyParties {
        PrivacyParties {
            comune: "Comune di Borgo San Pietro".to_string(),
            comune_address: "Piazza del Municipio 1, 00000 Borgo San Pietro".to_string(),
            comune_contact: "protocollo@pec.comune.borgosanpietro.it".to_string(),
            dpo: "Studio Rossi RPD".to_string(),
            dpo_contact: "rpd@studiorossi.it".to_string(),
            provider: "Cooperativa Sociale Il Ponte".to_string(),
            desk: "Municipio, martedì 9:00-13:00".to_string(),
            retention_years: 10,
        }
    }

    #[test]
    fn notice_names_the_parties_the_bases_and_the_retention() {
        let doc = privacy_notice(&parties(), d());
        let text = doc.plain_text();
        assert_eq!(doc.id, "INF-2026-1");
        assert_eq!(doc.issuer, "Comune di Borgo San Pietro");
        for needle in [
            "Comune di Borgo San Pietro",
            "Studio Rossi RPD",
            "rpd@studiorossi.it",
            "Cooperativa Sociale Il Ponte",
            "Municipio, martedì 9:00-13:00",
            "art. 6, paragrafo 1, lettera e)",
            "art. 9, paragrafo 2, lettera g)",
            "2-sexies",
            "Il servizio non dipende dal suo consenso",
            "per 10 anni dall'ultimo contatto",
            "entro 12 mesi",
            "www.garanteprivacy.it",
            "versione 2026-1, documento del 24/11/2026",
        ] {
            assert!(text.contains(needle), "missing {needle:?}");
        }
        assert!(!text.contains(FILL_IN));
    }

    #[test]
    fn notice_ends_with_the_signature_blanks() {
        let doc = privacy_notice(&parties(), d());
        let last = doc.sections.last().expect("a last section");
        assert_eq!(last.title, "Presa visione");
        let blanks: Vec<&str> = last
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Blank(l) => Some(l.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(
            blanks,
            [
                "Data",
                "Firma della persona (o di chi la rappresenta)",
                "Firma dell'operatrice"
            ]
        );
    }

    #[test]
    fn empty_parties_print_the_fill_in_blank() {
        let empty = PrivacyParties::default();
        for doc in [privacy_notice(&empty, d()), processing_record(&empty, d())] {
            assert!(doc.plain_text().contains(FILL_IN), "{}", doc.id);
            assert_eq!(doc.issuer, FILL_IN);
            for block in doc.sections.iter().flat_map(|s| &s.blocks) {
                if let Block::Facts(facts) = block {
                    for (label, value) in facts {
                        assert!(!value.trim().is_empty(), "{label} is empty in {}", doc.id);
                    }
                }
            }
        }
        let notice = privacy_notice(&empty, d()).plain_text();
        assert!(notice.contains(&format!("per {FILL_IN} anni")));
        assert!(!notice.contains("Sportello: "), "an empty desk is left out");
    }

    #[test]
    fn record_of_processing_is_art_30_2_of_the_provider() {
        let doc = processing_record(&parties(), d());
        let text = doc.plain_text();
        assert_eq!(doc.id, "REG-30-2");
        assert!(text.contains("art. 30, paragrafo 2"));
        assert!(text.contains("Cooperativa Sociale Il Ponte"));
        assert!(text.contains("Comune di Borgo San Pietro"));
        assert!(text.contains("SQLCipher"));
        assert!(text.contains("Firma del legale rappresentante del responsabile"));
    }

    #[test]
    fn breach_procedure_informs_the_comune_without_delay() {
        let steps = breach_procedure();
        let all: String = steps.iter().map(|(t, s)| format!("{t} {s}\n")).collect();
        assert!(all.contains("senza ingiustificato ritardo"));
        assert!(all.contains("72 ore"));
        assert!(all.contains("«Cambia la chiave dell'archivio»"));
        assert!(steps.iter().all(|(t, s)| !t.is_empty() && !s.is_empty()));
    }

    #[test]
    fn retention_rule_names_the_instruction_and_the_backups() {
        for needle in [
            "10 anni",
            "istruzione del Comune",
            "12 mesi",
            "fascia d'età",
        ] {
            assert!(RETENTION_RULE.contains(needle), "missing {needle:?}");
        }
    }

    #[test]
    fn years_are_singular_plural_or_blank() {
        assert_eq!(years(1), "1 anno");
        assert_eq!(years(10), "10 anni");
        assert!(years(0).starts_with(FILL_IN));
    }
}
