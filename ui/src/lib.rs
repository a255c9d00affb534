//! Sportello's interface: Leptos (client-side rendering) compiled to wasm32, served by the Tauri
//! shell. It holds no rule of its own: validation, formats and messages come from
//! `sportello_core`; data come from the shell's commands.

mod agenda;
mod api;
mod app;
mod case_parts;
mod casework;
mod community;
mod contact;
mod controls;
mod desk;
mod documents;
mod groups;
mod hours;
mod i18n;
mod missing;
mod operators;
mod person_page;
mod person_privacy;
mod persons;
mod privacy;
mod records;
mod referrals;
mod register;
mod reports;
mod safekeeping;
mod services;
mod session;
mod shortcuts;
mod unlock;
mod widgets;
mod wizard;

use wasm_bindgen::prelude::*;

#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
