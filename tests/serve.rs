//! `lamplight serve`, run as officers run it: a real process on an ephemeral
//! port, fetched over HTTP while its source files are edited.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::Site;

/// How long a change may take to show; generous, as CI machines are slow.
const PATIENCE: Duration = Duration::from_secs(20);

struct Server {
    child: Child,
    address: String,
    /// What serve has printed since its address.
    printed: Arc<Mutex<Vec<String>>>,
}

impl Server {
    fn start(site: &Site) -> Server {
        Server::start_with(site, &[])
    }

    fn start_with(site: &Site, flags: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_lamplight"))
            // Run from inside the site, with no --root, as officers do.
            .current_dir(site.root())
            .args(["serve", "--port", "0"])
            .args(flags)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let address = loop {
            let line = lines.next().expect("serve printed its address").unwrap();
            if let Some(at) = line.find("http://") {
                let rest = &line[at + "http://".len()..];
                break rest[..rest.find('/').unwrap()].to_string();
            }
        };
        // Keep reading so the server never blocks on a full pipe.
        let printed = Arc::new(Mutex::new(Vec::new()));
        let record = Arc::clone(&printed);
        std::thread::spawn(move || {
            for line in lines.map_while(|l| l.ok()) {
                record.lock().unwrap().push(line);
            }
        });
        Server {
            child,
            address,
            printed,
        }
    }

    /// Status code and body of a GET.
    fn get(&self, path: &str) -> (u16, String) {
        let (status, _, body) = self.request("GET", path);
        (status, body)
    }

    /// Status code, head and body of a request for `target`, sent exactly as
    /// given (an HTTP client would tidy `..` away before sending it).
    fn request(&self, method: &str, target: &str) -> (u16, String, String) {
        let mut stream = TcpStream::connect(&self.address).unwrap();
        write!(
            stream,
            "{method} {target} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.address
        )
        .unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        let status = response[9..12].parse().unwrap();
        let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
        (status, head.to_string(), body.to_string())
    }

