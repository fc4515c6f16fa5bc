use super::directory::Directory;
use super::*;

fn site(text: &str) -> Site {
    Site::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"))
}

fn origin(text: &str) -> Origin {
    Origin::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"))
}

fn gets(site_text: &str, origin_text: &str) -> bool {
    site(site_text).matches(&origin(origin_text))
}

#[test]
fn the_site_and_its_subdomains_match() {
    assert!(gets("github.com", "https://github.com"));
    assert!(gets("github.com", "https://github.com/"));
    assert!(gets("github.com", "https://gist.github.com"));
    assert!(gets("github.com", "https://a.b.github.com"));
    assert!(gets("example.co.uk", "https://login.example.co.uk"));
    // A site may itself be a subdomain; its parent is not covered by it.
    assert!(gets("login.example.com", "https://login.example.com"));
    assert!(!gets("login.example.com", "https://example.com"));
    assert!(!gets("login.example.com", "https://other.example.com"));
}

#[test]
fn look_alikes_get_nothing() {
    for asked in [
        "https://attacker.github.io",
        "https://githab.com",
        "https://github.com.evil.test",
        "https://evil-github.com",
        "https://agithub.com",
        "https://github.co",
        "https://github.community",
    ] {
        assert!(!gets("github.com", asked), "{asked}");
    }
    // gíthub.com, ǵithub.com and gіthub.com (Cyrillic і), as the browser reports them: punycode.
    for unicode in ["gíthub.com", "ǵithub.com", "gіthub.com", "www.gíthub.com"] {
        let ascii = idna::domain_to_ascii(unicode).unwrap();
        assert!(ascii.contains("xn--"), "{ascii}");
        assert!(!gets("github.com", &format!("https://{ascii}")), "{ascii}");
    }
}

#[test]
fn international_names_compare_in_punycode() {
    let s = site("bücher.de");
    assert_eq!(s.to_string(), "xn--bcher-kva.de");
    assert_eq!(site("XN--BCHER-KVA.DE"), s);
    assert!(s.matches(&origin("https://xn--bcher-kva.de")));
    assert!(s.matches(&origin("https://shop.xn--bcher-kva.de")));
    assert!(!s.matches(&origin("https://bucher.de")));
    // A Cyrillic "а" in аpple.com is another name altogether.
    let lookalike = site("аpple.com");
    assert_ne!(lookalike.to_string(), "apple.com");
    assert!(lookalike.to_string().starts_with("xn--"));
    assert!(!site("apple.com").matches(&origin(&format!("https://{lookalike}"))));
    // An origin written in Unicode is read the same way.
    assert!(s.matches(&origin("https://bücher.de")));
}

#[test]
fn public_suffixes_are_never_sites() {
    for suffix in ["github.io", "co.uk", "com", "uk", "blogspot.com", "herokuapp.com", "s3.amazonaws.com"] {
        let err = Site::parse(suffix).unwrap_err();
        assert!(
            matches!(err, SiteError::PublicSuffix { .. } | SiteError::SingleLabel { .. }),
            "{suffix}: {err:?}"
        );
    }
    assert!(Site::parse("github.io").unwrap_err().to_string().contains("public suffix"));
    // A name under a private suffix is one owner's site, and covers only itself.
    assert!(gets("alice.github.io", "https://alice.github.io"));
    assert!(gets("alice.github.io", "https://docs.alice.github.io"));
    assert!(!gets("alice.github.io", "https://bob.github.io"));
    assert!(!gets("example.co.uk", "https://co.uk"));
}

#[test]
fn a_site_never_reaches_across_a_public_suffix_below_it() {
    // amazonaws.com is a registrable domain, but s3.amazonaws.com is a public
    // suffix: bucket names under it belong to whoever made the bucket.
    assert!(Site::parse("amazonaws.com").is_ok());
    assert!(!gets("amazonaws.com", "https://attacker.s3.amazonaws.com"));
    assert!(gets("amazonaws.com", "https://console.amazonaws.com"));
    assert!(!gets("blogger.com", "https://blogspot.com"));
}

