//! `lamplight serve`: build, serve the site from memory on this computer, and
//! rebuild when a source file changes.
//!
//! The site is served from the last build that succeeded, never from disk, so
//! a broken file cannot take the preview down: the pages stay up with an
//! overlay naming the problem until it is fixed. Nothing is written to
//! `public/`.

pub mod http;
mod watch;

use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use tiny_http::{Header, Method, Request, Response, Server};

use crate::diagnostic::{Diagnostic, Diagnostics, Result, count};
use crate::output::{Contents, SiteFiles};
use crate::render::{Memo, Previous};
use crate::site::{BuildOptions, Edit, Site};

pub struct ServeOptions {
    pub build: BuildOptions,
    /// 127.0.0.1 unless the officer asks for another.
    pub interface: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    /// Open the site in the default browser once it is up.
    pub open: bool,
    pub terminal: Terminal,
}

/// How serve talks to the officer's terminal.
#[derive(Debug, Clone, Copy, Default)]
pub struct Terminal {
    /// Render diagnostics with colour.
    pub colour: bool,
    /// Print only the address and errors, not a line per build.
    pub quiet: bool,
}

/// What is being served, shared between the request and rebuild threads.
#[derive(Default)]
struct Served {
    /// The last build that succeeded; empty until one does.
    files: Arc<SiteFiles>,
    /// Why the newest build failed, as plain text; `None` once one succeeds.
    error: Option<String>,
    /// The headers the last good build would have production send.
    headers: Arc<Vec<Header>>,
    /// Goes up by one with every finished build, good or bad; live-reload
    /// connections wait for it to change.
    generation: u64,
}

struct Shared {
    served: Mutex<Served>,
    changed: Condvar,
}

impl Shared {
    fn snapshot(&self) -> (Arc<SiteFiles>, Option<String>, Arc<Vec<Header>>) {
        let served = self.served.lock().expect("serve state lock");
        let headers = if served.files.is_empty() {
            Arc::new(headers(&SiteFiles::new()))
        } else {
            Arc::clone(&served.headers)
        };
        (Arc::clone(&served.files), served.error.clone(), headers)
    }
}

/// The security headers of `files`' `_headers`, as tiny_http sends them.
fn headers(files: &SiteFiles) -> Vec<Header> {
    http::site_headers(files)
        .into_iter()
        .filter_map(|(name, value)| Header::from_bytes(name, value).ok())
        .collect()
}

pub fn serve(mut options: ServeOptions) -> Result<()> {
    let server = Server::http(SocketAddr::new(options.interface, options.port)).map_err(|e| {
        Diagnostic::error(
            "serve",
            format!("could not listen on {}:{}: {e}", options.interface, options.port),
        )
        .hint("another program may be using the port; try `lamplight serve --port 0` for any free one")
    })?;
    let address = server
        .server_addr()
        .to_ip()
        .expect("listening on an IP address");
    let url = format!("http://{address}/");
    // Links and feeds should point at this preview, not at the public site.
    options.build.base_url = Some(url.clone());
    let server = Arc::new(server);
    let shared = Arc::new(Shared {
        served: Mutex::new(Served::default()),
        changed: Condvar::new(),
    });

    let mut builder = Builder::new(options.build.clone());
    rebuild(&shared, &mut builder, &[], options.terminal, "starting");
    let builder = Mutex::new(builder);
    let _watcher = watch::start(&options.build.root, {
        let shared = Arc::clone(&shared);
        let terminal = options.terminal;
        move |changed| {
            let mut builder = builder.lock().expect("builder lock");
            let reason = watch::describe(&builder.options.root, &changed);
            rebuild(&shared, &mut builder, &changed, terminal, &reason);
        }
    })?;

    println!(
        "Serving {} at {url} (only this computer can see it{}). Press Ctrl-C to stop.",
        std::path::absolute(&options.build.root)
            .unwrap_or_else(|_| options.build.root.clone())
            .display(),
        if address.ip().is_loopback() {
            ""
        } else {
            " — and, through --interface, others on the network"
        }
    );
    let _ = std::io::stdout().flush();
    if options.open {
        open_browser(&url);
    }
    {
        let server = Arc::clone(&server);
        let _ = ctrlc::set_handler(move || server.unblock());
    }
    // Requests are answered by a few workers, so a slow page or a client
    // that reads slowly holds up one of them, not the preview.
    let (queue, waiting) = std::sync::mpsc::channel::<Request>();
    let waiting = Arc::new(Mutex::new(waiting));
    for _ in 0..WORKERS {
        let waiting = Arc::clone(&waiting);
        let shared = Arc::clone(&shared);
        std::thread::spawn(move || {
            loop {
                let next = waiting.lock().expect("request queue lock").recv();
                let Ok(request) = next else { return };
                // A request that panics loses its connection, not the server.
                let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    handle(request, &shared, address);
                }));
            }
        });
    }
    for request in server.incoming_requests() {
        if queue.send(request).is_err() {
            break;
        }
    }
    println!("Stopped serving.");
    Ok(())
}

