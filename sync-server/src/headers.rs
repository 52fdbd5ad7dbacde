//! Security headers on every response, the Content-Security-Policy included.
//!
//! The page shell has one inline boot script (`import init …; init(…)`).
//! Rather than allow inline scripts, the policy names that script by its
//! SHA-256, read from the `index.html` being served. The file is rebuilt
//! with new hashed names by `cargo xtask build`, so the hash is recomputed
//! whenever the file's modification time or length changes.

use std::{
    path::{Path, PathBuf},
    sync::{Arc, Mutex},
    time::SystemTime,
};

use axum::{
    extract::{Request, State},
    http::{HeaderName, HeaderValue, header},
    middleware::Next,
    response::Response,
};
use base64::{Engine, engine::general_purpose::STANDARD};
use sha2::{Digest, Sha256};

/// Only the microphone and camera (recording notes, scanning an invite), and
/// only for this origin; every other powerful feature is off.
const PERMISSIONS: &str = "microphone=(self), camera=(self), geolocation=(), payment=(), usb=(), \
     serial=(), bluetooth=(), midi=(), magnetometer=(), gyroscope=(), accelerometer=(), \
     display-capture=(), screen-wake-lock=(), xr-spatial-tracking=()";

#[derive(Clone)]
pub struct SecurityHeaders {
    index: PathBuf,
    cached: Arc<Mutex<Option<(Stamp, HeaderValue)>>>,
}

/// What identifies one version of `index.html` without reading it.
type Stamp = (Option<SystemTime>, u64);

impl SecurityHeaders {
    pub fn new(static_dir: &Path) -> Self {
        SecurityHeaders {
            index: static_dir.join("index.html"),
            cached: Arc::new(Mutex::new(None)),
        }
    }

    /// The policy for the `index.html` on disk now.
    pub fn content_security_policy(&self) -> HeaderValue {
        let metadata = std::fs::metadata(&self.index).ok();
        let stamp: Stamp = (
            metadata.as_ref().and_then(|m| m.modified().ok()),
            metadata.as_ref().map_or(0, |m| m.len()),
        );
        let mut cached = self.cached.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((seen, value)) = cached.as_ref()
            && *seen == stamp
        {
            return value.clone();
        }
        let page = std::fs::read_to_string(&self.index).unwrap_or_default();
        let value = HeaderValue::from_str(&policy(&inline_script_hashes(&page)))
            .unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'"));
        *cached = Some((stamp, value.clone()));
        value
    }
}

/// The policy, given the hashes of the page's inline scripts.
/// `'wasm-unsafe-eval'` lets the page and its worker compile WebAssembly and
/// nothing else; `blob:` media and images are the recordings a device plays
/// from its own storage (and `blob:` in `connect-src` lets a page read one
/// back, which is its own); `'self'` in `connect-src` covers the relay's
/// WebSocket on this origin.
pub fn policy(script_hashes: &[String]) -> String {
    let hashes: String = script_hashes
        .iter()
        .map(|h| format!(" 'sha256-{h}'"))
        .collect();
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; \
         style-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; \
         connect-src 'self' blob:; font-src 'self'; worker-src 'self'; manifest-src 'self'; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// Base64 SHA-256 of each `<script>` without a `src`, as CSP hashes them.
pub fn inline_script_hashes(page: &str) -> Vec<String> {
    let mut hashes = Vec::new();
    let mut rest = page;
    while let Some(start) = rest.find("<script") {
        let Some(open_end) = rest[start..].find('>') else {
            break;
        };
        let attributes = &rest[start + "<script".len()..start + open_end];
        let body_start = start + open_end + 1;
        let Some(body_len) = rest[body_start..].find("</script") else {
            break;
        };
        if !attributes.contains("src=") {
            let body = &rest[body_start..body_start + body_len];
            hashes.push(STANDARD.encode(Sha256::digest(body.as_bytes())));
        }
        rest = &rest[body_start + body_len..];
    }
    hashes
}

pub async fn add(State(headers): State<SecurityHeaders>, request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let map = response.headers_mut();
    map.insert(
        header::CONTENT_SECURITY_POLICY,
        headers.content_security_policy(),
    );
    map.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    map.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    map.insert(
        HeaderName::from_static("permissions-policy"),
        HeaderValue::from_static(PERMISSIONS),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_only_inline_scripts() {
        let page = r#"<head><script src="/a.js"></script>
            <script type="module">import init from "/x.js"; init();</script></head>"#;
        // printf 'import init from "/x.js"; init();' | openssl sha256 -binary | base64
        assert_eq!(
            inline_script_hashes(page),
            ["YhXVfW4OXOFGHxMDCQNbcrIfaccaqzfwTUXcFKQjwRw="]
        );
        assert!(inline_script_hashes("<p>no scripts</p>").is_empty());
        assert!(inline_script_hashes("<script>unclosed").is_empty());
    }

    #[test]
    fn the_policy_never_allows_inline_script() {
        let policy = policy(&["abc=".into()]);
        assert!(policy.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-abc=';"));
        assert!(!policy.contains("unsafe-inline"));
    }
}
