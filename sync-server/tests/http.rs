//! The HTTP surface without a socket: static files, cache rules, deep links and API errors.

use axum::{
    body::Body,
    http::{Request, StatusCode, header},
};
use clap::Parser;
use heard_sync_server::{AppState, Config, app, relay::store::MemoryStore};
use http_body_util::BodyExt;
use tower::ServiceExt;

const HASHED: &str = "heard-0123456789abcdef.wasm";

fn site() -> (tempfile::TempDir, Config) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("index.html"),
        "<!doctype html><title>Heard</title>",
    )
    .unwrap();
    std::fs::write(dir.path().join("index.html.br"), b"brotli-index").unwrap();
    std::fs::write(dir.path().join(HASHED), b"\0asm").unwrap();
    std::fs::write(dir.path().join(format!("{HASHED}.br")), b"brotli-wasm").unwrap();
    std::fs::write(dir.path().join(format!("{HASHED}.gz")), b"gzip-wasm").unwrap();
    std::fs::write(
        dir.path().join("sw.js"),
        "self.addEventListener('fetch', () => {})",
    )
    .unwrap();
    std::fs::write(dir.path().join("secret.txt"), "inside").unwrap();
    let config = Config::parse_from([
        "heard-sync-server".as_ref(),
        "--static-dir".as_ref(),
        dir.path().as_os_str(),
    ]);
    (dir, config)
}

struct Reply {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: Vec<u8>,
}

async fn get(config: &Config, path: &str, accept_encoding: Option<&str>) -> Reply {
    let mut request = Request::get(path);
    if let Some(encoding) = accept_encoding {
        request = request.header(header::ACCEPT_ENCODING, encoding);
    }
    let response = app(AppState::new(config, MemoryStore::new()))
        .oneshot(request.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = response
        .into_body()
        .collect()
        .await
        .unwrap()
        .to_bytes()
        .to_vec();
    Reply {
        status,
        headers,
        body,
    }
}

fn header_of(reply: &Reply, name: header::HeaderName) -> &str {
    reply
        .headers
        .get(name)
        .map(|v| v.to_str().unwrap())
        .unwrap_or("")
}

#[tokio::test]
async fn healthz_answers_ok() {
    let (_dir, config) = site();
    let reply = get(&config, "/healthz", None).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.body, b"ok");
}

#[tokio::test]
async fn every_response_has_the_security_headers() {
    let (dir, config) = site();
    let boot = r#"import init from "/heard-0123456789abcdef.js"; init();"#;
    let page = format!(r#"<!doctype html><script type="module">{boot}</script>"#);
    std::fs::write(dir.path().join("index.html"), &page).unwrap();
    std::fs::remove_file(dir.path().join("index.html.br")).unwrap();
    let hashes = heard_sync_server::inline_script_hashes(&page);
    assert_eq!(hashes.len(), 1);
    let csp = heard_sync_server::content_security_policy(&hashes);
    for path in [
        "/",
        "/sw.js",
        "/healthz",
        "/metrics",
        "/api/x",
        "/missing.png",
        "/relay",
    ] {
        let reply = get(&config, path, None).await;
        let check = |name: &str, value: &str| {
            assert_eq!(
                header_of(&reply, name.parse().unwrap()),
                value,
                "{path}: {name}"
            );
        };
        check("content-security-policy", &csp);
        check("x-content-type-options", "nosniff");
        check("referrer-policy", "no-referrer");
        let permissions = header_of(&reply, "permissions-policy".parse().unwrap());
        assert!(
            permissions.starts_with("microphone=(self), camera=(self), geolocation=()"),
            "{path}: {permissions}"
        );
        assert_eq!(
            permissions.matches("(self)").count(),
            2,
            "{path}: only two features allowed"
        );
    }
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert!(csp.contains(&format!("'sha256-{}'", hashes[0])), "{csp}");

    // The page is rebuilt with new hashed names: the policy follows it.
    std::thread::sleep(std::time::Duration::from_millis(20));
    let rebuilt = page.replace("0123456789abcdef", "fedcba9876543210");
    std::fs::write(dir.path().join("index.html"), &rebuilt).unwrap();
    let reply = get(&config, "/", None).await;
    let new_hash = &heard_sync_server::inline_script_hashes(&rebuilt)[0];
    assert!(header_of(&reply, header::CONTENT_SECURITY_POLICY).contains(new_hash.as_str()));
}

#[tokio::test]
async fn metrics_are_prometheus_text_and_relay_needs_a_websocket() {
    let (_dir, config) = site();
    let reply = get(&config, "/metrics", None).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(header_of(&reply, header::CONTENT_TYPE).starts_with("text/plain; version=0.0.4"));
    let body = String::from_utf8(reply.body).unwrap();
    for name in [
        "heard_relay_connections 0",
        "# TYPE heard_relay_ack_seconds histogram",
        "heard_relay_pushes_total 0",
    ] {
        assert!(body.contains(name), "{name} missing from\n{body}");
    }
    let reply = get(&config, "/relay", None).await;
    assert_eq!(reply.status, StatusCode::UPGRADE_REQUIRED);
    assert!(String::from_utf8_lossy(&reply.body).contains("WebSocket"));
}

#[tokio::test]
async fn hashed_assets_are_precompressed_and_immutable() {
    let (_dir, config) = site();
    let br = get(&config, &format!("/{HASHED}"), Some("br, gzip")).await;
    assert_eq!(br.status, StatusCode::OK);
    assert_eq!(header_of(&br, header::CONTENT_ENCODING), "br");
    assert_eq!(br.body, b"brotli-wasm");
    assert_eq!(
        header_of(&br, header::CACHE_CONTROL),
        "public, max-age=31536000, immutable"
    );

    let gz = get(&config, &format!("/{HASHED}"), Some("gzip")).await;
    assert_eq!(header_of(&gz, header::CONTENT_ENCODING), "gzip");
    assert_eq!(gz.body, b"gzip-wasm");

    let plain = get(&config, &format!("/{HASHED}"), None).await;
    assert_eq!(plain.body, b"\0asm");
    assert_eq!(header_of(&plain, header::CONTENT_TYPE), "application/wasm");
}

#[tokio::test]
async fn the_service_worker_and_index_are_revalidated_every_time() {
    let (_dir, config) = site();
    for path in ["/sw.js", "/", "/index.html"] {
        let reply = get(&config, path, None).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}");
        assert_eq!(
            header_of(&reply, header::CACHE_CONTROL),
            "no-cache",
            "{path}"
        );
    }
}