/// How many requests are answered at once.
const WORKERS: usize = 8;

/// The longest request target taken, and the most a request may say it
/// sends: a preview has no forms, so a large request is a mistake or an
/// attack, refused before it is read.
const LONGEST_TARGET: usize = 8 * 1024;
const LARGEST_BODY: usize = 64 * 1024;

/// A response larger than this is written on a thread of its own: a client
/// that stops reading then holds up only that thread.
const INLINE_BYTES: usize = 64 * 1024;

/// Checks a request is for this preview and of a sane size, then answers it.
fn handle(request: Request, shared: &Arc<Shared>, bound: SocketAddr) {
    let snapshot = shared.snapshot();
    let headers = Arc::clone(&snapshot.2);
    let host = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("Host"))
        .map(|h| h.value.as_str().to_string());
    if !http::host_allowed(host.as_deref(), bound) {
        let message = format!(
            "This preview answers only at http://{bound}/ (the Host header named another site)."
        );
        respond(
            request,
            Response::from_string(message).with_status_code(421),
            &headers,
        );
        return;
    }
    if request.url().len() > LONGEST_TARGET {
        respond(
            request,
            Response::empty(414).with_header(closing()),
            &headers,
        );
        return;
    }
    if request.body_length().is_some_and(|n| n > LARGEST_BODY) {
        // tiny_http reads what is left of the body when the request is
        // let go: on a thread of its own, that holds up no one.
        std::thread::spawn(move || {
            respond(
                request,
                Response::empty(413).with_header(closing()),
                &headers,
            );
        });
        return;
    }
    if request.url().split('?').next() == Some(http::EVENTS_PATH) {
        let shared = Arc::clone(shared);
        std::thread::spawn(move || live_reload(request, &shared));
    } else {
        answer(request, snapshot);
    }
}

fn closing() -> Header {
    Header::from_bytes("Connection", "close").expect("valid header")
}

/// Keeps the loaded site and its last render between changes, so that an
/// edit to one Markdown file re-renders only the outputs that show it.
struct Builder {
    options: BuildOptions,
    /// Both `Some` after a good build; the memo belongs to this very site,
    /// whose templates and data made the outputs it remembers.
    site: Option<Site>,
    last: Option<(Memo, Arc<SiteFiles>)>,
}

/// What a good rebuild did, for the terminal.
enum Built {
    Whole { pages: usize, sections: usize },
    Part { rendered: usize, files: usize },
}

impl Builder {
    fn new(options: BuildOptions) -> Builder {
        Builder {
            options,
            site: None,
            last: None,
        }
    }

