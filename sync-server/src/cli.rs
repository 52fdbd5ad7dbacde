//! The command line: serving is the default, so `heard-sync-server --addr …`
//! works as it always did; `backup` and `restore` are subcommands beside it.

use std::path::PathBuf;

use crate::Config;

#[derive(Debug, clap::Parser)]
#[command(
    name = "heard-sync-server",
    about = "Serves the Heard app and relays its encrypted sync blobs",
    // `heard-sync-server --addr x backup` would mean nothing: flags before a
    // subcommand are the server's, so they may not be mixed with one.
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    #[command(flatten)]
    pub serve: Config,
}

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Copies the relay's database to a file while the relay keeps running.
    Backup(BackupArgs),
    /// Puts a backup in place as a data directory's database (stop the
    /// relay first; it refuses while one runs on that directory).
    Restore(RestoreArgs),
}

#[derive(Debug, clap::Args)]
pub struct BackupArgs {
    /// The relay's data directory (the one it serves with).
    #[arg(long, env = "HEARD_DATA_DIR", default_value = "data")]
    pub data_dir: PathBuf,

    /// The backup file to write; an older file there is replaced only once
    /// the new one is complete.
    #[arg(long)]
    pub to: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct RestoreArgs {
    /// A file `heard-sync-server backup` wrote.
    #[arg(long)]
    pub from: PathBuf,

    /// The data directory to restore into.
    #[arg(long, env = "HEARD_DATA_DIR", default_value = "data")]
    pub data_dir: PathBuf,

    /// Restore over an existing database, keeping it beside the new one as
    /// `relay.sqlite3.before-restore-<time>`.
    #[arg(long)]
    pub replace: bool,
}
