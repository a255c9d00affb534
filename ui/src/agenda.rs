//! The agenda: a week of the desk's opening slots, closures and holidays shown, the
//! appointments of each day; booking by keyboard for a person of the archive or for someone
//! not yet registered (a name and a telephone), prefilled with the first free time; held (the
//! colloquio form opens prefilled), moved, cancelled with a reason, marked as a no-show; the
//! day's list printed for her.

use crate::api::call;
use crate::controls::{focus_soon, Combobox};
use crate::i18n::{t, T};
use crate::person_page::person_matches;
use crate::session::{use_nav, Route};
use crate::widgets::{field_error, tr, use_lang, Checkbox, Field, Notice};
use chrono::{Datelike, Days, NaiveDate};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::Serialize;
use sportello_core::ipc::{
    AgendaWeekView, AppointmentRequest, BookRequest, CancelRequest, MoveRequest, WeekRequest,
};
use sportello_core::model::{
    AppointmentForm, AppointmentStatus, AppointmentSummary, DEFAULT_APPOINTMENT_MINUTES,
};
use sportello_core::{format, AppointmentId, FormErrors, Lang, PersonId};

#[derive(Serialize)]
struct Args<R: Serialize> {
    request: R,
}

/// What the panel under the booking form is doing with one appointment.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Action {
    Cancel(AppointmentId),
    Move(AppointmentId),
}

fn weekday_name(l: Lang, date: NaiveDate) -> &'static str {
    let i = date.weekday().num_days_from_monday() as usize;
    match l {
        Lang::It => [
            "lunedì",
            "martedì",
            "mercoledì",
            "giovedì",
            "venerdì",
            "sabato",
            "domenica",
        ][i],
        Lang::En => [
            "Monday",
            "Tuesday",
            "Wednesday",
            "Thursday",
            "Friday",
            "Saturday",
            "Sunday",
        ][i],
    }
}

fn status_label(l: Lang, s: AppointmentStatus) -> &'static str {
    match s {
        AppointmentStatus::Booked => t(l, T::StatusBooked),
        AppointmentStatus::Held => t(l, T::StatusHeld),
        AppointmentStatus::Cancelled => t(l, T::StatusCancelled),
        AppointmentStatus::NoShow => t(l, T::StatusNoShow),
    }
}

/// Moves the focus to the first field a refusal names (`book-date`, `move-start`…), so she
/// corrects it at once.
fn focus_first_error(errors: &FormErrors, prefix: &str) {
    if let Some(first) = errors.0.first() {
        let id = format!("#{prefix}-{}", first.field.replace('_', "-"));
        request_animation_frame(move || {
            crate::controls::focus_now(&id);
        });
    }
}