    /// Rebuilds after `changed` (relative to the site folder; empty for the
    /// first build): only the edited files and what shows them when the
    /// change is edits to pages and sections the site already has, the
    /// whole site otherwise.
    fn build(&mut self, changed: &[PathBuf]) -> Result<(Built, Arc<SiteFiles>)> {
        if let (Some(site), Some((memo, files))) = (&mut self.site, &mut self.last)
            && let Some(edits) = edits(site, changed)
        {
            let mut applied = true;
            let mut texts = Some(Vec::new());
            for relative in &edits {
                match site.apply_edit(relative)? {
                    Edit::NeedsLoad => {
                        applied = false;
                        break;
                    }
                    Edit::PageText(page) => texts.iter_mut().for_each(|t| t.push(page)),
                    Edit::Applied => texts = None,
                }
            }
            if applied && let Some(pages) = texts {
                // The files being served are left as they are until the
                // patched copy is whole.
                let mine = Arc::make_mut(files);
                match site.render_patch(&pages, memo, mine) {
                    Ok(Some(rendered)) => {
                        let built = Built::Part {
                            rendered: rendered.len(),
                            files: files.len(),
                        };
                        return Ok((built, Arc::clone(files)));
                    }
                    Ok(None) => {}
                    Err(diagnostics) => {
                        self.site = None;
                        self.last = None;
                        return Err(diagnostics);
                    }
                }
            }
            if applied {
                let previous = Previous { memo, files };
                let rendered = site.render_reusing(Some(previous), &self.options.progress)?;
                let files = Arc::new(rendered.files);
                let built = Built::Part {
                    rendered: rendered.rendered.len(),
                    files: files.len(),
                };
                let last = self.last.replace((rendered.memo, Arc::clone(&files)));
                // Freeing the last render's memo would add milliseconds
                // to every edit; no one waits for it on another thread.
                std::thread::spawn(move || drop(last));
                return Ok((built, files));
            }
        }
        self.site = None;
        self.last = None;
        let site = self.site.insert(Site::load(&self.options)?);
        let rendered = site.render_reusing(None, &self.options.progress)?;
        let files = Arc::new(rendered.files);
        self.last = Some((rendered.memo, Arc::clone(&files)));
        let built = Built::Whole {
            pages: site.page_count(),
            sections: site.library.sections.len(),
        };
        Ok((built, files))
    }
}

/// The content files to apply as edits, when every change is an edit to a
/// page or section the site has (or a file that came and went, as editors'
/// temporary files do, or an asset, which is served from disk); `None` when
/// the site must be loaded again.
fn edits(site: &Site, changed: &[PathBuf]) -> Option<Vec<String>> {
    let assets: Vec<&std::path::Path> = site.library.assets().map(|a| a.source.as_path()).collect();
    let mut edits = Vec::new();
    for path in changed {
        let relative = path
            .strip_prefix("content")
            .ok()?
            .to_str()?
            .replace('\\', "/");
        let full = site.root.join(path);
        let exists = full.exists();
        match site.library.by_relative.get(&relative) {
            Some(_) if exists => edits.push(relative),
            Some(_) => return None,
            None if relative.ends_with(".md") && exists => return None,
            None if exists && !assets.contains(&full.as_path()) => return None,
            None => {}
        }
    }
    Some(edits)
}

/// Builds the site into memory and swaps it in, or keeps the last good one and
/// records why not. Either way, open tabs are told to reload.
fn rebuild(
    shared: &Shared,
    builder: &mut Builder,
    changed: &[PathBuf],
    terminal: Terminal,
    reason: &str,
) {
    let started = Instant::now();
    let built = builder.build(changed);
    let mut served = shared.served.lock().expect("serve state lock");
    served.generation += 1;
    match built {
        Ok((built, files)) => {
            let took = started.elapsed().as_millis();
            match built {
                _ if terminal.quiet => {}
                Built::Whole { pages, sections } => println!(
                    "Built {} and {} in {took} ms ({reason}).",
                    count(pages, "page"),
                    count(sections, "section"),
                ),
                Built::Part { rendered: 0, .. } => {
                    println!("Every page is the same as the last version that built ({reason}).")
                }
                Built::Part { rendered, files } => println!(
                    "Rebuilt {rendered} of {} in {took} ms ({reason}).",
                    count(files, "file"),
                ),
            }
            served.headers = Arc::new(headers(&files));
            served.files = files;
            served.error = None;
        }
        Err(diagnostics) => {
            eprint!("{}", diagnostics.render(terminal.colour));
            eprintln!(
                "{} ({reason}); still serving the last version that built.",
                failure_line(&diagnostics)
            );
            served.error = Some(diagnostics.render(false));
        }
    }
    let _ = std::io::stdout().flush();
    shared.changed.notify_all();
}

fn failure_line(diagnostics: &Diagnostics) -> String {
    format!(
        "The site did not build: {}",
        count(diagnostics.0.len(), "error")
    )
}

/// Sends `response` with the production security headers, so the preview
/// is held to the policy the public site will be.
fn respond<R: std::io::Read>(request: Request, mut response: Response<R>, headers: &[Header]) {
    for header in headers {
        response.add_header(header.clone());
    }
    let _ = request.respond(response);
}

