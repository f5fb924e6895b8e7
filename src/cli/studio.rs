//! `negsim studio`: the classroom in the browser.

use crate::cli::demo::parse_lang;
use crate::error::{Error, Result};
use crate::experiment::library::Library;
use crate::model::label::Lang;
use crate::studio::journal::{Journal, default_path};
use crate::studio::server::{Hub, serve};
use crate::teaching::catalogue::{Msg, Speaker};
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
    /// Language: en or nl.
    ///
    /// The language of what the studio prints in the terminal, and the one a page starts in
    /// until the person at it chooses one (the EN / NL switch, or `?lang=` in its address).
    #[arg(long, default_value = "en")]
    pub lang: String,
}

/// Runs `negsim studio` until Ctrl-C.
pub fn studio(args: StudioArgs) -> Result<()> {
    let lang = parse_lang(&args.lang)?;
    let speak = Speaker::new(lang);
    let program = crate::program::name();
    let library = Library::near(Path::new("negsim"));
    let (journal_path, resumed) = match &args.resume {
        Some(path) => (path.clone(), Some(Journal::read_in(path, lang)?)),
        None => {
            let path = args.journal.clone().unwrap_or_else(default_path);
            if path.exists() {
                let resume = format!("{program} studio --resume {}", path.display());
                return Err(Error::input(speak.say(
                    Msg::StudioJournalExists,
                    &[("path", &path.display().to_string())],
                ))
                .at_key("--journal")
                .with_hint(speak.say(Msg::StudioJournalExistsHint, &[("command", &resume)])));
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
        // The system's words for the common case are told in the class's language.
        let why = match e.kind() {
            std::io::ErrorKind::AddrInUse if lang != Lang::En => {
                speak.say(Msg::StudioPortInUse, &[])
            }
            _ => e.to_string(),
        };
        Error::input(speak.say(
            Msg::StudioPort,
            &[("port", &args.port.to_string()), ("why", &why)],
        ))
        .at_key("--port")
        .with_hint(speak.say(Msg::StudioPortHint, &[]))
    })?;
    let cannot_listen =
        |e: std::io::Error| Error::input(speak.say(Msg::StudioListen, &[("why", &e.to_string())]));
    listener.set_nonblocking(true).map_err(cannot_listen)?;
    let port = listener.local_addr().map_err(cannot_listen)?.port();
    let lan = if args.class { lan_address() } else { None };
    if args.class && lan.is_none() {
        eprintln!("{program} studio: {}", speak.say(Msg::StudioNoLan, &[]));
    }
    let local = format!("http://127.0.0.1:{port}");
    let join_url = match lan {
        Some(ip) => format!("http://{ip}:{port}"),
        None => local.clone(),
    };
    let hub = Hub::new(
        library,
        journal_path.clone(),
        join_url.clone(),
        resumed,
        lang,
    )?;
    println!("{}", speak.say(Msg::StudioRunning, &[]));
    let trainer = format!("{local}/trainer?key={}", hub.trainer_key());
    println!("{}", speak.say(Msg::StudioTrainer, &[("url", &trainer)]));
    match hub.code() {
        Some(code) => println!(
            "{}",
            speak.say(
                Msg::StudioJoinCode,
                &[("url", &format!("{join_url}/j/{code}")), ("code", code)],
            )
        ),
        None => println!(
            "{}",
            speak.say(Msg::StudioJoin, &[("url", &format!("{join_url}/join"))])
        ),
    }
    if !args.class {
        println!("{}", speak.say(Msg::StudioLocalOnly, &[]));
    }
    let path = journal_path.display().to_string();
    println!(
        "{}",
        speak.say(
            Msg::StudioJournal,
            &[
                ("path", &path),
                ("command", &format!("{program} studio --resume {path}")),
            ],
        )
    );
    println!("{}", speak.say(Msg::StudioStop, &[]));
    let says = |msg: Msg| {
        move |e: std::io::Error| Error::input(speak.say(msg, &[("why", &e.to_string())]))
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(says(Msg::StudioWebServer))?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener).map_err(cannot_listen)?;
        serve(listener, Arc::new(Mutex::new(hub)), stopped())
            .await
            .map_err(says(Msg::StudioWebServerStopped))
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
