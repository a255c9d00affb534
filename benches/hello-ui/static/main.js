// Loads the hello-world's Leptos page (wasm-bindgen output), as ui/static/main.js loads the app.
import init from './hello.js';
init();
