//! The hello-world's page: a heading and one field, drawn by Leptos in the browser, the least
//! an interface built like Sportello's (`ui/`) can be. `scripts/bench.sh` builds it to wasm32,
//! binds it with wasm-bindgen into `benches/hello/dist-leptos/` and the hello-world window
//! serves it.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;

#[component]
fn Hello() -> impl IntoView {
    view! {
        <main>
            <h1>"Hello"</h1>
            <label for="passphrase">"Frase segreta"</label>
            <input id="passphrase" type="password" autofocus=true />
        </main>
    }
}

#[wasm_bindgen(start)]
pub fn start() {
    leptos::mount::mount_to_body(Hello);
}