    /// Fetches `path` until `wanted` holds of the body, or fails after PATIENCE.
    fn wait_for(&self, path: &str, what: &str, wanted: impl Fn(&str) -> bool) -> String {
        let started = Instant::now();
        loop {
            let (_, body) = self.get(path);
            if wanted(&body) {
                return body;
            }
            assert!(
                started.elapsed() < PATIENCE,
                "{what} did not happen:\n{body}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Server {
    /// Waits for serve to print a line that `wanted` holds of.
    fn wait_for_line(&self, what: &str, wanted: impl Fn(&str) -> bool) -> String {
        let started = Instant::now();
        loop {
            if let Some(line) = self.printed.lock().unwrap().iter().find(|l| wanted(l)) {
                return line.clone();
            }
            assert!(
                started.elapsed() < PATIENCE,
                "serve did not print {what}: {:?}",
                self.printed.lock().unwrap()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn site() -> Site {
    let site = Site::new();
    site.write(
        "content/help.md",
        "+++\ntitle = \"Getting help\"\n+++\nCall 101 if it is not an emergency.\n",
    );
    site
}

#[test]
fn serves_pages_and_shows_an_edit_without_a_restart() {
    let site = site();
    let server = Server::start(&site);
    let (status, body) = server.get("/help/");
    assert_eq!(status, 200);
    assert!(
        body.contains("Call 101 if it is not an emergency."),
        "{body}"
    );
    assert!(
        body.contains("<script src=\"/__lamplight/live.js\"></script>"),
        "serve adds live reload"
    );
    assert!(!site.public("").exists(), "serve writes nothing to public/");

    site.write(
        "content/help.md",
        "+++\ntitle = \"Getting help\"\n+++\nCall 101, or 999 in an emergency.\n",
    );
    server.wait_for("/help/", "the edit to appear", |b| {
        b.contains("Call 101, or 999 in an emergency.")
    });
    let rebuilt = server.wait_for_line("the rebuild", |l| l.starts_with("Rebuilt "));
    assert!(
        rebuilt.starts_with("Rebuilt 1 of ") && rebuilt.ends_with("(content/help.md changed)."),
        "only the page renders again (the home page lists its title): {rebuilt}"
    );

    site.write("content/news.md", "+++\ntitle = \"News\"\n+++\nFresh.\n");
    server.wait_for("/news/", "a new page to appear", |b| b.contains("Fresh."));
    server.wait_for_line("a whole rebuild for a new file", |l| {
        l.starts_with("Built 2 pages and 1 section in ")
    });

    assert_eq!(server.get("/nowhere/").0, 404);
    let (status, script) = server.get("/__lamplight/live.js");
    assert_eq!(status, 200);
    assert!(script.contains("new EventSource(\"/__lamplight/events\")"));
}

#[test]
fn a_broken_file_shows_an_overlay_over_the_last_good_page() {
    let site = site();
    let server = Server::start(&site);
    server.wait_for("/help/", "the first build", |b| b.contains("Call 101"));

    site.write(
        "content/help.md",
        "+++\ntitle = \"Getting help\ndraft = false\n+++\nHalf-typed.\n",
    );
    let body = server.wait_for("/help/", "the overlay", |b| b.contains("lamplight-error"));
    assert!(body.contains("role=\"alert\""));
    assert!(
        body.contains("content/help.md:2:"),
        "names file and line: {body}"
    );
    assert!(
        body.contains("Call 101 if it is not an emergency."),
        "the last good page is still served"
    );
    assert!(!body.contains("Half-typed."));
    // Other pages stay up too, with the same notice.
    let (status, home) = server.get("/");
    assert_eq!(status, 200);
    assert!(home.contains("lamplight-error") && home.contains("Welcome."));

    site.write(
        "content/help.md",
        "+++\ntitle = \"Getting help\"\n+++\nFixed.\n",
    );
    let body = server.wait_for("/help/", "the fix to clear the overlay", |b| {
        b.contains("Fixed.")
    });
    assert!(!body.contains("lamplight-error"));
}

#[test]
fn open_tabs_are_told_to_reload_after_a_change() {
    let site = site();
    let server = Server::start(&site);
    let mut events = TcpStream::connect(&server.address).unwrap();
    write!(
        events,
        "GET /__lamplight/events HTTP/1.1\r\nHost: {}\r\n\r\n",
        server.address
    )
    .unwrap();
    events.set_read_timeout(Some(PATIENCE)).unwrap();
    let mut reader = BufReader::new(events);
    let mut seen = String::new();
    while !seen.contains("retry:") {
        reader.read_line(&mut seen).unwrap();
    }
    assert!(seen.contains("text/event-stream"), "{seen}");

    site.write(
        "content/help.md",
        "+++\ntitle = \"Getting help\"\n+++\nChanged.\n",
    );
    let started = Instant::now();
    let mut line = String::new();
    while line.trim() != "data: reload" {
        line.clear();
        reader.read_line(&mut line).unwrap();
        assert!(started.elapsed() < PATIENCE, "no reload event");
    }
}

#[test]
fn a_site_that_never_built_shows_why_and_recovers() {
    let site = site();
    site.write("content/help.md", "+++\ntitel = \"Getting help\"\n+++\n");
    let server = Server::start(&site);
    let (status, body) = server.get("/help/");
    assert_eq!(status, 503);
    assert!(
        body.contains("unknown key `titel` in front matter"),
        "{body}"
    );
    assert!(body.contains("The site did not build"), "{body}");

    site.write(
        "content/help.md",
        "+++\ntitle = \"Getting help\"\n+++\nBack.\n",
    );
    server.wait_for("/help/", "the site to build", |b| b.contains("Back."));
}

#[test]
fn build_output_never_has_the_live_reload_script() {
    let site = site();
    site.build().unwrap();
    assert!(!site.read("help/index.html").contains("__lamplight"));
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_cleanly() {
    let site = site();
    let mut server = Server::start(&site);
    assert_eq!(server.get("/help/").0, 200);
    let interrupted = Command::new("kill")
        .args(["-INT", &server.child.id().to_string()])
        .status()
        .unwrap();
    assert!(interrupted.success());
    let started = Instant::now();
    let status = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status;
        }
        assert!(started.elapsed() < PATIENCE, "serve did not stop");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "{status:?}");
}

#[test]
fn quiet_prints_the_address_and_no_build_lines() {
    let site = site();
    let server = Server::start_with(&site, &["--quiet"]);
    site.write(
        "content/help.md",
        "+++\ntitle = \"Getting help\"\n+++\nQuietly changed.\n",
    );
    server.wait_for("/help/", "the edit to appear", |b| {
        b.contains("Quietly changed.")
    });
    // Serve prints before it swaps the new pages in; give the line time to arrive.
    std::thread::sleep(Duration::from_millis(300));
    let printed = server.printed.lock().unwrap().clone();
    assert!(
        printed.iter().all(|l| !l.contains("uilt ")),
        "no build lines with --quiet: {printed:?}"
    );
}

#[test]
fn listens_only_on_this_computer_by_default() {
    let site = site();
    let server = Server::start(&site);
    assert!(
        server.address.starts_with("127.0.0.1:"),
        "serve listens on {}",
        server.address
    );
}

#[test]
fn every_answer_carries_the_production_security_headers() {
    let site = site();
    let server = Server::start(&site);
    server.wait_for("/help/", "the first build", |body| {
        body.contains("Call 101")
    });
    for (method, target, status) in [
        ("GET", "/help/", 200),
        ("GET", "/no-such-page/", 404),
        ("GET", "/help", 301),
        ("POST", "/help/", 405),
    ] {
        let (got, head, _) = server.request(method, target);
        assert_eq!(got, status, "{method} {target}");
        let head = head.to_ascii_lowercase();
        for header in [
            "content-security-policy: default-src 'self'",
            "frame-ancestors 'none'",
            "referrer-policy: no-referrer",
            "x-content-type-options: nosniff",
            "permissions-policy: geolocation=(), camera=(), microphone=()",
        ] {
            assert!(
                head.contains(header),
                "{method} {target} lacks {header}:\n{head}"
            );
        }
        assert!(
            !head.contains("set-cookie"),
            "{method} {target} sets a cookie"
        );
    }
}

#[test]
fn nothing_outside_the_built_site_is_served() {
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.txt");
    std::fs::write(&secret, "the council's private key").unwrap();
    let site = site();
    site.write(
        "config.toml",
        &format!("{}\n# the council's private key\n", common::CONFIG),
    );
    site.write("static/robots-extra.txt", "fine to serve");
    #[cfg(unix)]
    std::os::unix::fs::symlink(&secret, site.root().join("static/linked.txt")).unwrap();
    let server = Server::start(&site);
    server.wait_for("/help/", "the first build", |body| {
        body.contains("Call 101")
    });
    assert_eq!(
        server.get("/robots-extra.txt"),
        (200, "fine to serve".to_string())
    );
    let secret_path = secret.to_str().unwrap();
    for target in [
        "/../config.toml",
        "/../../config.toml",
        "/%2e%2e/config.toml",
        "/%2E%2E/%2e%2e/config.toml",
        "/..%2fconfig.toml",
        "/help/..%2f..%2fconfig.toml",
        "/static/../config.toml",
        "//etc/passwd",
        "/%2fetc%2fpasswd",
        "/linked.txt",
        &format!("/{secret_path}"),
        &format!("/..{secret_path}"),
    ] {
        let (status, _, body) = server.request("GET", target);
        assert!(
            status == 404 || status == 400,
            "GET {target} answered {status}"
        );
        assert!(
            !body.contains("private key"),
            "GET {target} gave the secret away"
        );
    }
}

/// The serve process's resident memory, from /proc, in kilobytes.
#[cfg(target_os = "linux")]
fn resident_kb(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

/// 200 connections at once, 10,000 requests in all, each answered in full,
/// and memory afterwards within 64 MB of where it started: a bounded load
/// test on loopback, not a benchmark.
#[cfg(target_os = "linux")]
#[test]
fn holds_two_hundred_connections_and_ten_thousand_requests() {
    const CONNECTIONS: usize = 200;
    const REQUESTS_EACH: usize = 50;
    let site = site();
    let server = Server::start(&site);
    let page = server.wait_for("/help/", "the first build", |body| {
        body.contains("Call 101")
    });
    let before = resident_kb(server.child.id());
    let barrier = Arc::new(std::sync::Barrier::new(CONNECTIONS));
    let threads: Vec<_> = (0..CONNECTIONS)
        .map(|n| {
            let address = server.address.clone();
            let barrier = Arc::clone(&barrier);
            let expected = page.len();
            std::thread::spawn(move || -> Result<usize, String> {
                let stream = TcpStream::connect(&address).map_err(|e| e.to_string())?;
                // A connection waits for a worker while earlier ones are
                // served: on a busy two-core machine that took over 20 s
                // once (os error 11). This tests that every request is
                // answered, not how fast.
                stream.set_read_timeout(Some(PATIENCE * 10)).unwrap();
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut writer = stream;
                // Every connection is open before any request is sent.
                barrier.wait();
                for k in 0..REQUESTS_EACH {
                    let target = if (n + k) % 5 == 0 {
                        "/missing/"
                    } else {
                        "/help/"
                    };
                    write!(writer, "GET {target} HTTP/1.1\r\nHost: {address}\r\n\r\n")
                        .map_err(|e| e.to_string())?;
                    let mut status = String::new();
                    reader.read_line(&mut status).map_err(|e| e.to_string())?;
                    let mut length = 0;
                    loop {
                        let mut line = String::new();
                        reader.read_line(&mut line).map_err(|e| e.to_string())?;
                        if line == "\r\n" {
                            break;
                        }
                        if let Some((name, value)) = line.split_once(':')
                            && name.eq_ignore_ascii_case("content-length")
                        {
                            length = value.trim().parse().unwrap();
                        }
                    }
                    let mut body = vec![0; length];
                    reader.read_exact(&mut body).map_err(|e| e.to_string())?;
                    let wanted = if target == "/help/" { "200" } else { "404" };
                    if !status.contains(wanted) || (wanted == "200" && length != expected) {
                        return Err(format!(
                            "{target}: {} with {length} bytes, not {expected}",
                            status.trim()
                        ));
                    }
                }
                Ok(REQUESTS_EACH)
            })
        })
        .collect();
    let mut answered = 0;
    for thread in threads {
        answered += thread.join().unwrap().unwrap_or_else(|e| panic!("{e}"));
    }
    assert_eq!(answered, CONNECTIONS * REQUESTS_EACH);
    let after = resident_kb(server.child.id());
    eprintln!("serve's memory: {before} kB before, {after} kB after {answered} requests");
    assert!(
        after < before + 64 * 1024,
        "serve grew from {before} kB to {after} kB"
    );
}

/// Sends `raw` as it is and reads the whole answer, with a time limit.
fn raw_request(address: &str, raw: &[u8]) -> String {
    let mut stream = TcpStream::connect(address).unwrap();
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    stream.write_all(raw).unwrap();
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    String::from_utf8_lossy(&response).into_owned()
}

/// `GET /café` (a folder, without its slash) once panicked the server
/// while writing the redirect, and every later request was refused.
#[test]
fn a_folder_with_any_name_asked_for_without_its_slash_is_redirected() {
    let site = site();
    site.write(
        "content/café/_index.md",
        "+++\ntitle = \"Café\"\n+++\nTea.\n",
    );
    site.write(
        "content/caf\u{e9}/menu.md",
        "+++\ntitle = \"Menu\"\n+++\nScones.\n",
    );
    let server = Server::start(&site);
    server.wait_for("/help/", "the first build", |b| b.contains("Call 101"));
    let (status, head, _) = server.request("GET", "/caf%C3%A9");
    assert!(status == 301 || status == 404, "{status}");
    if status == 301 {
        assert!(head.contains("Location: /caf%C3%A9/"), "{head}");
    }
    // Sent unencoded, as some clients do: any answer, or none, but no panic.
    let _ = raw_request(
        &server.address,
        format!(
            "GET /caf\u{e9} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            server.address
        )
        .as_bytes(),
    );
    assert_eq!(server.get("/help/").0, 200, "the server is still up");
}

/// A page elsewhere can point a host name at 127.0.0.1 (DNS rebinding) and
/// read the preview, drafts and all, as its own site: only this preview's
/// own addresses are answered.
#[test]
fn requests_for_another_host_name_are_refused() {
    let site = site();
    let server = Server::start(&site);
    server.wait_for("/help/", "the first build", |b| b.contains("Call 101"));
    let port = server.address.rsplit(':').next().unwrap().to_string();
    for host in [
        format!("evil.example:{port}"),
        format!("127.0.0.1.nip.example:{port}"),
    ] {
        let answer = raw_request(
            &server.address,
            format!("GET /help/ HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").as_bytes(),
        );
        assert!(answer.starts_with("HTTP/1.1 421"), "{host}: {answer}");
        assert!(!answer.contains("Call 101"), "{host} read the page");
        assert!(
            answer.contains("Content-Security-Policy"),
            "a refusal keeps the security headers: {answer}"
        );
    }
    for host in [format!("localhost:{port}"), format!("127.0.0.1:{port}")] {
        let answer = raw_request(
            &server.address,
            format!("GET /help/ HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").as_bytes(),
        );
        assert!(answer.contains("Call 101"), "{host}: {answer}");
    }
}

/// A request announcing a huge body is refused before it is read, and a
/// client that asks for a big file and never reads it holds up nobody.
#[test]
fn large_requests_are_refused_and_a_slow_reader_blocks_nobody() {
    let site = site();
    site.write("static/big.bin", &"x".repeat(8 * 1024 * 1024));
    let server = Server::start(&site);
    server.wait_for("/help/", "the first build", |b| b.contains("Call 101"));

    let started = Instant::now();
    let mut huge = TcpStream::connect(&server.address).unwrap();
    huge.set_read_timeout(Some(PATIENCE)).unwrap();
    write!(
        huge,
        "POST /help/ HTTP/1.1\r\nHost: {}\r\nContent-Length: 1000000000\r\n\r\nxx",
        server.address
    )
    .unwrap();
    let mut status = String::new();
    BufReader::new(&huge).read_line(&mut status).unwrap();
    assert!(status.starts_with("HTTP/1.1 413"), "{status}");
    // Refused at once, not after reading a gigabyte; the bound leaves a busy
    // machine room, as a server that read the body would never answer.
    assert!(started.elapsed() < Duration::from_secs(15));
    let long = format!("/{}", "a".repeat(20_000));
    assert_eq!(server.request("GET", &long).0, 414);

    // Several clients ask for 8 MB and read none of it.
    let stalled: Vec<TcpStream> = (0..12)
        .map(|_| {
            let mut stream = TcpStream::connect(&server.address).unwrap();
            write!(
                stream,
                "GET /big.bin HTTP/1.1\r\nHost: {}\r\n\r\n",
                server.address
            )
            .unwrap();
            stream
        })
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    let started = Instant::now();
    assert_eq!(server.get("/help/").0, 200);
    // A blocked server would not answer before the clients gave up
    // (PATIENCE); the bound leaves a busy machine room.
    assert!(
        started.elapsed() < Duration::from_secs(15),
        "a page took {:?} while others stalled",
        started.elapsed()
    );
    drop((stalled, huge));
}
