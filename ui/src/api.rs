//! Calls into the desktop shell (`window.__TAURI__.core.invoke`), typed with `sportello_core::ipc`.

use serde::de::DeserializeOwned;
use serde::Serialize;
use sportello_core::ipc::{CommandError, JobStage, JobView};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = ["window", "__TAURI__", "core"], js_name = invoke, catch)]
    async fn tauri_invoke(cmd: &str, args: JsValue) -> Result<JsValue, JsValue>;
}

/// Invokes a command; its arguments are a struct whose fields are the command's parameters.
pub async fn call<R: DeserializeOwned>(
    cmd: &str,
    args: &impl Serialize,
) -> Result<R, CommandError> {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    let args = args
        .serialize(&serializer)
        .map_err(|e| CommandError::new("ipc", format!("Richiesta non valida: {e}")))?;
    match tauri_invoke(cmd, args).await {
        Ok(value) => serde_wasm_bindgen::from_value(value)
            .map_err(|e| CommandError::new("ipc", format!("Risposta non valida: {e}"))),
        Err(error) => Err(
            serde_wasm_bindgen::from_value::<CommandError>(error.clone()).unwrap_or_else(|_| {
                CommandError::new(
                    "ipc",
                    error
                        .as_string()
                        .unwrap_or_else(|| "Errore di comunicazione.".into()),
                )
            }),
        ),
    }
}

/// No arguments.
#[derive(Serialize)]
pub struct NoArgs {}

/// Waits `ms` milliseconds without blocking the page (a poll's pause).
pub async fn sleep_ms(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Asks `command` how the job `id` is doing every 150 ms, telling `progress` how far it got,
/// until it is over; returns its last answer.
pub async fn poll_job<V: JobView + DeserializeOwned>(
    command: &str,
    id: u64,
    progress: impl Fn(u8, JobStage),
) -> Result<V, CommandError> {
    loop {
        sleep_ms(150).await;
        let view = call::<V>(command, &JobArgs { job: id }).await?;
        match view.running() {
            Some((percent, stage)) => progress(percent, stage),
            None => return Ok(view),
        }
    }
}

/// The number of a long job the page asks about.
#[derive(Serialize)]
pub struct JobArgs {
    pub job: u64,
}
