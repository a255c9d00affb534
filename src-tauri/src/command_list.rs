// The one list of the desktop's commands. `build.rs` reads it to grant each command to the
// window (a permission per command, gathered in the app's `default` permission that
// capabilities/default.json names); `main.rs` reads it to register the handlers. A command
// is added here and written as a `#[tauri::command]` in `commands/`; nothing else.
macro_rules! with_commands {
    ($then:ident) => {
        $then!(
            status,
            create_archive,
            unlock,
            lock,
            touch,
            set_idle_timeout,
            set_lang,
            dashboard,
            find_persons,
            person_page,
            save_person,
            delete_person,
            restore_person,
            merge_persons,
            add_household_member,
            remove_household_member,
            find_comuni,
            services,
            new_contact_form,
            save_contact,
            contact_edit,
            delete_contact,
            restore_contact,
            referral,
            update_referral,
            delete_referral,
            add_outcome,
            delete_outcome,
            waiting_referrals,
            save_time_entry,
            delete_time_entry,
            hours_view,
            lock_year,
            reopen_year,
            save_statement_pdf,
            save_reconciliation_pdf,
            bin,
            record_history,
            contract_year_periods,
            start_activity_report,
            activity_job,
            cancel_activity_report,
            activity_trace,
            comune_settings,
            set_desk_comune,
            choose_comune_logo,
            remove_comune_logo,
            save_activity_pdf
        )
    };
}
