//! The OpenAPI 3.1 document, generated from the handlers' annotations and snapshot-tested.
//! Error responses are added and made problem+json by rule (problems.rs); `make api-fuzz`
//! checks the running server against the result.

mod path_params;
mod problems;

use axum::Json;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::Modify;
use utoipa::OpenApi;

struct Security;

impl Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "token",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(
                crate::auth::SESSION_COOKIE,
            ))),
        );
        // Twilio's callbacks carry Twilio's signature of the URL and parameters instead.
        components.add_security_scheme(
            "twilio_signature",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                "X-Twilio-Signature",
                "Twilio's HMAC-SHA1 of the URL and parameters with the account's auth token",
            ))),
        );
        // Opsgenie's alert API (what Alertmanager's opsgenie_configs sends) authenticates with
        // `Authorization: GenieKey <key>`: here the integration's key.
        components.add_security_scheme(
            "genie_key",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                "Authorization",
                "GenieKey followed by an Opsgenie integration's key",
            ))),
        );
        // Issue trackers sign their webhooks with the secret they were registered with.
        components.add_security_scheme(
            "github_signature",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                "X-Hub-Signature-256",
                "sha256= and GitHub's HMAC-SHA256 of the body with the webhook's secret",
            ))),
        );
        components.add_security_scheme(
            "jira_signature",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                "X-Hub-Signature",
                "sha256= and Jira's HMAC-SHA256 of the body with the webhook's secret",
            ))),
        );
        // Slack signs every request to its request URLs with the app's signing secret.
        components.add_security_scheme(
            "slack_signature",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                "X-Slack-Signature",
                "v0= and Slack's HMAC-SHA256 of v0:timestamp:body with the app's signing secret",
            ))),
        );
        // Mattermost sends a slash command's token as a field and in this header.
        components.add_security_scheme(
            "mattermost_command_token",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                "Authorization",
                "Token followed by the token Mattermost generated for the /inc slash command (also sent as the token field)",
            ))),
        );
        // Calendar apps cannot send headers: the feeds take their own token in the query.
        components.add_security_scheme(
            "feed_token",
            SecurityScheme::ApiKey(ApiKey::Query(ApiKeyValue::with_description(
                "token",
                "A calendar feed token from POST /api/v1/me/calendar-feed",
            ))),
        );
    }
}

#[derive(OpenApi)]
#[openapi(
    info(title = "Goldseam API", description = "Declare, follow and work incidents. Authenticate with `Authorization: Bearer TOKEN`; every error is application/problem+json (RFC 9457), and each operation lists the errors it can give."),
    modifiers(&Security),
    security(("token" = []), ("session" = [])),
    components(schemas(crate::dto::EventPayload, crate::dto::TagSource, crate::dto::TransitionKindWire))
)]
pub struct ApiDoc;

/// The document: what the routes registered (crate::routes::api), then the error responses of
/// every operation.
pub fn document() -> utoipa::openapi::OpenApi {
    let (_, mut doc) = crate::routes::api().split_for_parts();
    path_params::narrow(&mut doc);
    problems::document_errors(&mut doc);
    doc
}

/// `GET /api/openapi.json`.
pub async fn serve() -> Json<utoipa::openapi::OpenApi> {
    Json(document())
}