#[tokio::test]
async fn app_routes_get_index_html() {
    let (_dir, config) = site();
    for path in [
        "/responses/0123456789abcdef0123456789abcdef/2",
        "/anything/else",
        "/responses/",
    ] {
        let reply = get(&config, path, Some("br")).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}");
        assert_eq!(reply.body, b"brotli-index", "{path}");
        assert_eq!(
            header_of(&reply, header::CACHE_CONTROL),
            "no-cache",
            "{path}"
        );
    }
}

#[tokio::test]
async fn bad_api_and_path_requests() {
    let (dir, config) = site();
    std::fs::write(dir.path().parent().unwrap().join("outside.txt"), "outside").ok();
    // (path, expected status, body must contain)
    let cases: &[(&str, StatusCode, &str)] = &[
        (
            "/api",
            StatusCode::NOT_FOUND,
            r#""error":"no such API endpoint""#,
        ),
        (
            "/api/",
            StatusCode::NOT_FOUND,
            r#""error":"no such API endpoint""#,
        ),
        (
            "/api/v1/nothing",
            StatusCode::NOT_FOUND,
            r#""error":"no such API endpoint""#,
        ),
        ("/api/../secret.txt", StatusCode::NOT_FOUND, r#""error""#),
        ("/missing-0123456789abcdef.js", StatusCode::NOT_FOUND, ""),
        ("/icons/none.png", StatusCode::NOT_FOUND, ""),
        ("/../outside.txt", StatusCode::NOT_FOUND, ""),
        ("/%2e%2e/outside.txt", StatusCode::NOT_FOUND, ""),
        (
            "/secret.txt/..%2f..%2foutside.txt",
            StatusCode::NOT_FOUND,
            "",
        ),
        ("/%2e%2e", StatusCode::OK, "<title>Heard</title>"),
    ];
    for (path, status, needle) in cases {
        let reply = get(&config, path, None).await;
        let body = String::from_utf8_lossy(&reply.body);
        assert_eq!(reply.status, *status, "{path}: {body}");
        assert!(body.contains(needle), "{path}: {body}");
        assert!(
            !body.contains("outside"),
            "{path} escaped the static folder"
        );
        if *status == StatusCode::NOT_FOUND {
            assert_eq!(
                header_of(&reply, header::CACHE_CONTROL),
                "no-cache",
                "{path}: a 404 must not be cached for a year"
            );
        }
    }
    let api = get(&config, "/api/nothing", None).await;
    assert_eq!(header_of(&api, header::CONTENT_TYPE), "application/json");
}