#[component]
pub fn AgendaPage() -> impl IntoView {
    let lang = use_lang();
    let nav = use_nav();
    let week_of = RwSignal::new(crate::widgets::today());
    let week = RwSignal::new(None::<AgendaWeekView>);
    // The navigation's notice: "Colloquio salvato." from a held appointment shows here too.
    let notice = nav.notice;
    // A refusal's summary, apart from the confirmations: red, announced at once.
    let error = RwSignal::new(None::<String>);
    let fail = move |message: String| {
        notice.set(None);
        error.set(Some(message));
    };
    Effect::new(move |_| {
        if notice.with(Option::is_some) {
            error.set(None);
        }
    });
    // The booking form.
    let person = RwSignal::new(None::<(PersonId, String)>);
    let person_query = RwSignal::new(String::new());
    let person_found = RwSignal::new(Vec::<(String, String)>::new());
    person_matches(person_query, person_found, None);
    let guest = RwSignal::new(false);
    let guest_name = RwSignal::new(String::new());
    let guest_phone = RwSignal::new(String::new());
    let date = RwSignal::new(String::new());
    let start = RwSignal::new(String::new());
    let duration = RwSignal::new(DEFAULT_APPOINTMENT_MINUTES.to_string());
    let note = RwSignal::new(String::new());
    let errors = RwSignal::new(FormErrors::default());
    // Cancel and move.
    let action = RwSignal::new(None::<Action>);
    let reason = RwSignal::new(String::new());
    let move_date = RwSignal::new(String::new());
    let move_start = RwSignal::new(String::new());
    let move_duration = RwSignal::new(String::new());
    let action_errors = RwSignal::new(FormErrors::default());

    let load = move |prefill: bool| {
        let request = WeekRequest {
            date: week_of.get_untracked(),
        };
        spawn_local(async move {
            match call::<AgendaWeekView>("agenda_week", &Args { request }).await {
                Ok(v) => {
                    if prefill {
                        if let Some((d, s)) = v.next_free {
                            date.set(format::date(d));
                            start.set(format::time(s));
                        }
                    }
                    week.set(Some(v));
                }
                Err(e) => fail(e.message),
            }
        });
    };
    load(true);
    crate::controls::focus_on_arrival("#book-person");
    let shift = move |days: i64| {
        let d = week_of.get_untracked();
        let moved = if days >= 0 {
            d.checked_add_days(Days::new(days.unsigned_abs()))
        } else {
            d.checked_sub_days(Days::new(days.unsigned_abs()))
        };
        week_of.set(moved.unwrap_or(d));
        load(false);
    };

    let book = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let l = lang.get_untracked();
        let form = AppointmentForm {
            person: if guest.get_untracked() {
                None
            } else {
                person.get_untracked().map(|(p, _)| p)
            },
            guest_name: guest_name.get_untracked(),
            guest_phone: guest_phone.get_untracked(),
            date: date.get_untracked(),
            start: start.get_untracked(),
            duration: duration.get_untracked(),
            note: note.get_untracked(),
        };
        if !guest.get_untracked() && form.person.is_none() {
            errors.set(FormErrors::single("person", sportello_core::Msg::Required));
            focus_soon("#book-person");
            fail(t(l, T::ChoosePersonOrGuest).to_string());
            return;
        }
        if let Err(e) = form.parse() {
            focus_first_error(&e, "book");
            errors.set(e);
            fail(t(l, T::FormHasErrors).to_string());
            return;
        }
        spawn_local(async move {
            let booked_date = sportello_core::format::parse_date(&form.date).ok();
            match call::<AppointmentId>(
                "book_appointment",
                &Args {
                    request: BookRequest { form },
                },
            )
            .await
            {
                Ok(_) => {
                    errors.set(FormErrors::default());
                    notice.set(Some(t(l, T::AppointmentBooked).to_string()));
                    person.set(None);
                    guest.set(false);
                    guest_name.set(String::new());
                    guest_phone.set(String::new());
                    note.set(String::new());
                    if let Some(d) = booked_date {
                        week_of.set(d);
                    }
                    load(true);
                    focus_soon("#book-person");
                }
                Err(e) => {
                    focus_first_error(&e.fields, "book");
                    errors.set(e.fields);
                    fail(e.message);
                }
            }
        });
    };

    let run_action = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let l = lang.get_untracked();
        let Some(current) = action.get_untracked() else {
            return;
        };
        spawn_local(async move {
            let result = match current {
                Action::Cancel(id) => {
                    let request = CancelRequest {
                        id,
                        reason: reason.get_untracked(),
                    };
                    call::<()>("cancel_appointment", &Args { request })
                        .await
                        .map(|_| T::AppointmentCancelled)
                }
                Action::Move(id) => {
                    let request = MoveRequest {
                        id,
                        date: move_date.get_untracked(),
                        start: move_start.get_untracked(),
                        duration: move_duration.get_untracked(),
                    };
                    let moved_to = sportello_core::format::parse_date(&request.date).ok();
                    let done = call::<()>("move_appointment", &Args { request }).await;
                    // The week follows the appointment only once it has moved.
                    if let (Ok(()), Some(d)) = (&done, moved_to) {
                        week_of.set(d);
                    }
                    done.map(|_| T::AppointmentMoved)
                }
            };
            match result {
                Ok(done) => {
                    action.set(None);
                    action_errors.set(FormErrors::default());
                    notice.set(Some(t(l, done).to_string()));
                    load(false);
                    focus_soon("#week-title");
                }
                Err(e) => {
                    let prefix = if matches!(current, Action::Move(_)) {
                        "move"
                    } else {
                        "cancel"
                    };
                    focus_first_error(&e.fields, prefix);
                    action_errors.set(e.fields);
                    fail(e.message);
                }
            }
        });
    };

    let no_show = move |id: AppointmentId| {
        let l = lang.get_untracked();
        spawn_local(async move {
            match call::<()>(
                "mark_no_show",
                &Args {
                    request: AppointmentRequest { id },
                },
            )
            .await
            {
                Ok(()) => {
                    notice.set(Some(t(l, T::MarkedNoShow).to_string()));
                    load(false);
                }
                Err(e) => fail(e.message),
            }
        });
    };
    let print_day = move |d: NaiveDate| {
        let l = lang.get_untracked();
        spawn_local(async move {
            match call::<Option<String>>(
                "save_day_list_pdf",
                &Args {
                    request: WeekRequest { date: d },
                },
            )
            .await
            {
                Ok(Some(path)) => notice.set(Some(format!("{} {path}", t(l, T::DayListSaved)))),
                Ok(None) => {}
                Err(e) => fail(e.message),
            }
        });
    };

    let paper = crate::services::PersonalPaper::new();
    let err = move |field| field_error(errors, field);
    let action_err = move |field| field_error(action_errors, field);

    let appointment_row = move |a: AppointmentSummary, l: Lang| {
        let id = a.id;
        let status = a.status();
        let booked = status == AppointmentStatus::Booked;
        let span = a
            .span()
            .map(|s| s.to_text())
            .unwrap_or_else(|| format::time(a.start_time));
        let who = a.who();
        let guest_line = (a.person.is_none() && !a.guest_phone.is_empty())
            .then(|| format!(" · {} {}", t(l, T::NotRegistered), a.guest_phone));
        let reason_line = (!a.cancel_reason.is_empty()).then(|| format!(" · {}", a.cancel_reason));
        let note_line = (!a.note.is_empty()).then(|| format!(" · {}", a.note));
        let (d, s, len) = (a.date, a.start_time, a.duration);
        // Each row's buttons say whose appointment they act on, for a screen reader.
        let label_of = format!("{} {} {}", format::date(d), span, who);
        view! {
            <li class="appointment" class:done=!booked data-status=format!("{status:?}")
                data-date=format::date(d) data-time=format::time(s)>
                <span class="when">{span}</span>" "
                <strong class="who">{who}</strong>
                <span class="status">" · "{status_label(l, status)}</span>
                {guest_line}{reason_line}{note_line}
                {booked.then(|| view! {
                    <span class="row-actions">
                        <button type="button" class="held" aria-label=format!("{} – {label_of}", t(l, T::HeldOpenContact)) on:click=move |_| nav.go(Route::Held(id))>{t(l, T::HeldOpenContact)}</button>
                        <button type="button" class="move" aria-label=format!("{} – {label_of}", t(l, T::MoveAppointment)) on:click=move |_| {
                            move_date.set(format::date(d));
                            move_start.set(format::time(s));
                            move_duration.set(len.get().to_string());
                            action_errors.set(FormErrors::default());
                            action.set(Some(Action::Move(id)));
                            focus_soon("#move-date");
                        }>{t(l, T::MoveAppointment)}</button>
                        <button type="button" class="cancel" aria-label=format!("{} – {label_of}", t(l, T::CancelAppointment)) on:click=move |_| {
                            reason.set(String::new());
                            action_errors.set(FormErrors::default());
                            action.set(Some(Action::Cancel(id)));
                            focus_soon("#cancel-reason");
                        }>{t(l, T::CancelAppointment)}</button>
                        <button type="button" class="no-show" aria-label=format!("{} – {label_of}", t(l, T::NoShow)) on:click=move |_| no_show(id)>{t(l, T::NoShow)}</button>
                    </span>
                })}
            </li>
        }
    };

    let days = move || {
        let l = lang.get();
        let Some(v) = week.get() else {
            return view! { <p class="muted">{t(l, T::Loading)}</p> }.into_any();
        };
        let today = v.today;
        view! {
            <div class="agenda-week" id="agenda-week">
            {v.days.into_iter().map(|day| {
                let d = day.day.date;
                let heading = format!("{} {}", weekday_name(l, d), format::date(d));
                let slots = day.day.slots.iter().map(|s| s.to_text()).collect::<Vec<_>>().join(", ");
                let open = day.closed_text.is_none() && !day.day.slots.is_empty();
                let has_any = !day.appointments.is_empty();
                view! {
                    <section class="agenda-day" class:closed=!open class:today=d == today
                        aria-label=heading.clone() data-date=format::date(d)>
                        <h2>{heading.clone()}</h2>
                        {match (&day.closed_text, open) {
                            (Some(why), _) => view! { <p class="closed-reason">{t(l, T::Closed)}": "{why.clone()}</p> }.into_any(),
                            (None, false) => view! { <p class="muted">{t(l, T::NoOpening)}</p> }.into_any(),
                            (None, true) => view! { <p class="slots">{t(l, T::OpeningHours)}": "{slots}</p> }.into_any(),
                        }}
                        {has_any.then(|| view! {
                            <ul class="appointments">
                                {day.appointments.into_iter().map(|a| appointment_row(a, l)).collect_view()}
                            </ul>
                            <button type="button" class="print-day" on:click=move |_| paper.ask(move || print_day(d))>{t(l, T::PrintDay)}</button>
                        })}
                    </section>
                }
            }).collect_view()}
            </div>
        }
        .into_any()
    };

    let title = move || {
        let l = lang.get();
        week.with(|w| {
            w.as_ref().and_then(|w| {
                let first = w.days.first()?.day.date;
                let last = w.days.last()?.day.date;
                Some(format!(
                    "{} {} – {}",
                    t(l, T::WeekOf),
                    format::date(first),
                    format::date(last)
                ))
            })
        })
        .unwrap_or_default()
    };

    let action_panel = move || {
        let l = lang.get();
        let current = action.get()?;
        Some(view! {
            <form class="card" id="action-panel" on:submit=run_action novalidate=true
                on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                    if ev.key() == "Escape" { ev.prevent_default(); action.set(None); focus_soon("#week-title"); }
                }>
                {match current {
                    Action::Cancel(_) => view! {
                        <h2>{t(l, T::CancelAppointment)}</h2>
                        <Field id="cancel-reason" label=T::CancelReason value=reason error=action_err("reason") />
                        <div class="actions">
                            <button type="button" on:click=move |_| action.set(None)>{t(l, T::Back)}</button>
                            <button type="submit" class="primary" id="cancel-confirm">{t(l, T::ConfirmCancel)}</button>
                        </div>
                    }.into_any(),
                    Action::Move(_) => view! {
                        <h2>{t(l, T::MoveAppointment)}</h2>
                        <div class="grid">
                            <Field id="move-date" label=T::Date value=move_date help=T::DateHelp error=action_err("date") />
                            <Field id="move-start" label=T::Time value=move_start error=action_err("start") />
                            <Field id="move-duration" label=T::DurationMinutes value=move_duration error=action_err("duration") />
                        </div>
                        <div class="actions">
                            <button type="button" on:click=move |_| action.set(None)>{t(l, T::Back)}</button>
                            <button type="submit" class="primary" id="move-confirm">{t(l, T::ConfirmMove)}</button>
                        </div>
                    }.into_any(),
                }}
            </form>
        })
    };

    view! {
        <section>
            <crate::services::PersonalPaperDialog paper=paper />
            <h1 tabindex="-1">{tr(T::NavAgenda)}</h1>
            <Notice text=Signal::derive(move || notice.get()) />
            <p class="form-error" role="alert" id="agenda-error">{move || error.get()}</p>
            <form class="card wide" id="book-form" on:submit=book novalidate=true>
                <h2>{tr(T::BookAppointment)}</h2>
                <div class="grid">
                    <div hidden=move || guest.get()>
                        <Combobox id="book-person" label=T::Person query=person_query matches=person_found.into()
                            on_pick=Callback::new(move |(value, label): (String, String)| {
                                if let Ok(p) = value.parse::<PersonId>() {
                                    person.set(Some((p, label)));
                                    focus_soon("#book-date");
                                }
                            })
                            error=err("person")
                            help=Signal::derive(move || person.get().map(|(_, n)| format!("{} {n}", t(lang.get(), T::Chosen))).unwrap_or_default()) />
                    </div>
                    <Checkbox id="book-guest" label=T::GuestNotRegistered value=guest />
                </div>
                <div class="grid" hidden=move || !guest.get()>
                    <Field id="book-guest-name" label=T::GuestName value=guest_name error=err("guest_name") />
                    <Field id="book-guest-phone" label=T::Phone value=guest_phone error=err("guest_phone") />
                </div>
                <div class="grid four">
                    <Field id="book-date" label=T::Date value=date help=T::DateHelp error=err("date") />
                    <Field id="book-start" label=T::Time value=start error=err("start") />
                    <Field id="book-duration" label=T::DurationMinutes value=duration error=err("duration") />
                    <Field id="book-note" label=T::Note value=note error=err("note") />
                </div>
                <div class="actions">
                    <button type="submit" class="primary" id="book-save">{tr(T::Book)}</button>
                </div>
            </form>
            {action_panel}
            <div class="toolbar week-nav">
                <button type="button" id="week-prev" on:click=move |_| shift(-7)>{tr(T::PreviousWeek)}</button>
                <button type="button" id="week-today" on:click=move |_| { week_of.set(crate::widgets::today()); load(false); }>{tr(T::ThisWeek)}</button>
                <button type="button" id="week-next" on:click=move |_| shift(7)>{tr(T::NextWeek)}</button>
                <h2 id="week-title" tabindex="-1">{title}</h2>
            </div>
            {days}
            <CaseDeadlinesCard />
        </section>
    }
}

/// The deadlines of the open cases (plan reviews, the Assegno di Inclusione's meetings), the
/// overdue ones marked: none when no case is open.
#[component]
fn CaseDeadlinesCard() -> impl IntoView {
    let lang = use_lang();
    let list = RwSignal::new(Vec::<sportello_core::model::CaseDeadline>::new());
    spawn_local(async move {
        if let Ok(l) = call::<Vec<sportello_core::model::CaseDeadline>>(
            "case_deadlines",
            &crate::api::NoArgs {},
        )
        .await
        {
            let _ = list.try_set(l);
        }
    });
    move || {
        let l = lang.get();
        list.with(|items| {
            (!items.is_empty()).then(|| {
                view! {
                    <article class="card wide" id="agenda-case-deadlines" aria-labelledby="h-agenda-deadlines">
                        <h2 id="h-agenda-deadlines">{t(l, T::CaseDeadlines)}</h2>
                        {crate::casework::deadlines_list("agenda-deadlines", items, l)}
                    </article>
                }
            })
        })
    }
}
