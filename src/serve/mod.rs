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
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use tiny_http::{Header, Method, Request, Response, Server};

use crate::diagnostic::{Diagnostic, Diagnostics, Result, count};
use crate::render::SiteFiles;
use crate::site::{BuildOptions, Site};

pub struct ServeOptions {
    pub build: BuildOptions,
    /// 127.0.0.1 unless the officer asks for another.
    pub interface: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    /// Open the site in the default browser once it is up.
    pub open: bool,
    /// Render diagnostics with colour on the terminal.
    pub colour: bool,
}

/// What is being served, shared between the request and rebuild threads.
#[derive(Default)]
struct Served {
    /// The last build that succeeded; empty until one does.
    files: Arc<SiteFiles>,
    /// Why the newest build failed, as plain text; `None` once one succeeds.
    error: Option<String>,
    /// Goes up by one with every finished build, good or bad; live-reload
    /// connections wait for it to change.
    generation: u64,
}

struct Shared {
    served: Mutex<Served>,
    changed: Condvar,
}

impl Shared {
    fn snapshot(&self) -> (Arc<SiteFiles>, Option<String>) {
        let served = self.served.lock().expect("serve state lock");
        (Arc::clone(&served.files), served.error.clone())
    }
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

    rebuild(&shared, &options.build, options.colour, "starting");
    let _watcher = watch::start(&options.build.root, {
        let shared = Arc::clone(&shared);
        let build = options.build.clone();
        let colour = options.colour;
        move |changed| {
            let reason = watch::describe(&build.root, &changed);
            rebuild(&shared, &build, colour, &reason);
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
    for request in server.incoming_requests() {
        if request.url().split('?').next() == Some(http::EVENTS_PATH) {
            let shared = Arc::clone(&shared);
            std::thread::spawn(move || live_reload(request, &shared));
        } else {
            answer(request, &shared);
        }
    }
    println!("Stopped serving.");
    Ok(())
}

/// Builds the site into memory and swaps it in, or keeps the last good one and
/// records why not. Either way, open tabs are told to reload.
fn rebuild(shared: &Shared, build: &BuildOptions, colour: bool, reason: &str) {
    let started = Instant::now();
    let built = Site::load(build).and_then(|site| {
        let files = site.render(&build.progress)?;
        Ok((site.page_count(), site.library.sections.len(), files))
    });
    let mut served = shared.served.lock().expect("serve state lock");
    served.generation += 1;
    match built {
        Ok((pages, sections, files)) => {
            println!(
                "Built {} and {} in {} ms ({reason}).",
                count(pages, "page"),
                count(sections, "section"),
                started.elapsed().as_millis()
            );
            served.files = Arc::new(files);
            served.error = None;
        }
        Err(diagnostics) => {
            eprint!("{}", diagnostics.render(colour));
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

fn answer(request: Request, shared: &Shared) {
    if !matches!(request.method(), Method::Get | Method::Head) {
        let _ = request.respond(Response::empty(405));
        return;
    }
    let url = request.url().to_string();
    let (files, error) = shared.snapshot();
    let fixed = match url.split('?').next().unwrap_or_default() {
        http::LIVE_RELOAD_PATH => Some((http::LIVE_RELOAD_JS, "text/javascript; charset=utf-8")),
        http::OVERLAY_CSS_PATH => Some((http::OVERLAY_CSS, "text/css; charset=utf-8")),
        _ => None,
    };
    if let Some((body, content_type)) = fixed {
        let _ = request.respond(with_type(Response::from_string(body), content_type));
        return;
    }
    if files.is_empty() {
        let page = http::error_page(error.as_deref().unwrap_or("The site is building."));
        let response = Response::from_string(page).with_status_code(503);
        let _ = request.respond(with_type(response, "text/html; charset=utf-8"));
        return;
    }
    let (status, output_path, content_type) = match http::find(&url, &files) {
        http::Answer::Found {
            output_path,
            content_type,
        } => (200, output_path, content_type),
        http::Answer::Redirect(to) => {
            let location = Header::from_bytes("Location", to.as_bytes()).expect("valid header");
            let _ = request.respond(Response::empty(301).with_header(location));
            return;
        }
        http::Answer::NotFound => (404, "404.html".to_string(), "text/html; charset=utf-8"),
    };
    let Some(contents) = files.get(&output_path) else {
        let _ = request.respond(Response::from_string("Not found").with_status_code(404));
        return;
    };
    let mut body = match http::bytes(contents) {
        Ok(body) => body,
        Err(e) => {
            let _ = request.respond(
                Response::from_string(format!("could not read {output_path}: {e}"))
                    .with_status_code(500),
            );
            return;
        }
    };
    if content_type.starts_with("text/html") {
        body = http::inject(&String::from_utf8_lossy(&body), error.as_deref()).into_bytes();
    }
    let response = Response::from_data(body).with_status_code(status);
    let _ = request.respond(with_type(response, content_type));
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
