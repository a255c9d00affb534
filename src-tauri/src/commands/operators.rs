//! *Operatori*: the operators of the archive (the owner adds and revokes them), who is
//! working now, and the access log.

use crate::state::{CommandResult, Desk};
use serde::Deserialize;
use sportello_archive::operators::AccessEntry;
use sportello_archive::SecretString;
use sportello_core::ipc::CommandError;
use sportello_core::model::{NewOperator, Operator};
use sportello_core::{FormErrors, Msg, OperatorId, PersonId};
use tauri::State;

#[derive(Deserialize)]
pub struct AddOperatorRequest {
    pub name: String,
    pub role: String,
    pub passphrase: String,
    pub confirmation: String,
}

#[tauri::command]
pub fn operators(desk: State<'_, Desk>) -> CommandResult<Vec<Operator>> {
    desk.read(|a, _, _| a.operators())
}

/// Who opened the archive (her name and role, shown in the top bar).
#[tauri::command]
pub fn current_operator(desk: State<'_, Desk>) -> CommandResult<Operator> {
    desk.read(|a, _, _| a.current_operator())
}

/// *Aggiungi operatore*: her name, role and passphrase (typed twice); errors by field.
#[tauri::command]
pub fn add_operator(
    desk: State<'_, Desk>,
    request: AddOperatorRequest,
) -> CommandResult<OperatorId> {
    let passphrase = zeroize::Zeroizing::new(request.passphrase);
    let confirmation = zeroize::Zeroizing::new(request.confirmation);
    let lang = desk.lock_state().config.lang;
    let mut fields = match NewOperator::parse(&request.name, &request.role) {
        Ok(_) => FormErrors::default(),
        Err(e) => e,
    };
    if let Err(msg) = sportello_core::passphrase::check_new(&passphrase, &confirmation) {
        let field = if msg == Msg::PassphraseMismatch {
            "op-confirmation"
        } else {
            "op-passphrase"
        };
        fields.add(field, msg);
    }
    let new = match NewOperator::parse(&request.name, &request.role) {
        Ok(new) if fields.is_empty() => new,
        _ => return Err(CommandError::invalid(fields, lang)),
    };
    let secret = SecretString::from(passphrase.to_string());
    desk.write(|a, _| a.add_operator(&new, &secret))
}

/// *Revoca*: the keys change (the archive is copied under a new key) and her passphrase opens
/// nothing any more. Runs as the change of the archive's key does (`archive_key_job` tells how
/// far it got). Returns the job's number.
#[tauri::command]
pub fn start_revocation(desk: State<'_, Desk>, id: OperatorId) -> CommandResult<u64> {
    desk.lock_state().start_revocation(id)
}

/// *Cambia nome*: the owner renames anyone (herself included), an operator herself.
#[tauri::command]
pub fn rename_operator(desk: State<'_, Desk>, id: OperatorId, name: String) -> CommandResult<()> {
    desk.write(|a, _| a.rename_operator(id, &name))
}

/// *Registro degli accessi*: who opened which record (the owner only), newest first.
#[tauri::command]
pub fn access_log(
    desk: State<'_, Desk>,
    person: Option<PersonId>,
) -> CommandResult<Vec<AccessEntry>> {
    desk.read(|a, _, _| a.access_log(person, 500))
}
