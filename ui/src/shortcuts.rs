//! *Scorciatoie da tastiera*: every shortcut of the desk in one table (F1 or ? opens it).

use crate::controls::focus_on_arrival;
use crate::i18n::{t, T};
use crate::widgets::{tr, use_lang};
use leptos::prelude::*;
use sportello_core::Lang;

/// (keys, what it does, where), in Italian and English.
fn shortcuts(l: Lang) -> Vec<(&'static str, &'static str, &'static str)> {
    let it = l == Lang::It;
    let pick = |a: &'static str, b: &'static str| if it { a } else { b };
    vec![
        ("Alt+1 … Alt+8", pick("Apre le sezioni, nell'ordine del menu: Cruscotto, Persone, Invii, Agenda, Ore, Servizi, Report, Impostazioni", "Opens the sections, in the menu's order: Dashboard, Persons, Referrals, Agenda, Hours, Services, Reports, Settings"), pick("Ovunque", "Everywhere")),
        ("Alt+N", pick("Nuovo colloquio (della persona aperta, se c'è)", "New colloquio (of the person on screen, if any)"), pick("Ovunque", "Everywhere")),
        ("Alt+P", pick("Nuova persona", "New person"), pick("Ovunque", "Everywhere")),
        ("Alt+O", pick("Nuova voce ore", "New time entry"), pick("Ore", "Hours")),
        ("F1, ?", pick("Questa pagina", "This page"), pick("Ovunque (? fuori dai campi di testo)", "Everywhere (? outside text fields)")),
        ("Ctrl+Invio", pick("Salva il modulo", "Saves the form"), pick("Moduli (persona, colloquio, ore…)", "Forms (person, colloquio, hours…)")),
        ("Esc", pick("Lascia il modulo (chiede conferma se c'è testo non salvato); chiude finestre di dialogo, pannelli e visualizzatore", "Leaves the form (asks first when text is not saved); closes dialogs, panels and the viewer"), pick("Moduli, finestre di dialogo", "Forms, dialogs")),
        ("↓ ↑, Invio", pick("Scorre i risultati e apre la scheda scelta", "Moves through the results and opens the one chosen"), pick("Ricerca persone, campi con suggerimenti", "Person search, fields with suggestions")),
        ("1 … 9", pick("Seleziona o deseleziona la voce con quel numero", "Ticks or unticks the item with that number"), pick("Prestazioni e aree del colloquio", "The colloquio's services and areas")),
        ("← → ↑ ↓, Inizio, Fine", pick("Passa da una voce all'altra", "Moves between items"), pick("Prestazioni e aree del colloquio", "The colloquio's services and areas")),
        ("Pag↓, Pag↑", pick("Pagina successiva, precedente", "Next, previous page"), pick("Visualizzatore dei documenti", "Document viewer")),
    ]
}

#[component]
pub fn ShortcutsPage() -> impl IntoView {
    let lang = use_lang();
    focus_on_arrival("#content h1");
    view! {
        <section>
            <h1 tabindex="-1">{tr(T::ShortcutsTitle)}</h1>
            <p class="muted">{tr(T::ShortcutsHelp)}</p>
            {move || {
                let l = lang.get();
                view! {
                    <table id="shortcuts">
                        <thead><tr>
                            <th scope="col">{t(l, T::ShortcutKeys)}</th>
                            <th scope="col">{t(l, T::ShortcutWhat)}</th>
                            <th scope="col">{t(l, T::ShortcutWhere)}</th>
                        </tr></thead>
                        <tbody>
                            {shortcuts(l).into_iter().map(|(keys, what, place)| view! {
                                <tr><th scope="row"><kbd>{keys}</kbd></th><td>{what}</td><td>{place}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }
            }}
        </section>
    }
}
