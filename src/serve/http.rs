//! Answers one request from the site in memory. Pure functions of the request
//! path and the last good build, so they are tested without a socket.

use crate::output::{Contents, SiteFiles, output_candidates};
use crate::render::csp;

/// Served at `LIVE_RELOAD_PATH`; injected into HTML only by `serve`, never by `build`.
pub const LIVE_RELOAD_PATH: &str = "/__lamplight/live.js";
pub const EVENTS_PATH: &str = "/__lamplight/events";
pub const OVERLAY_CSS_PATH: &str = "/__lamplight/overlay.css";

/// Reloads the page when the server says the site changed. The server drops
/// the connection when it stops; EventSource then retries on its own, so the
/// tab picks up again when `serve` is restarted.
pub const LIVE_RELOAD_JS: &str = r#"(function () {
  var events = new EventSource("/__lamplight/events");
  events.onmessage = function (event) {
    if (event.data === "reload") { window.location.reload(); }
  };
})();
"#;

pub const OVERLAY_CSS: &str = r#".lamplight-error {
  position: fixed; inset: 0 0 auto 0; z-index: 2147483647; max-height: 70vh;
  overflow: auto; margin: 0; padding: 1rem 1.5rem; border-bottom: 6px solid #d4351c;
  background: #fff; color: #0b0c0c; font: 1rem/1.5 system-ui, sans-serif;
  box-shadow: 0 4px 12px rgb(0 0 0 / 40%);
}
.lamplight-error h2 { margin: 0 0 .5rem; font-size: 1.25rem; color: #0b0c0c; }
.lamplight-error pre { white-space: pre-wrap; font: .9rem/1.4 ui-monospace, monospace;
  background: #f3f2f1; color: #0b0c0c; padding: .75rem; }
"#;

#[derive(Debug, PartialEq, Eq)]
pub enum Answer {
    Found {
        output_path: String,
        content_type: &'static str,
    },
    /// `/about` when the page is `/about/`: browsers need the slash for
    /// relative links to resolve.
    Redirect(String),
    NotFound,
}

/// Which output file answers `url` (a request target such as `/about/?x=1`).
pub fn find(url: &str, files: &SiteFiles) -> Answer {
    let path = url.split(['?', '#']).next().unwrap_or_default();
    let path = percent_decode(path);
    let relative = path.trim_start_matches('/');
    let found = output_candidates(relative)
        .into_iter()
        .enumerate()
        .find(|(_, candidate)| files.contains_key(candidate));
    match found {
        Some((0, output_path)) => Answer::Found {
            content_type: content_type(&output_path),
            output_path,
        },
        Some(_) => Answer::Redirect(format!("/{}/", percent_encode(relative))),
        None => Answer::NotFound,
    }
}

/// The headers `_headers` gives every address (its `/*` block), or the
/// generated ones when the site has none: `serve` sends them too, so a
/// page that breaks the policy breaks in the preview, not in public.
pub fn site_headers(files: &SiteFiles) -> Vec<(String, String)> {
    let written = files
        .get(csp::HEADERS_FILE)
        .and_then(|contents| bytes(contents).ok())
        .and_then(|bytes| String::from_utf8(bytes).ok());
    let text = written.unwrap_or_else(|| csp::headers_file(&csp::Inline::default(), false));
    let mut every_address = false;
    let mut headers = Vec::new();
    for line in text.lines() {
        if !line.starts_with([' ', '\t']) {
            every_address = line.trim() == "/*";
        } else if let Some((name, value)) = line.trim().split_once(':')
            && every_address
        {
            headers.push((name.trim().to_string(), value.trim().to_string()));
        }
    }
    headers
}

/// The bytes of an output file: rendered text, or a file copied from the site.
pub fn bytes(contents: &Contents) -> std::io::Result<Vec<u8>> {
    match contents {
        Contents::Text(text) => Ok(text.as_bytes().to_vec()),
        Contents::Copy(path) => std::fs::read(path),
        Contents::BuiltIn(bytes) => Ok(bytes.to_vec()),
        Contents::Written => Err(std::io::Error::other(
            "written to the output folder, not kept in memory",
        )),
    }
}

/// Adds the live-reload script, and the error overlay when the last rebuild
/// failed, to a page of HTML.
pub fn inject(html: &str, error: Option<&str>) -> String {
    inject_notice(html, error.map(|e| overlay(e, LAST_GOOD)))
}

const LAST_GOOD: &str = "<h2>The site did not rebuild</h2>\n<p>This is the last version of the page \
    that built. Fix the problem below and save the file: the page reloads by itself.</p>";
const NEVER_BUILT: &str = "<h2>The site did not build</h2>\n<p>Fix the problem below and save the \
    file: this page reloads by itself.</p>";

fn inject_notice(html: &str, notice: Option<String>) -> String {
    let mut out = html.to_string();
    let script = format!("<script src=\"{LIVE_RELOAD_PATH}\"></script>\n");
    match out.rfind("</body>") {
        Some(at) => out.insert_str(at, &script),
        None => out.push_str(&script),
    }
    if let Some(notice) = notice {
        let body_open = out
            .find("<body")
            .and_then(|at| out[at..].find('>').map(|end| at + end + 1))
            .unwrap_or(0);
        out.insert_str(body_open, &notice);
    }
    out
}

/// A notice over the page saying the site did not build, and why.
fn overlay(error: &str, heading: &str) -> String {
    format!(
        "\n<link rel=\"stylesheet\" href=\"{OVERLAY_CSS_PATH}\">\n\
         <div id=\"lamplight-error\" class=\"lamplight-error\" role=\"alert\">\n\
         {heading}\n<pre>{}</pre>\n</div>\n",
        crate::markdown::highlight::escape(error)
    )
}

/// The page shown for every address when the site has never built.
pub fn error_page(error: &str) -> String {
    inject_notice(
        "<!doctype html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>The site did not build</title>\n</head>\n<body>\n<main></main>\n</body>\n</html>\n",
        Some(overlay(error, NEVER_BUILT)),
    )
}

fn content_type(path: &str) -> &'static str {
    let extension = path.rsplit_once('.').map_or("", |(_, e)| e);
    match extension.to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "json" => "application/json",
        "csv" => "text/csv; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        _ => "application/octet-stream",
    }
}