#[test]
fn ip_addresses_match_only_exactly() {
    assert!(gets("192.0.2.10", "https://192.0.2.10"));
    assert!(!gets("192.0.2.10", "https://192.0.2.1"));
    assert!(!gets("192.0.2.10", "https://192.0.2.100"));
    assert!(Site::parse("2.10").is_err(), "a partial address is neither an IP nor a name");
    assert!(gets("[2001:db8::1]", "https://[2001:db8::1]"));
    assert!(gets("2001:db8::1", "https://[2001:db8:0:0::1]"));
    assert!(!gets("[2001:db8::1]", "https://[2001:db8::2]"));
    // An IP is not a name and a name is not an IP.
    assert!(!gets("127.0.0.1", "http://localhost"));
    assert!(!gets("localhost", "http://127.0.0.1"));
    // Dotted names with a numeric last label are neither.
    assert!(Site::parse("1.2.3").is_err());
    assert!(Site::parse("example.123").is_err());
}

#[test]
fn ports_must_agree() {
    assert!(gets("github.com", "https://github.com:443"));
    assert!(!gets("github.com", "https://github.com:8443"));
    assert!(gets("github.com:8443", "https://github.com:8443"));
    assert!(!gets("github.com:8443", "https://github.com"));
    assert!(gets("github.com:443", "https://github.com"));
    assert_eq!(site("github.com:443").to_string(), "github.com");
    assert!(gets("localhost:3000", "http://localhost:3000"));
    assert!(!gets("localhost:3000", "http://localhost:3001"));
    assert!(!gets("localhost:3000", "http://localhost"));
    assert!(gets("[::1]:8443", "https://[::1]:8443"));
    for bad in ["github.com:0", "github.com:65536", "github.com:http", "github.com:-1", "github.com:080808"] {
        assert!(matches!(Site::parse(bad), Err(SiteError::BadPort { .. })), "{bad}");
    }
}

#[test]
fn https_only_and_http_only_on_this_computer() {
    assert!(!gets("github.com", "http://github.com"));
    assert!(!gets("github.com", "http://github.com:443"));
    assert!(!gets("192.0.2.10", "http://192.0.2.10"));
    assert!(gets("localhost", "http://localhost"));
    assert!(gets("localhost", "https://localhost"));
    assert!(gets("127.0.0.1:8080", "http://127.0.0.1:8080"));
    assert!(gets("[::1]", "http://[::1]"));
    assert!(gets("app.localhost", "http://app.localhost"));
    // localhost covers itself only: each name under it is its own site.
    assert!(!gets("localhost", "http://app.localhost"));
    for other in ["ftp://github.com", "file:///etc/passwd", "chrome-extension://abc", "moz-extension://abc", "javascript://github.com"] {
        assert!(Origin::parse(other).is_err(), "{other}");
    }
}

#[test]
fn origins_are_only_scheme_host_and_port() {
    for bad in [
        "null",
        "",
        "github.com",
        "https://",
        "https://github.com/login",
        "https://github.com?x",
        "https://github.com#x",
        "https://user@github.com",
        "https://user:pw@github.com",
        "https://github.com\\@evil.test",
        "https://[::1",
        "https://gith ub.com",
        "https://github..com",
        "https://github.com..",
    ] {
        assert!(Origin::parse(bad).is_err(), "{bad:?}");
    }
    // Case and one trailing dot are as the browser may send them.
    assert_eq!(origin("HTTPS://GitHub.COM.").to_string(), "https://github.com");
    assert_eq!(origin("https://github.com:8443").to_string(), "https://github.com:8443");
    assert_eq!(origin("http://localhost:80").to_string(), "http://localhost");
    assert!(gets("github.com", "https://github.com."));
}

