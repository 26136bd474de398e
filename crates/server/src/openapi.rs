//! The OpenAPI 3.1 document, generated from the handlers' annotations and snapshot-tested.
//! Error responses are added and made problem+json by rule (problems.rs); `make api-fuzz`
//! checks the running server against the result.

mod path_params;
mod problems;

use axum::Json;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

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
    paths(
        crate::routes::incidents::declare, crate::routes::incidents::list, crate::routes::incidents::show, crate::routes::incidents::update,
        crate::routes::timeline::list, crate::routes::access::list, crate::routes::timeline::comment, crate::routes::timeline::edit_comment, crate::routes::timeline::delete_comment,
        crate::routes::timeline::status_update,
        crate::routes::annotations::pin, crate::routes::annotations::unpin, crate::routes::annotations::add_tag, crate::routes::annotations::remove_tag,
        crate::routes::annotations::assign_role, crate::routes::annotations::unassign_role, crate::routes::annotations::add_service, crate::routes::annotations::remove_service,
        crate::routes::subscriptions::show, crate::routes::subscriptions::subscribe, crate::routes::subscriptions::unsubscribe,
        crate::routes::subscriptions::mine, crate::routes::subscriptions::add, crate::routes::subscriptions::remove,
        crate::routes::subscriptions::team_list, crate::routes::subscriptions::team_add, crate::routes::subscriptions::team_remove,
        crate::stream::incident, crate::stream::all,
        crate::routes::catalog::severities, crate::routes::catalog::put_severity, crate::routes::catalog::types, crate::routes::catalog::put_type, crate::routes::catalog::roles, crate::routes::catalog::put_role,
        crate::routes::users::me, crate::routes::users::list, crate::routes::users::create, crate::routes::users::update,
        crate::routes::users::list_tokens, crate::routes::users::create_token, crate::routes::users::revoke_token,
        crate::auth::routes::login, crate::auth::routes::logout, crate::auth::routes::session,
        crate::routes::ops::healthz, crate::routes::ops::readyz, crate::routes::ops::metrics,
    ),
    components(schemas(goldseam_core::EventPayload, goldseam_core::event::TagSource, goldseam_core::event::TransitionKindWire))
)]
pub struct ApiDoc;

/// The document: the core API, then each feature module's part, then the error responses of
/// every operation.
pub fn document() -> utoipa::openapi::OpenApi {
    use crate::routes::{delivery, people, response, schedules};
    let mut doc = ApiDoc::openapi();
    doc.merge(people::Doc::openapi());
    doc.merge(schedules::Doc::openapi());
    doc.merge(response::Doc::openapi());
    doc.merge(delivery::Doc::openapi());
    path_params::narrow(&mut doc);
    problems::document_errors(&mut doc);
    doc
}

/// `GET /api/openapi.json`.
pub async fn serve() -> Json<utoipa::openapi::OpenApi> {
    Json(document())
}
