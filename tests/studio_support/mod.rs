//! Helpers for the studio's tests: a real `negsim studio` process on a free port, plain HTTP
//! requests, and a trainer and class driven over the WebSocket.
#![allow(dead_code)]

use http_body_util::{BodyExt, Empty};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use negsim::studio::client::Page;
use negsim::studio::wire::{Inbound, Outbound};
use serde_json::{Value, json};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// A running `negsim studio`, stopped when dropped.
pub struct Running {
    /// The process.
    pub child: Child,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// The trainer's key.
    pub key: String,
    /// The journal.
    pub journal: PathBuf,
    /// The file its error stream is written to.
    pub stderr: PathBuf,
    /// The lines it printed when it started, up to "Press Ctrl-C to stop." or its Dutch.
    pub banner: Vec<String>,
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A scratch folder for one test.
pub fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("studio")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Starts `negsim studio` with a new journal in `dir`, or resumed from `resume`.
pub fn start(dir: &Path, resume: Option<&Path>) -> Running {
    start_with(dir, resume, &[])
}

/// Starts `negsim studio` as [`start`] does, with more arguments (`--lang nl`).
pub fn start_with(dir: &Path, resume: Option<&Path>, more: &[&str]) -> Running {
    match resume {
        Some(path) => start_from(dir, "--resume", path, more),
        None => start_from(dir, "--journal", &dir.join("journal.json"), more),
    }
}

/// Starts `negsim studio` in `dir` with its journal `journal`, new (`how` is `--journal`) or
/// resumed (`--resume`), and more arguments; what it writes to its error stream goes to
/// `stderr.txt` in `dir`.
pub fn start_from(dir: &Path, how: &str, journal: &Path, more: &[&str]) -> Running {
    let stderr = dir.join("stderr.txt");
    let mut command = Command::new(env!("CARGO_BIN_EXE_negsim"));
    command
        .args(["studio", "--port", "0"])
        .args(more)
        .arg(how)
        .arg(journal);
    let mut child = command
        .current_dir(dir)
        .stdout(Stdio::piped())
        .stderr(std::fs::File::create(&stderr).unwrap())
        .spawn()
        .expect("negsim studio starts");
    let stdout = child.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    let mut trainer = None;
    let mut banner = Vec::new();
    for line in lines.by_ref() {
        let line = line.unwrap();
        if let Some(at) = line.find("http://127.0.0.1:")
            && line.contains("/trainer?key=")
        {
            trainer = Some(line[at..].trim().to_string());
        }
        let last = line.starts_with("Press Ctrl-C") || line.starts_with("Druk op Ctrl-C");
        banner.push(line);
        if last {
            break;
        }
    }
    // Keep reading what the studio prints so that it never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    let trainer = trainer.expect("the studio prints the trainer's address");
    let (base, key) = trainer.split_once("/trainer?key=").unwrap();
    Running {
        child,
        base: base.to_string(),
        key: key.to_string(),
        journal: journal.to_path_buf(),
        stderr,
        banner,
    }
}

/// A GET request: status and body.
pub async fn get(url: &str) -> (u16, String) {
    let client = Client::builder(TokioExecutor::new()).build_http::<Empty<bytes::Bytes>>();
    let response = client
        .get(url.parse().unwrap())
        .await
        .expect("the studio answers");
    let status = response.status().as_u16();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8_lossy(&body).into_owned())
}

/// The trainer's page over the WebSocket, identified.
pub async fn trainer(studio: &Running) -> Page {
    let mut page = Page::connect(&studio.base).await.unwrap();
    page.send(&Inbound::Trainer {
        key: studio.key.clone(),
    })
    .await
    .unwrap();
    page.next_board().await.unwrap();
    page
}

/// Opens a class session on the job offer with people in the candidate's seat; returns its
/// code.
pub async fn open_job_offer(trainer: &mut Page, culture: &str, deadline: u32) -> String {
    open_class(trainer, "job-offer", culture, &["candidate"], deadline).await
}

/// Opens a class session on `case` with people in the seats `seats` at every table; returns
/// its code.
pub async fn open_class(
    trainer: &mut Page,
    case: &str,
    culture: &str,
    seats: &[&str],
    deadline: u32,
) -> String {
    let config = json!({
        "case": case, "culture": culture, "seats": seats,
        "deadline": deadline, "seed": 1
    });
    trainer
        .send(&Inbound::Open {
            config: serde_json::from_value(config).unwrap(),
        })
        .await
        .unwrap();
    loop {
        let board = trainer.next_board().await.unwrap();
        if let Some(code) = board["code"].as_str() {
            return code.to_string();
        }
    }
}

/// A participant joined with a name: the page, its secret and its first seat view.
pub async fn join(studio: &Running, code: &str, name: &str) -> (Page, String, Value) {
    let mut page = Page::connect(&studio.base).await.unwrap();
    page.send(&Inbound::Join {
        code: code.into(),
        name: name.into(),
        lang: None,
    })
    .await
    .unwrap();
    let secret = match page
        .next_where(|m| matches!(m, Outbound::Welcome { .. }))
        .await
        .unwrap()
    {
        Outbound::Welcome { secret } => secret,
        _ => unreachable!(),
    };
    let view = page.next_seat().await.unwrap();
    (page, secret, view)
}

/// The next refusal a page gets: its reason and message.
pub async fn refusal(page: &mut Page) -> (String, String) {
    match page
        .next_where(|m| matches!(m, Outbound::Error { .. }))
        .await
        .unwrap()
    {
        Outbound::Error { reason, message } => (
            serde_json::to_value(reason)
                .unwrap()
                .as_str()
                .unwrap()
                .to_string(),
            message,
        ),
        _ => unreachable!(),
    }
}
