//! The demo's words: names, places, streets, the unmet needs, notes and the colloqui's
//! summaries. Invented, and plausible for a small comune of the Langa Astigiana.

use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;
use sportello_core::{Area, RequestType};

pub const SURNAMES: &[&str] = &[
    "Rossi",
    "Russo",
    "Ferrari",
    "Esposito",
    "Bianchi",
    "Romano",
    "Colombo",
    "Ricci",
    "Marino",
    "Greco",
    "Bruno",
    "Gallo",
    "Conti",
    "De Luca",
    "Mancini",
    "Costa",
    "Giordano",
    "Rizzo",
    "Lombardi",
    "Moretti",
    "Barbieri",
    "Fontana",
    "Santoro",
    "Mariani",
    "Rinaldi",
    "Caruso",
    "Ferrara",
    "Galli",
    "Martini",
    "Leone",
    "Longo",
    "Gentile",
    "Martinelli",
    "Vitale",
    "Lombardo",
    "Serra",
    "Coppola",
    "De Santis",
    "D'Angelo",
    "Marchetti",
    "Parisi",
    "Villa",
    "Conte",
    "Ferraro",
    "Ferri",
    "Fabbri",
    "Bianco",
    "Marini",
    "Grasso",
    "Valentini",
    "Messina",
    "Sala",
    "De Angelis",
    "Gatti",
    "Pellegrini",
    "Palumbo",
    "Sanna",
    "Farina",
    "Rizzi",
    "Monti",
    "Cattaneo",
    "Morelli",
];
pub(super) const FEMALE_NAMES: &[&str] = &[
    "Maria",
    "Anna",
    "Giuseppina",
    "Rosa",
    "Angela",
    "Giovanna",
    "Teresa",
    "Lucia",
    "Carmela",
    "Caterina",
    "Francesca",
    "Antonietta",
    "Paola",
    "Laura",
    "Giulia",
    "Chiara",
    "Sara",
    "Elena",
    "Silvia",
    "Alessandra",
    "Martina",
    "Federica",
    "Valentina",
    "Roberta",
    "Daniela",
    "Simona",
    "Patrizia",
    "Luisa",
    "Rita",
    "Franca",
];
pub(super) const MALE_NAMES: &[&str] = &[
    "Giuseppe",
    "Giovanni",
    "Antonio",
    "Mario",
    "Luigi",
    "Francesco",
    "Angelo",
    "Vincenzo",
    "Pietro",
    "Salvatore",
    "Carlo",
    "Franco",
    "Domenico",
    "Bruno",
    "Paolo",
    "Michele",
    "Giorgio",
    "Aldo",
    "Sergio",
    "Luciano",
    "Marco",
    "Andrea",
    "Luca",
    "Stefano",
    "Alessandro",
    "Roberto",
    "Davide",
    "Matteo",
    "Simone",
    "Fabio",
];
pub const FOREIGN_SURNAMES: &[&str] = &[
    "Popescu",
    "Ionescu",
    "Hoxha",
    "El Amrani",
    "Benali",
    "Singh",
    "Kaur",
    "Chen",
    "Diallo",
    "Okafor",
    "Kovalenko",
    "Shehu",
];
pub(super) const FOREIGN_FEMALE: &[&str] = &[
    "Fatima", "Elena", "Ana", "Aisha", "Olena", "Mei", "Amina", "Irina",
];
pub(super) const FOREIGN_MALE: &[&str] = &[
    "Mohamed",
    "Ion",
    "Arben",
    "Youssef",
    "Gurpreet",
    "Wei",
    "Mamadou",
    "Oleksandr",
];
/// Belfiore codes of comuni (Italian-born) and of countries (foreign-born).
pub(super) const BIRTH_PLACES_IT: &[&str] = &[
    "H501", "F205", "L219", "F839", "A944", "D612", "G273", "L736", "A662", "C351",
];
pub(super) const BIRTH_PLACES_EU: &[&str] = &["Z129", "Z127", "Z112"];
pub(super) const BIRTH_PLACES_NON_EU: &[&str] = &["Z100", "Z330", "Z210", "Z222", "Z343", "Z138"];
pub(super) const STREETS: &[&str] = &[
    "Via Roma",
    "Via Garibaldi",
    "Via Mazzini",
    "Piazza del Municipio",
    "Via dei Mulini",
    "Via Verdi",
    "Borgo San Rocco",
    "Via della Chiesa",
];

/// The demo's unmet needs: the need, the missing resource, and the area it belongs to.
pub const UNMET: &[(&str, &str, Area)] = &[
    (
        "Posto letto per la notte",
        "Dormitorio o accoglienza notturna",
        Area::Poverty,
    ),
    (
        "Trasporto settimanale per le terapie",
        "Servizio di trasporto sociale",
        Area::Disability,
    ),
    (
        "Assistenza domiciliare nel fine settimana",
        "SAD nei giorni festivi",
        Area::Elderly,
    ),
    (
        "Alloggio a canone sostenibile",
        "Alloggi di edilizia sociale disponibili",
        Area::Poverty,
    ),
    (
        "Mediazione linguistica",
        "Mediatore culturale",
        Area::Immigrants,
    ),
];

pub(super) const CAP_NOTES: &[&str] = &[
    "Accompagnamento urgente in ospedale concordato con il Comune.",
    "Riunione straordinaria dell'équipe territoriale.",
    "Recupero delle ore della settimana di chiusura per neve.",
];

pub(super) const FEEDBACK: &[&str] = &[
    "",
    "Il servizio ha fissato un primo colloquio.",
    "Contatto avvenuto, in valutazione.",
    "La persona non si è presentata.",
];

pub(super) fn summary_text(rng: &mut ChaCha8Rng, area: Area, request: RequestType) -> String {
    let opening = [
        "La persona si presenta allo sportello",
        "Colloquio richiesto dalla persona",
        "Accesso spontaneo",
        "Colloquio di ritorno",
    ]
    .choose(rng)
    .copied()
    .unwrap_or("Colloquio");
    let topic = match area {
        Area::Poverty => "per difficoltà economiche: affitto arretrato e bollette da pagare",
        Area::Elderly => "per un familiare anziano non più autosufficiente che vive solo",
        Area::Family => "per il sostegno ai figli minori e la conciliazione con il lavoro",
        Area::Immigrants => "per il rinnovo del permesso di soggiorno e l'iscrizione anagrafica",
        Area::Disability => "per il riconoscimento dell'invalidità e i trasporti al centro diurno",
        Area::Addiction => "per un familiare con problemi di dipendenza",
        Area::Multiple => "per bisogni che toccano più aree",
    };
    format!("{opening} {topic}. Richiesta: {}. Fornite informazioni sui requisiti e sui documenti necessari.", request.label(sportello_core::Lang::It).to_lowercase())
}
