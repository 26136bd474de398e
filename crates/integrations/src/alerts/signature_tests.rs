use super::*;

/// PagerDuty's published vector (go-pagerduty's webhookv3 tests), as in
/// shared/fixtures/pagerduty/webhook-v3-signature.json; the body is copied byte for byte into
/// testdata because a checkout does not always sit beside that folder.
const PD_SECRET: &str = "lDQHScfUeXUKaQRNF+8XIiDKZ7XX3itBAYzwU0TARw8lJqRnkKl2iB1anSb0Z+IK";
const PD_VALID: &str = "v1=0c0b9495b893a39e70d1fea2fe11fbe0a825f88b9f67846f6cc07dd2bc5476cd";
const PD_INVALID: &str = "v1=7020c8a7ec668a9b7012bc3dd82e483394b038f4230acc6785efbf2a7d8bcaf5";
const PD_BODY: &[u8] = include_bytes!("testdata/pagerduty-v3-priority_updated.json");

#[test]
fn pagerdutys_vector_verifies_and_its_invalid_one_does_not() {
    assert_eq!(
        PD_BODY.len(),
        1655,
        "the body must be byte for byte PagerDuty's"
    );
    assert_eq!(
        verify_pagerduty_v3(PD_SECRET, Some(PD_VALID), PD_BODY),
        Ok(())
    );
    assert_eq!(
        verify_pagerduty_v3(PD_SECRET, Some(PD_INVALID), PD_BODY),
        Err(SignatureError::Mismatch)
    );
}

#[test]
fn pagerduty_signatures_during_a_secret_rotation_match_if_any_does() {
    for header in [
        format!("{PD_INVALID},{PD_VALID}"),
        format!("{PD_VALID}, {PD_INVALID}"),
        format!("v2=abcd,{PD_VALID}"),
    ] {
        assert_eq!(
            verify_pagerduty_v3(PD_SECRET, Some(&header), PD_BODY),
            Ok(()),
            "{header}"
        );
    }
}

#[test]
fn pagerduty_refusals_say_what_is_wrong() {
    let mut changed = PD_BODY.to_vec();
    changed[100] ^= 1;
    assert_eq!(
        verify_pagerduty_v3(PD_SECRET, Some(PD_VALID), &changed),
        Err(SignatureError::Mismatch),
        "a changed body"
    );
    assert_eq!(
        verify_pagerduty_v3("another secret", Some(PD_VALID), PD_BODY),
        Err(SignatureError::Mismatch)
    );
    assert_eq!(
        verify_pagerduty_v3(PD_SECRET, None, PD_BODY),
        Err(SignatureError::Missing)
    );
    assert_eq!(
        verify_pagerduty_v3(PD_SECRET, Some("  "), PD_BODY),
        Err(SignatureError::Missing)
    );
    assert_eq!(
        verify_pagerduty_v3("", Some(PD_VALID), PD_BODY),
        Err(SignatureError::Missing),
        "an empty secret verifies nothing"
    );
    let Err(SignatureError::Malformed(why)) =
        verify_pagerduty_v3(PD_SECRET, Some("v1=not-hex"), PD_BODY)
    else {
        panic!("non-hex must be malformed");
    };
    assert!(why.contains("v1=not-hex"), "{why}");
    assert!(matches!(
        verify_pagerduty_v3(PD_SECRET, Some("sha256=abcd"), PD_BODY),
        Err(SignatureError::Malformed(_))
    ));
    let message = SignatureError::Mismatch.to_string();
    assert!(message.contains("signing secret"), "{message}");
}

/// Vectors computed independently (Python's hmac module) for the secret `grafana-secret`.
const GF_SECRET: &str = "grafana-secret";
const GF_BODY: &[u8] = br#"{"version":"1","status":"firing"}"#;
const GF_BODY_SIG: &str = "4713c94ed42b965df8d575b7bd0775d718957b3269ddff03fb0eee8c337974de";
const GF_TS: &str = "1714557600";
const GF_TS_SIG: &str = "58e23f2611488efff09993638887ff69b2e4ee26f11c7674cad39abd590611b5";

fn at(secs: i64) -> Timestamp {
    Timestamp::from_second(secs).unwrap()
}

const WINDOW: Duration = Duration::from_secs(300);

#[test]
fn grafana_signs_the_body_alone_without_a_timestamp_header() {
    let now = at(1_900_000_000);
    assert_eq!(
        verify_grafana(GF_SECRET, Some(GF_BODY_SIG), None, GF_BODY, now, WINDOW),
        Ok(())
    );
    assert_eq!(
        verify_grafana(
            GF_SECRET,
            Some(&GF_BODY_SIG.to_uppercase()),
            None,
            GF_BODY,
            now,
            WINDOW
        ),
        Ok(()),
        "hex digits in either case"
    );
    assert_eq!(
        verify_grafana(GF_SECRET, Some(GF_BODY_SIG), None, b"{}", now, WINDOW),
        Err(SignatureError::Mismatch)
    );
    assert_eq!(
        verify_grafana(GF_SECRET, None, None, GF_BODY, now, WINDOW),
        Err(SignatureError::Missing)
    );
    assert!(matches!(
        verify_grafana(GF_SECRET, Some("sha256=zz"), None, GF_BODY, now, WINDOW),
        Err(SignatureError::Malformed(_))
    ));
}

#[test]
fn grafana_signs_timestamp_and_body_and_an_old_timestamp_is_stale() {
    let ts = 1_714_557_600;
    let check = |now: Timestamp, sig: &str| {
        verify_grafana(GF_SECRET, Some(sig), Some(GF_TS), GF_BODY, now, WINDOW)
    };
    assert_eq!(check(at(ts + 10), GF_TS_SIG), Ok(()));
    assert_eq!(
        check(at(ts - 299), GF_TS_SIG),
        Ok(()),
        "a sender's clock ahead"
    );
    assert_eq!(
        check(at(ts), GF_BODY_SIG),
        Err(SignatureError::Mismatch),
        "the body-only signature does not cover the timestamp"
    );
    let stale = check(at(ts + 3600), GF_TS_SIG);
    assert_eq!(
        stale,
        Err(SignatureError::Stale {
            age_secs: 3600,
            window_secs: 300
        })
    );
    let message = stale.unwrap_err().to_string();
    assert!(
        message.contains("3600 s") && message.contains("clock"),
        "{message}"
    );
    assert!(matches!(
        verify_grafana(
            GF_SECRET,
            Some(GF_TS_SIG),
            Some("yesterday"),
            GF_BODY,
            at(ts),
            WINDOW
        ),
        Err(SignatureError::Malformed(_))
    ));
    assert_eq!(
        verify_grafana(
            GF_SECRET,
            Some(GF_TS_SIG),
            Some("1714557601"),
            GF_BODY,
            at(ts),
            WINDOW
        ),
        Err(SignatureError::Mismatch),
        "a timestamp changed on the way"
    );
}

#[test]
fn every_refusal_tells_the_senders_admin_what_to_fix() {
    let says = |e: SignatureError, words: &[&str]| {
        let m = e.to_string();
        for w in words {
            assert!(m.contains(w), "{m:?} should say {w:?}");
        }
    };
    says(SignatureError::Missing, &["not signed", "signing secret"]);
    says(
        SignatureError::Malformed("expected v1=<hex>".into()),
        &["not in the expected form", "v1=<hex>"],
    );
    says(
        SignatureError::Mismatch,
        &["does not match", "signing secret"],
    );
    says(
        SignatureError::Stale {
            age_secs: 900,
            window_secs: 300,
        },
        &["900 s", "300 s", "clock"],
    );
}
