//! Server settings, from flags or environment variables.

use std::path::PathBuf;

#[derive(Debug, Clone, clap::Parser)]
#[command(
    name = "heard-sync-server",
    about = "Serves the Heard app and relays its encrypted sync blobs"
)]
pub struct Config {
    /// Address to listen on; port 0 picks a free port and prints it.
    #[arg(long, env = "HEARD_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: String,

    /// Folder holding the built app (`cargo xtask build` writes it).
    #[arg(long, env = "HEARD_STATIC_DIR", default_value = "dist")]
    pub static_dir: PathBuf,

    /// Folder for the relay's data (`relay.sqlite3` and its WAL), created if
    /// missing; relative paths are from the working directory.
    #[arg(long, env = "HEARD_DATA_DIR", default_value = "data")]
    pub data_dir: PathBuf,
}
