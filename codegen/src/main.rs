//! `codegen`: the command line (see `codegen::cli`); exits 0 when done, 1 on drift, 2 on error.

use std::process::ExitCode;

use clap::Parser;
use codegen::cli::{self, Args, Outcome};

fn main() -> ExitCode {
    let args = Args::parse();
    match cli::run(&args) {
        Ok(Outcome::Done) => ExitCode::SUCCESS,
        Ok(Outcome::Drift) => ExitCode::from(1),
        Err(codegen::Error::Io { source, .. })
            if source.kind() == std::io::ErrorKind::BrokenPipe =>
        {
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("codegen: error: {err}");
            ExitCode::from(2)
        }
    }
}