/// Answers from the last good build, `snapshot` being what
/// [`Shared::snapshot`] gave when the request came.
fn answer(request: Request, snapshot: (Arc<SiteFiles>, Option<String>, Arc<Vec<Header>>)) {
    let (files, error, headers) = snapshot;
    if !matches!(request.method(), Method::Get | Method::Head) {
        respond(request, Response::empty(405), &headers);
        return;
    }
    let url = request.url().to_string();
    let fixed = match url.split('?').next().unwrap_or_default() {
        http::LIVE_RELOAD_PATH => Some((http::LIVE_RELOAD_JS, "text/javascript; charset=utf-8")),
        http::OVERLAY_CSS_PATH => Some((http::OVERLAY_CSS, "text/css; charset=utf-8")),
        _ => None,
    };
    if let Some((body, content_type)) = fixed {
        respond(
            request,
            with_type(Response::from_string(body), content_type),
            &headers,
        );
        return;
    }
    if files.is_empty() {
        let page = http::error_page(error.as_deref().unwrap_or("The site is building."));
        let response = Response::from_string(page).with_status_code(503);
        respond(
            request,
            with_type(response, "text/html; charset=utf-8"),
            &headers,
        );
        return;
    }
    let (status, output_path, content_type) = match http::find(&url, &files) {
        http::Answer::Found {
            output_path,
            content_type,
        } => (200, output_path, content_type),
        http::Answer::Redirect(to) => {
            let response = match Header::from_bytes("Location", to.as_bytes()) {
                Ok(location) => Response::empty(301).with_header(location),
                Err(()) => Response::empty(404),
            };
            respond(request, response, &headers);
            return;
        }
        http::Answer::NotFound => (404, "404.html".to_string(), "text/html; charset=utf-8"),
    };
    let Some(contents) = files.get(&output_path) else {
        respond(
            request,
            Response::from_string("Not found").with_status_code(404),
            &headers,
        );
        return;
    };
    let html = content_type.starts_with("text/html");
    // A file copied from the site (a PDF, a photo) is streamed from disk,
    // never read whole into memory, on a thread of its own.
    if let (Contents::Copy(path), false) = (contents, html)
        && let Ok(file) = std::fs::File::open(path)
    {
        let response = Response::from_file(file).with_status_code(status);
        std::thread::spawn(move || respond(request, with_type(response, content_type), &headers));
        return;
    }
    let mut body = match http::bytes(contents) {
        Ok(body) => body,
        Err(e) => {
            let message = format!("could not read {output_path}: {e}");
            respond(
                request,
                Response::from_string(message).with_status_code(500),
                &headers,
            );
            return;
        }
    };
    if html {
        body = http::inject(&String::from_utf8_lossy(&body), error.as_deref()).into_bytes();
    }
    let large = body.len() > INLINE_BYTES;
    let response = with_type(
        Response::from_data(body).with_status_code(status),
        content_type,
    );
    if large {
        std::thread::spawn(move || respond(request, response, &headers));
    } else {
        respond(request, response, &headers);
    }
}

fn with_type<R: std::io::Read>(response: Response<R>, content_type: &str) -> Response<R> {
    response
        .with_header(Header::from_bytes("Content-Type", content_type).expect("valid header"))
        .with_header(Header::from_bytes("Cache-Control", "no-store").expect("valid header"))
}

/// Holds a server-sent-events connection open and writes `reload` after
/// every build. A comment every few seconds finds closed tabs, so their
/// threads end.
fn live_reload(request: Request, shared: &Shared) {
    let mut writer = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n\
                Connection: keep-alive\r\n\r\nretry: 1000\n\n";
    if writer
        .write_all(head.as_bytes())
        .and_then(|_| writer.flush())
        .is_err()
    {
        return;
    }
    let mut seen = shared.served.lock().expect("serve state lock").generation;
    loop {
        let served = shared.served.lock().expect("serve state lock");
        let (served, _) = shared
            .changed
            .wait_timeout_while(served, Duration::from_secs(5), |s| s.generation == seen)
            .expect("serve state lock");
        let message = if served.generation == seen {
            ": still here\n\n"
        } else {
            seen = served.generation;
            "data: reload\n\n"
        };
        drop(served);
        if writer
            .write_all(message.as_bytes())
            .and_then(|_| writer.flush())
            .is_err()
        {
            return;
        }
    }
}

fn open_browser(url: &str) {
    let command = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(e) = std::process::Command::new(command).arg(url).spawn() {
        eprintln!("Could not open a browser ({command}: {e}); open {url} yourself.");
    }
}