#[test]
fn sites_are_read_as_people_paste_them() {
    assert_eq!(site("  GitHub.com  ").to_string(), "github.com");
    assert_eq!(site("github.com.").to_string(), "github.com");
    assert_eq!(site("https://github.com/login?return_to=x").to_string(), "github.com");
    assert_eq!(site("http://localhost:8080/").to_string(), "localhost:8080");
    assert_eq!(site("::1").to_string(), "[::1]");
    assert!(matches!(Site::parse(""), Err(SiteError::Empty)));
    assert!(matches!(Site::parse("https://a:b@github.com"), Err(SiteError::Credentials)));
    assert!(matches!(Site::parse("ftp://github.com"), Err(SiteError::NotWeb { .. })));
    assert!(matches!(Site::parse("intranet"), Err(SiteError::SingleLabel { .. })));
    assert!(matches!(Site::parse("git hub.com"), Err(SiteError::NotAHost { .. })));
    assert!(matches!(Site::parse("under_score.com"), Err(SiteError::NotAHost { .. })));
    assert!(matches!(Site::parse(&"a".repeat(3000)), Err(SiteError::TooLong)));
    let long_label = format!("{}.com", "a".repeat(64));
    assert!(Site::parse(&long_label).is_err());
    // What a site prints, it reads back as the same site.
    for text in ["github.com", "localhost:8080", "[::1]:8443", "192.0.2.1", "xn--bcher-kva.de", "alice.github.io"] {
        assert_eq!(site(&site(text).to_string()), site(text));
    }
}

#[test]
fn sites_and_origins_serialize_as_text() {
    let s: Site = serde_json::from_str("\"GitHub.com\"").unwrap();
    assert_eq!(serde_json::to_string(&s).unwrap(), "\"github.com\"");
    assert!(serde_json::from_str::<Site>("\"co.uk\"").is_err());
    let o: Origin = serde_json::from_str("\"https://github.com\"").unwrap();
    assert_eq!(serde_json::to_string(&o).unwrap(), "\"https://github.com\"");
    assert!(serde_json::from_str::<Origin>("\"null\"").is_err());
}

#[test]
fn the_bundled_table_reads_and_is_dated() {
    let table = Directory::bundled();
    assert!(table.len() >= 50, "{} issuers", table.len());
    assert!(!table.source().is_empty(), "the table says where it comes from");
    let date = table.date().as_bytes();
    assert!(date.len() == 10 && date[4] == b'-' && date[7] == b'-', "dated YYYY-MM-DD: {}", table.date());
    // Every line parses (Directory::bundled would be empty otherwise).
    Directory::parse(include_str!("issuers.tsv")).unwrap();
}

#[test]
fn suggestions_come_from_whole_names_only() {
    let table = Directory::bundled();
    let gh = origin("https://github.com");
    assert_eq!(table.suggest(Some("GitHub"), &gh), Some(site("github.com")));
    assert_eq!(table.suggest(Some("github"), &origin("https://gist.github.com")), Some(site("github.com")));
    // Not a substring, not a near spelling, not another host.
    assert_eq!(table.suggest(Some("GitHub Enterprise"), &gh), None);
    assert_eq!(table.suggest(Some("Git"), &gh), None);
    assert_eq!(table.suggest(Some("GitHab"), &gh), None);
    assert_eq!(table.suggest(Some("GitHub"), &origin("https://attacker.github.io")), None);
    assert_eq!(table.suggest(Some("GitHub"), &origin("https://github.com.evil.test")), None);
    assert_eq!(table.suggest(Some("GitHub"), &origin("http://github.com")), None);
    assert_eq!(table.suggest(None, &gh), None);
    // The domain of a service with several is the one the page is on.
    assert_eq!(
        table.suggest(Some("Microsoft"), &origin("https://login.microsoftonline.com")),
        Some(site("microsoftonline.com"))
    );
    // An issuer that is a domain suggests itself.
    assert_eq!(
        table.suggest(Some("acme.okta.com"), &origin("https://acme.okta.com")),
        Some(site("acme.okta.com"))
    );
    assert_eq!(table.suggest(Some("acme.okta.com"), &origin("https://evil.okta.com")), None);
    assert_eq!(table.suggest(Some("github.io"), &origin("https://github.io")), None);
}

#[test]
fn a_table_file_is_checked_line_by_line() {
    let t = Directory::parse("# source: test\n# date: 2026-01-01\nExample\texample.com\tex.example\n\n").unwrap();
    assert_eq!((t.source(), t.date(), t.len()), ("test", "2026-01-01", 1));
    assert_eq!(t.domains("EXAMPLE").len(), 2);
    let err = Directory::parse("Example\tco.uk\n").unwrap_err();
    assert!(matches!(err, directory::DirectoryError::BadLine { line: 1, .. }), "{err}");
    assert!(Directory::parse("Example\n").is_err());
    assert!(Directory::parse("\texample.com\n").is_err());
}
