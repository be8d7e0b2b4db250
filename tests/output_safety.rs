//! The output folder is replaced whole on every build, and builds run on
//! whatever lands in a shared repository. Nothing on the command line or in
//! a commit may make a build delete or overwrite the site's own files, or
//! leave a half-written site behind: each test here is a way that once did.

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;

use common::Site;

/// `lamplight build` run in the site folder, as an officer or CI would.
fn build_in(site: &Site, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_lamplight"))
        .arg("build")
        .args(args)
        .current_dir(site.root())
        .output()
        .unwrap()
}

/// A site with a page, a data file and a fake `.git`, so a test can tell
/// whether any of them went.
fn site_with_sources() -> Site {
    let site = Site::new();
    site.write("content/about.md", "+++\ntitle = \"About\"\n+++\nGood.\n");
    site.write("data/notes.txt", "keep me");
    site.write(".git/HEAD", "ref: refs/heads/main\n");
    site.write("static/robots-extra.txt", "keep me too");
    site
}

fn assert_sources_intact(site: &Site) {
    for file in [
        "config.toml",
        "content/about.md",
        "content/_index.md",
        "data/notes.txt",
        ".git/HEAD",
        "static/robots-extra.txt",
        "themes/default/templates/base.html",
    ] {
        assert!(site.root().join(file).is_file(), "{file} was deleted");
    }
}

fn refused(output: &std::process::Output) -> String {
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(1), "not refused: {stderr}");
    stderr
}

#[test]
fn an_output_folder_that_is_or_holds_a_source_is_refused_however_it_is_spelt() {
    let site = site_with_sources();
    let name = site
        .root()
        .file_name()
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    let parent_spelling = format!("../{name}");
    for output in [
        ".",
        "./",
        parent_spelling.as_str(),
        "public/../content",
        "public/../../",
        "data",
        ".git",
        "static",
        "themes/default",
        "content/news",
        "config.toml",
    ] {
        let stderr = refused(&build_in(&site, &["--output-dir", output]));
        assert!(
            stderr.contains("replaced whole on every build"),
            "{output}: {stderr}"
        );
        assert!(stderr.contains("help:"), "{output}: no hint in {stderr}");
        assert_sources_intact(&site);
    }
}

#[cfg(unix)]
#[test]
fn a_committed_symlink_as_the_output_folder_is_refused_and_its_target_untouched() {
    let site = site_with_sources();
    let elsewhere = tempfile::tempdir().unwrap();
    fs::write(elsewhere.path().join("precious.txt"), "mine").unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), site.root().join("public")).unwrap();
    let stderr = refused(&build_in(&site, &[]));
    assert!(stderr.contains("symbolic link"), "{stderr}");
    assert!(elsewhere.path().join("precious.txt").is_file());

    fs::remove_file(site.root().join("public")).unwrap();
    std::os::unix::fs::symlink(".", site.root().join("public")).unwrap();
    refused(&build_in(&site, &[]));
    assert_sources_intact(&site);
}

#[cfg(unix)]
#[test]
fn an_output_folder_reached_through_a_linked_parent_is_judged_where_it_really_is() {
    let site = site_with_sources();
    // `out -> .` makes `out/data` the site's own data/.
    std::os::unix::fs::symlink(".", site.root().join("out")).unwrap();
    refused(&build_in(&site, &["--output-dir", "out/data"]));
    assert_sources_intact(&site);
}

#[test]
fn a_folder_of_someone_elses_files_is_not_replaced() {
    let site = site_with_sources();
    let theirs = tempfile::tempdir().unwrap();
    fs::write(theirs.path().join("thesis.docx"), "years of work").unwrap();
    let stderr = refused(&build_in(
        &site,
        &["--output-dir", theirs.path().to_str().unwrap()],
    ));
    assert!(stderr.contains("did not write"), "{stderr}");
    assert!(theirs.path().join("thesis.docx").is_file());

    // An empty folder, or one Lamplight wrote, is fine, again and again.
    let empty = tempfile::tempdir().unwrap();
    let out = empty.path().to_str().unwrap();
    for _ in 0..2 {
        let built = build_in(&site, &["--output-dir", out]);
        assert!(built.status.success(), "{built:?}");
    }
    assert!(empty.path().join("about/index.html").is_file());
    assert!(empty.path().join(lamplight::output::MARKER).is_file());
}

