//! `check --external`: asks every web address the site links to whether the
//! page is still there.
//!
//! Off by default: it needs the network, takes as long as the slowest site,
//! and its answers change from day to day. Each address is asked once, however
//! many pages link to it, a few at a time so no one host is hammered.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// How many addresses are asked at once.
const AT_ONCE: usize = 8;
/// Long enough for a slow council website, short enough that one dead host
/// does not hold the check up for minutes.
const TIMEOUT: Duration = Duration::from_secs(15);

/// What an address answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// A page, after any redirects.
    Found,
    /// 404 Not Found or 410 Gone: the link is broken.
    Gone(String),
    /// Anything else that is not a page (refused, server error, no answer):
    /// often passing, or a site that turns away robots, so worth a look
    /// rather than failing the check.
    Doubtful(String),
}

/// Whether `dest` is a web address on another site, which only `--external`
/// checks; the fragment is dropped, as servers never see it.
pub fn web_address(dest: &str) -> Option<&str> {
    let lower = dest.get(..8)?.to_ascii_lowercase();
    if !(lower.starts_with("http://") || lower.starts_with("https://")) {
        return None;
    }
    Some(dest.split('#').next().unwrap_or(dest))
}

/// Asks each address, in order; the answers line up with `addresses`.
pub fn ask_all(addresses: &[String]) -> Vec<Answer> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(TIMEOUT))
        .http_status_as_error(false)
        .max_redirects(10)
        .user_agent(concat!(
            "lamplight/",
            env!("CARGO_PKG_VERSION"),
            " (link check)"
        ))
        .build()
        .into();
    let answers = Mutex::new(vec![None; addresses.len()]);
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..AT_ONCE.min(addresses.len()) {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(address) = addresses.get(i) else {
                        break;
                    };
                    let answer = ask(&agent, address);
                    answers.lock().expect("answers lock")[i] = Some(answer);
                }
            });
        }
    });
    answers
        .into_inner()
        .expect("answers lock")
        .into_iter()
        .map(|a| a.expect("every address was asked"))
        .collect()
}

/// A HEAD request, then a GET for servers that do not answer HEAD properly.
fn ask(agent: &ureq::Agent, address: &str) -> Answer {
    let status = match agent.head(address).call() {
        Ok(response) if matches!(response.status().as_u16(), 403 | 404 | 405 | 501) => {
            // Some servers refuse or mishandle HEAD but serve the page to GET.
            match agent.get(address).call() {
                Ok(response) => response.status(),
                Err(e) => return Answer::Doubtful(format!("no answer: {e}")),
            }
        }
        Ok(response) => response.status(),
        Err(e) => return Answer::Doubtful(format!("no answer: {e}")),
    };
    let described = format!(
        "{} {}",
        status.as_u16(),
        status.canonical_reason().unwrap_or("")
    )
    .trim_end()
    .to_string();
    match status.as_u16() {
        200..=399 => Answer::Found,
        404 | 410 => Answer::Gone(described),
        _ => Answer::Doubtful(format!("it answered {described}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_addresses_are_external() {
        assert_eq!(
            web_address("https://www.essex.police.uk/#report"),
            Some("https://www.essex.police.uk/")
        );
        assert_eq!(
            web_address("HTTP://example.org"),
            Some("HTTP://example.org")
        );
        assert_eq!(web_address("mailto:csp@example.org"), None);
        assert_eq!(web_address("tel:101"), None);
        assert_eq!(web_address("/about/"), None);
        assert_eq!(web_address("http"), None);
    }
}
