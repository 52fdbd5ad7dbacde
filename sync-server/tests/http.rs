//! The HTTP surface without a socket: static files, cache rules, deep links and API errors.

use axum::{
    body::Body,
    http::{Request, StatusCode, header},
};
use heard_sync_server::{Config, app};
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
    let config = Config {
        addr: "127.0.0.1:0".into(),
        static_dir: dir.path().to_owned(),
        data_dir: dir.path().join("data"),
    };
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
    let response = app(config)
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