#[test]
fn a_site_built_before_the_marker_existed_is_still_replaced() {
    let site = site_with_sources();
    site.write("public/published-urls.txt", "/\n");
    site.write("public/old/index.html", "old");
    site.build()
        .expect("an earlier build's output is Lamplight's");
    assert!(!site.public("old").exists());
}

/// A build killed between moving the old site aside and moving the new one
/// in leaves no `public/`, only `.public.lamplight-old`. The next build,
/// even a failing one, must put the old site back rather than delete it.
#[test]
fn a_build_killed_mid_swap_is_recovered_by_the_next_one() {
    let site = site_with_sources();
    site.build().unwrap();
    let old = site.root().join(".public.lamplight-old");
    fs::rename(site.public(""), &old).unwrap();
    // A staging folder half written when the build was killed.
    site.write(".public.lamplight-new/about/index.html", "half");
    fs::write(
        site.root()
            .join(".public.lamplight-new")
            .join(lamplight::output::MARKER),
        "",
    )
    .unwrap();

    site.write("content/broken.md", "+++\ntitle = \n+++\n");
    let output = build_in(&site, &[]);
    let stderr = refused(&output);
    assert!(stderr.contains("left as it was"), "{stderr}");
    assert!(
        site.public("about/index.html").is_file(),
        "the last good site was lost"
    );
    assert!(!old.exists());
    assert!(!site.root().join(".public.lamplight-new").exists());
}

#[test]
fn a_folder_in_the_way_of_the_staging_name_is_not_deleted() {
    let site = site_with_sources();
    site.write(".public.lamplight-new/notes.txt", "not Lamplight's");
    let stderr = refused(&build_in(&site, &[]));
    assert!(stderr.contains("did not write it"), "{stderr}");
    assert!(
        site.root()
            .join(".public.lamplight-new/notes.txt")
            .is_file()
    );
}

/// Two builds into one folder at once: each must see the other's whole
/// site or its own, never a mixture, and both must succeed.
#[test]
fn concurrent_builds_into_one_folder_take_turns() {
    let site = site_with_sources();
    for n in 0..60 {
        site.write(
            &format!("content/news/item-{n:02}.md"),
            &format!("+++\ntitle = \"Item {n}\"\n+++\nText {n}.\n"),
        );
    }
    site.write("content/news/_index.md", "+++\ntitle = \"News\"\n+++\n");
    for _ in 0..3 {
        let builds: Vec<_> = (0..3)
            .map(|_| {
                Command::new(env!("CARGO_BIN_EXE_lamplight"))
                    .args(["build", "-q"])
                    .current_dir(site.root())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for mut build in builds {
            assert!(build.wait().unwrap().success());
        }
        assert!(site.public("index.html").is_file());
        assert!(site.public("news/item-59/index.html").is_file());
        let leftovers: Vec<_> = fs::read_dir(site.root())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| n.ends_with("lamplight-new") || n.ends_with("lamplight-old"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }
}

#[test]
fn resolving_follows_dot_dot_through_folders_that_do_not_exist_yet() {
    let dir = tempfile::tempdir().unwrap();
    let real = fs::canonicalize(dir.path()).unwrap();
    assert_eq!(
        lamplight::publish::resolve(&dir.path().join("a/b/../../c")),
        real.join("c")
    );
    assert_eq!(lamplight::publish::resolve(&dir.path().join("x/..")), real);
    assert!(lamplight::publish::resolve(Path::new("relative")).is_absolute());
}
