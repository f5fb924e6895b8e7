//! `negsim studio`: the classroom in the browser.

use crate::error::{Error, Result};
use crate::experiment::library::Library;
use crate::studio::journal::{Journal, default_path};
use crate::studio::server::{Hub, serve};
use clap::Args;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Arguments of `negsim studio`.
#[derive(Args, Debug, Clone)]
pub struct StudioArgs {
    /// Open the studio to the class: listen on the local network (not only on this computer)
    /// and print the address participants open on their phones and laptops.
    #[arg(long)]
    pub class: bool,
    /// The port to listen on (0: any free port).
    #[arg(long, default_value_t = 7878)]
    pub port: u16,
    /// Where to keep the session journal (default: `output/studio/session-TIME.json`).
    #[arg(long, value_name = "FILE", conflicts_with = "resume")]
    pub journal: Option<PathBuf>,
    /// Continue a session from its journal, every table where it was.
    #[arg(long, value_name = "FILE")]
    pub resume: Option<PathBuf>,
}

/// Runs `negsim studio` until Ctrl-C.
pub fn studio(args: StudioArgs) -> Result<()> {
    let library = Library::near(Path::new("negsim"));
    let (journal_path, resumed) = match &args.resume {
        Some(path) => (path.clone(), Some(Journal::read(path)?)),
        None => {
            let path = args.journal.clone().unwrap_or_else(default_path);
            if path.exists() {
                return Err(Error::input(format!(
                    "{} exists: the studio does not write over a journal",
                    path.display()
                ))
                .at_key("--journal")
                .with_hint(format!(
                    "to continue that session: {program} studio --resume {}",
                    path.display(),
                    program = crate::program::name(),
                )));
            }
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, &e))?;
            }
            (path, None)
        }
    };
    let host = if args.class {
        IpAddr::V4(Ipv4Addr::UNSPECIFIED)
    } else {
        IpAddr::V4(Ipv4Addr::LOCALHOST)
    };
    let listener = std::net::TcpListener::bind(SocketAddr::new(host, args.port)).map_err(|e| {
        Error::input(format!("cannot listen on port {}: {e}", args.port))
            .at_key("--port")
            .with_hint("another program (another negsim studio?) may use it: pick another with --port, or --port 0 for any free one")
    })?;
    listener
        .set_nonblocking(true)
        .map_err(|e| Error::input(format!("cannot listen: {e}")))?;
    let port = listener
        .local_addr()
        .map_err(|e| Error::input(format!("cannot listen: {e}")))?
        .port();
    let lan = if args.class { lan_address() } else { None };
    if args.class && lan.is_none() {
        eprintln!(
            "{program} studio: this computer has no network address besides its own (127.0.0.1); connect it to the class's network",
            program = crate::program::name(),
        );
    }
    let local = format!("http://127.0.0.1:{port}");
    let join_url = match lan {
        Some(ip) => format!("http://{ip}:{port}"),
        None => local.clone(),
    };
    let hub = Hub::new(library, journal_path.clone(), join_url.clone(), resumed)?;
    println!("negsim studio is running.");
    println!(
        "  Trainer (open on this computer, keep the address to yourself): {local}/trainer?key={}",
        hub.trainer_key()
    );
    match hub.code() {
        Some(code) => {
            println!("  Participants join at: {join_url}/j/{code}  (session code {code})")
        }
        None => println!("  Participants join at: {join_url}/join"),
    }
    if !args.class {
        println!(
            "  Only this computer can connect; add --class to let the class's phones and laptops in."
        );
    }
    println!(
        "  Journal: {}  (after a crash: {program} studio --resume {})",
        journal_path.display(),
        journal_path.display(),
        program = crate::program::name(),
    );
    println!("Press Ctrl-C to stop.");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::input(format!("cannot start the web server: {e}")))?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener)
            .map_err(|e| Error::input(format!("cannot listen: {e}")))?;
        serve(listener, Arc::new(Mutex::new(hub)), stopped())
            .await
            .map_err(|e| Error::input(format!("the web server stopped: {e}")))
    })
}

/// Completes on Ctrl-C or SIGTERM.
async fn stopped() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {}
        _ = term => {}
    }
}

/// The computer's address on the local network: its first IPv4 address that is not the
/// loopback.
fn lan_address() -> Option<IpAddr> {
    if_addrs::get_if_addrs()
        .ok()?
        .into_iter()
        .filter(|i| !i.is_loopback())
        .map(|i| i.ip())
        .find(IpAddr::is_ipv4)
}
