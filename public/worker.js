// Starts the document worker: the Rust side (heard-worker) takes over messages
// once its module has loaded. The build fills in the hashed file names.
import init from "/{{worker_js}}";
init({ module_or_path: "/{{worker_wasm}}" });
