//! The Content-Security-Policy: strict (no `unsafe-inline`), yet allowing
//! exactly the inline code the site's own templates emit.

mod common;

use base64::Engine;
use common::{Site, attrs};
use sha2::{Digest, Sha256};

fn hash(code: &str) -> String {
    let digest = Sha256::digest(code.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

fn site() -> Site {
    let site = Site::new();
    site.write(
        "content/plain.md",
        "+++\ntitle = \"Plain\"\n+++\nNo code here.\n",
    );
    site.write(
        "content/counted.md",
        "+++\ntitle = \"Counted\"\ntemplate = \"counted.html\"\n+++\nText.\n",
    );
    site.write(
        "templates/counted.html",
        "{% extends \"page.html\" %}{% block after %}<style>.count{font-weight:700}</style>\
         <script>document.title += \" (seen)\";</script>{% endblock after %}",
    );
    site
}

fn policy(site: &Site, page: &str) -> String {
    let policies = attrs(
        &site.html(page),
        "meta[http-equiv=Content-Security-Policy]",
        "content",
    );
    assert_eq!(policies.len(), 1, "{page} has one policy");
    policies[0].clone()
}

#[test]
fn every_page_has_a_policy_allowing_only_its_own_inline_code() {
    let site = site();
    site.build().unwrap();
    let counted = policy(&site, "counted/index.html");
    let script = hash("document.title += \" (seen)\";");
    let style = hash(".count{font-weight:700}");
    assert!(
        counted.contains(&format!("script-src 'self' {script}")),
        "{counted}"
    );
    assert!(
        counted.contains(&format!("style-src 'self' {style}")),
        "{counted}"
    );

    let plain = policy(&site, "plain/index.html");
    assert!(plain.contains("script-src 'self';"), "{plain}");
    assert!(plain.contains("style-src 'self';"), "{plain}");
    for page in [
        "index.html",
        "404.html",
        "plain/index.html",
        "counted/index.html",
    ] {
        let policy = policy(&site, page);
        assert!(!policy.contains("unsafe"), "{page}: {policy}");
        assert!(policy.contains("default-src 'self'"), "{page}: {policy}");
        assert!(policy.contains("object-src 'none'"), "{page}: {policy}");
    }
}

#[test]
fn the_headers_file_carries_the_site_policy_and_the_rest() {
    let site = site();
    site.build().unwrap();
    let headers = site.read("_headers");
    assert!(headers.starts_with("/*\n"), "{headers}");
    let csp = headers
        .lines()
        .find_map(|l| l.trim().strip_prefix("Content-Security-Policy: "))
        .expect("a policy");
    assert!(
        csp.contains(&hash("document.title += \" (seen)\";")),
        "{csp}"
    );
    assert!(
        csp.ends_with("frame-ancestors 'none'"),
        "a header can forbid framing: {csp}"
    );
    assert!(!csp.contains("unsafe"), "{csp}");
    for header in [
        "Referrer-Policy: no-referrer",
        "X-Content-Type-Options: nosniff",
        "Permissions-Policy: geolocation=(), camera=(), microphone=()",
        "Strict-Transport-Security: max-age=31536000",
    ] {
        assert!(headers.contains(header), "missing {header}: {headers}");
    }
}

#[test]
fn a_sites_own_headers_file_is_kept() {
    let site = site();
    site.write("static/_headers", "/*\n  X-Frame-Options: DENY\n");
    site.build().unwrap();
    assert_eq!(site.read("_headers"), "/*\n  X-Frame-Options: DENY\n");
}
