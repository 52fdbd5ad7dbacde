//! Starts the Heard server (parses the command line, binds, serves until
//! SIGTERM), or backs up or restores its database.

use std::process::ExitCode;

use clap::Parser;
use heard_sync_server::{
    Config, backup,
    cli::{Cli, Command},
    run,
};
use tracing_subscriber::EnvFilter;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        None => serve(cli.serve),
        Some(Command::Backup(args)) => match backup::take(&args.data_dir, &args.to) {
            Ok(taken) => {
                let c = &taken.contents;
                println!(
                    "backup written to {}: {} projects, {} log entries, {} media, {} bytes",
                    taken.file.display(),
                    c.projects,
                    c.entries,
                    c.media,
                    taken.bytes
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("backup failed: {e}");
                ExitCode::FAILURE
            }
        },
        Some(Command::Restore(args)) => {
            match backup::restore(&args.from, &args.data_dir, args.replace) {
                Ok(restored) => {
                    let c = &restored.contents;
                    println!(
                        "restored {} to {}: {} projects, {} log entries, {} media (backup taken {})",
                        args.from.display(),
                        restored.database.display(),
                        c.projects,
                        c.entries,
                        c.media,
                        backup::utc(restored.taken_at)
                    );
                    if let Some(aside) = restored.set_aside {
                        println!("the database that was there is now {}", aside.display());
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("restore failed: {e}");
                    ExitCode::FAILURE
                }
            }
        }
    }
}

#[tokio::main]
async fn serve(config: Config) -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()))
        .init();
    heard_sync_server::open_files::raise_and_log();
    let listener = match tokio::net::TcpListener::bind(&config.addr).await {
        Ok(listener) => listener,
        Err(e) => {
            tracing::error!(addr = %config.addr, error = %e, "cannot listen");
            return ExitCode::FAILURE;
        }
    };
    match run(listener, config, heard_sync_server::shutdown_signal()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!(error = %e, "server stopped with an error");
            ExitCode::FAILURE
        }
    }
}