/// A path as it may go in a `Location` header, which takes only ASCII:
/// `/café` once panicked the server when it answered with a redirect.
fn percent_encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Whether a request's `Host` header names this preview: its own address,
/// or a loopback name, on its port. A web page on another site can make
/// the browser send requests here under its own host name (DNS
/// rebinding) and read the drafts in the answers; those are refused. When
/// `serve --interface` listens on every address, any IP address is taken,
/// as others on the network reach it by one.
pub fn host_allowed(host: Option<&str>, bound: std::net::SocketAddr) -> bool {
    let Some(host) = host else {
        // HTTP/1.0 with no Host: not something a browser sends.
        return true;
    };
    let host = host.trim().to_ascii_lowercase();
    let (name, port) = match host.rsplit_once(':') {
        Some((name, port))
            if !port.contains(']') && (name.ends_with(']') || !name.contains(':')) =>
        {
            (name.to_string(), Some(port.to_string()))
        }
        _ => (host.clone(), None),
    };
    if port.is_some_and(|p| p != bound.port().to_string()) {
        return false;
    }
    let name = name.trim_start_matches('[').trim_end_matches(']');
    if name == "localhost" {
        return true;
    }
    match name.parse::<std::net::IpAddr>() {
        Ok(ip) => ip.is_loopback() || ip == bound.ip() || bound.ip().is_unspecified(),
        Err(_) => false,
    }
}

