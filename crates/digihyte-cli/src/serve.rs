//! `digihyte serve`: the web pages (the `digihyte-server` crate), and `--add-user`.

use crate::exit;
use clap::ValueEnum;
use std::io::{BufRead as _, IsTerminal as _, Write as _};
use std::net::SocketAddr;
use std::path::PathBuf;
use tracing::{error, info};

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// The address to listen on. Anything but a loopback address (127.0.0.1, ::1) is
    /// refused until accounts exist (--add-user).
    #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,
    /// Where projects, uploads, runs and the database are kept.
    #[arg(long, value_name = "DIR", default_value = "digihyte-data")]
    pub data_dir: PathBuf,
    /// Mark the session cookie Secure (set this behind a TLS reverse proxy; a request with
    /// X-Forwarded-Proto: https gets it anyway).
    #[arg(long)]
    pub secure_cookies: bool,
    /// Add an account (or change the role and password of an existing one) and exit. The
    /// password is read from standard input (asked for twice on a terminal).
    #[arg(long, value_name = "NAME")]
    pub add_user: Option<String>,
    /// The account's role: an analyst sees every project; a coordinator only the published
    /// appendix of her municipality and the area's published tables.
    #[arg(long, value_enum, requires = "add_user")]
    pub role: Option<RoleArg>,
    /// The coordinator's municipality (code, e.g. 564).
    #[arg(long, value_name = "CODE", requires = "add_user")]
    pub municipality: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RoleArg {
    Analyst,
    Coordinator,
}

/// Reads a password from standard input: on a terminal without echo, twice.
fn read_password(name: &str) -> Result<String, String> {
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        let mut line = String::new();
        stdin.lock().read_line(&mut line).map_err(|e| format!("reading the password from standard input: {e}"))?;
        return Ok(line.trim_end_matches(['\n', '\r']).to_string());
    }
    let echo = |on: bool| {
        let _ = std::process::Command::new("stty").arg(if on { "echo" } else { "-echo" }).stdin(std::process::Stdio::inherit()).status();
    };
    let ask = |prompt: &str| -> Result<String, String> {
        eprint!("{prompt}");
        let _ = std::io::stderr().flush();
        echo(false);
        let mut line = String::new();
        let r = stdin.lock().read_line(&mut line);
        echo(true);
        eprintln!();
        r.map_err(|e| e.to_string())?;
        Ok(line.trim_end_matches(['\n', '\r']).to_string())
    };
    let first = ask(&format!("password for {name}: "))?;
    let second = ask("the same again: ")?;
    if first != second {
        return Err("the two passwords differ; nothing was changed".into());
    }
    Ok(first)
}

pub fn serve(args: &ServeArgs) -> u8 {
    if let Some(name) = &args.add_user {
        let role = match (args.role, &args.municipality) {
            (Some(RoleArg::Analyst), None) => digihyte_server::Role::Analyst,
            (Some(RoleArg::Analyst), Some(_)) => {
                error!("--municipality is for coordinators; an analyst sees every project");
                return exit::USAGE;
            }
            (Some(RoleArg::Coordinator), Some(code)) => match digihyte_core::Reference::get().match_municipality(code) {
                digihyte_core::MunicipalityMatch::Found(c) => digihyte_server::Role::Coordinator(c),
                _ => {
                    error!("unknown municipality `{code}`: give its code, e.g. 564 (`digihyte municipalities` lists them)");
                    return exit::USAGE;
                }
            },
            (Some(RoleArg::Coordinator), None) => {
                error!("a coordinator needs --municipality CODE (her municipality)");
                return exit::USAGE;
            }
            (None, _) => {
                error!("--add-user needs --role analyst or --role coordinator");
                return exit::USAGE;
            }
        };
        let password = match read_password(name) {
            Ok(p) => p,
            Err(e) => {
                error!("{e}");
                return exit::USAGE;
            }
        };
        return match digihyte_server::add_user(&args.data_dir, name, &role, &password) {
            Ok(()) => {
                info!("account `{name}` saved in {}", args.data_dir.join("digihyte.sqlite").display());
                exit::OK
            }
            Err(e @ digihyte_server::ServeError::Refused(_)) => {
                error!("{e}");
                exit::USAGE
            }
            Err(e) => {
                error!("{e}");
                exit::OUTPUT
            }
        };
    }
    let opts = digihyte_server::ServeOptions { bind: args.bind, data_dir: args.data_dir.clone(), secure_cookies: args.secure_cookies };
    match digihyte_server::serve(&opts) {
        Ok(()) => exit::OK,
        Err(e @ digihyte_server::ServeError::Refused(_)) => {
            error!("{e}");
            exit::USAGE
        }
        Err(e) => {
            error!("cannot serve: {e}");
            exit::OUTPUT
        }
    }
}
