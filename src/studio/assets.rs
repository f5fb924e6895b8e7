//! The pages and their styles and scripts, embedded in the binary: plain HTML, CSS and
//! JavaScript with no build step, nothing loaded from elsewhere, so the studio works on a
//! laptop with no network.

use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

/// The trainer's page: demonstration, class session and debrief.
pub const TRAINER: &str = include_str!("assets/trainer.html");
/// A participant's page (phone or laptop).
pub const PARTICIPANT: &str = include_str!("assets/participant.html");

/// The assets under `/assets/`: (name, content type, content).
const ASSETS: &[(&str, &str, &str)] = &[
    (
        "studio.css",
        "text/css; charset=utf-8",
        include_str!("assets/studio.css"),
    ),
    (
        "common.js",
        "text/javascript; charset=utf-8",
        include_str!("assets/common.js"),
    ),
    (
        "trainer.js",
        "text/javascript; charset=utf-8",
        include_str!("assets/trainer.js"),
    ),
    (
        "participant.js",
        "text/javascript; charset=utf-8",
        include_str!("assets/participant.js"),
    ),
];

/// Response headers every page gets: nothing from elsewhere may load, and no page may be
/// framed by another site.
const SECURITY: [(header::HeaderName, &str); 3] = [
    (
        header::CONTENT_SECURITY_POLICY,
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'",
    ),
    (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
    (header::REFERRER_POLICY, "no-referrer"),
];

/// A page.
pub fn page(text: &'static str) -> Response {
    html(text.to_string())
}

/// An HTML document.
pub fn html(text: String) -> Response {
    let mut response = ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], text).into_response();
    for (name, value) in SECURITY {
        response
            .headers_mut()
            .insert(name, header::HeaderValue::from_static(value));
    }
    response
}

/// A file under `/assets/`.
pub async fn asset(Path(name): Path<String>) -> Response {
    match ASSETS.iter().find(|(n, _, _)| *n == name) {
        Some((_, kind, text)) => ([(header::CONTENT_TYPE, *kind)], *text).into_response(),
        None => (StatusCode::NOT_FOUND, "there is no such file in the studio").into_response(),
    }
}