/// `%20` and friends, so a file named with a space can be fetched.
fn percent_decode(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_this_previews_own_host_names_are_answered() {
        let bound: std::net::SocketAddr = "127.0.0.1:1111".parse().unwrap();
        for host in [
            "127.0.0.1:1111",
            "localhost:1111",
            "LOCALHOST:1111",
            "[::1]:1111",
            "127.0.0.1",
            "localhost",
        ] {
            assert!(host_allowed(Some(host), bound), "{host}");
        }
        for host in [
            "evil.example:1111",
            "evil.example",
            "127.0.0.1:2222",
            "127.0.0.1.evil.example:1111",
            "10.0.0.5:1111",
            "",
        ] {
            assert!(!host_allowed(Some(host), bound), "{host}");
        }
        let everywhere: std::net::SocketAddr = "0.0.0.0:1111".parse().unwrap();
        assert!(host_allowed(Some("192.168.1.20:1111"), everywhere));
        assert!(!host_allowed(Some("rebound.example:1111"), everywhere));
    }

    #[test]
    fn a_redirect_to_a_folder_with_any_name_is_a_valid_header() {
        let mut files = SiteFiles::new();
        files.insert("café/index.html".into(), Contents::text("x"));
        let Answer::Redirect(to) = find("/caf%C3%A9", &files) else {
            panic!("not a redirect")
        };
        assert_eq!(to, "/caf%C3%A9/");
        assert!(to.is_ascii());
    }

    #[test]
    fn site_headers_are_those_of_every_address() {
        let mut files = SiteFiles::new();
        files.insert(
            csp::HEADERS_FILE.to_string(),
            Contents::text(
                "/*\n  Referrer-Policy: no-referrer\n  X-Test: a: b\n/admin/*\n  X-Robots-Tag: none\n",
            ),
        );
        assert_eq!(
            site_headers(&files),
            [
                ("Referrer-Policy".to_string(), "no-referrer".to_string()),
                ("X-Test".to_string(), "a: b".to_string()),
            ]
        );
        let generated = site_headers(&SiteFiles::new());
        let names: Vec<&str> = generated.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "Content-Security-Policy",
                "Referrer-Policy",
                "X-Content-Type-Options",
                "Permissions-Policy"
            ]
        );
    }

    fn files() -> SiteFiles {
        ["index.html", "about/index.html", "site.css", "my file.pdf"]
            .into_iter()
            .map(|p| (p.to_string(), Contents::text("")))
            .collect()
    }

    fn found(path: &str) -> Answer {
        Answer::Found {
            content_type: content_type(path),
            output_path: path.to_string(),
        }
    }

    #[test]
    fn finds_pages_files_and_folders() {
        let files = files();
        assert_eq!(find("/", &files), found("index.html"));
        assert_eq!(find("/about/", &files), found("about/index.html"));
        assert_eq!(find("/about/?utm=x", &files), found("about/index.html"));
        assert_eq!(find("/site.css", &files), found("site.css"));
        assert_eq!(find("/my%20file.pdf", &files), found("my file.pdf"));
        assert_eq!(find("/about", &files), Answer::Redirect("/about/".into()));
        assert_eq!(find("/nope/", &files), Answer::NotFound);
        assert_eq!(find("/../etc/passwd", &files), Answer::NotFound);
        assert_eq!(content_type("about/index.html"), "text/html; charset=utf-8");
    }

    #[test]
    fn injects_the_script_and_the_overlay() {
        let page = "<html><body class=\"x\"><h1>Hi</h1></body></html>";
        let live = inject(page, None);
        assert_eq!(
            live,
            "<html><body class=\"x\"><h1>Hi</h1><script src=\"/__lamplight/live.js\"></script>\n</body></html>"
        );
        let broken = inject(page, Some("content/a.md:3:1: bad <thing>"));
        let overlay_at = broken.find("id=\"lamplight-error\"").unwrap();
        assert!(overlay_at > broken.find("<body class=\"x\">").unwrap());
        assert!(overlay_at < broken.find("<h1>Hi</h1>").unwrap());
        assert!(broken.contains("content/a.md:3:1: bad &lt;thing&gt;"));
    }
}
