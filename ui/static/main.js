// Loads the Leptos app (wasm-bindgen output). Kept in a file: the CSP allows no inline script.
import init from './sportello_ui.js';
init();
