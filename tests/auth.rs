//! `verify_bearer` and `WebhookSecret`.

use sprig_events::{verify_bearer, AuthError, WebhookSecret};

#[test]
fn accepts_the_bearer_scheme_in_any_case_then_the_exact_secret() {
    // RFC 7235 §2.1: the scheme is case-insensitive, and one or more spaces follow it.
    for header in [
        "Bearer APIsecret",
        "bearer APIsecret",
        "BEARER APIsecret",
        "bEaReR APIsecret",
        "Bearer  APIsecret",
    ] {
        assert_eq!(verify_bearer(Some(header), "APIsecret"), Ok(()), "{header}");
    }
}

#[test]
fn refuses_everything_else() {
    let cases = [
        (None, AuthError::Missing),
        (Some(""), AuthError::NotBearer),
        (Some("APIsecret"), AuthError::NotBearer),
        (Some("Bearer\tAPIsecret"), AuthError::NotBearer),
        (Some("Bearers APIsecret"), AuthError::NotBearer),
        (Some("Béarer APIsecret"), AuthError::NotBearer),
        (Some("Basic APIsecret"), AuthError::NotBearer),
        (Some("BearerAPIsecret"), AuthError::NotBearer),
        (Some("Bearer APIsecret "), AuthError::Mismatch),
        (Some("Bearer apisecret"), AuthError::Mismatch),
        (Some("Bearer APIsecre"), AuthError::Mismatch),
        (Some("Bearer APIsecretX"), AuthError::Mismatch),
        (Some("Bearer "), AuthError::Mismatch),
    ];
    for (header, expected) in cases {
        assert_eq!(
            verify_bearer(header, "APIsecret"),
            Err(expected),
            "{header:?}"
        );
    }
}

#[test]
fn an_empty_secret_never_authenticates() {
    for header in [None, Some(""), Some("Bearer "), Some("Bearer x")] {
        assert_eq!(verify_bearer(header, ""), Err(AuthError::EmptySecret));
    }
    assert_eq!(
        WebhookSecret::new("").verify(Some("Bearer ")),
        Err(AuthError::EmptySecret)
    );
}

#[test]
fn the_secret_never_shows_in_debug_or_display() {
    let secret = WebhookSecret::new("hunter2-very-secret");
    let shown = format!("{secret:?} {secret} {secret:#?}");
    assert!(!shown.contains("hunter2"), "{shown}");
    assert!(shown.contains("[redacted]"));
    assert_eq!(secret.verify(Some("Bearer hunter2-very-secret")), Ok(()));
    assert_eq!(secret.expose(), "hunter2-very-secret");
}

#[test]
fn errors_are_std_errors_that_say_what_happened() {
    fn assert_error<E: std::error::Error + Send + Sync + 'static>(_: &E) {}
    let err = verify_bearer(Some("Token x"), "s").unwrap_err();
    assert_error(&err);
    assert!(err.to_string().contains("Bearer <token>"), "{err}");
}
