//! Path parameters in the OpenAPI document say what the server accepts. Every handler reads its
//! segments with the same functions (routes/params.rs), so their limits are stated here once
//! rather than in each annotation: an integer segment is an id from 1 (`params::id`), and
//! `{ref}` is `INC-42`, `inc-42` or `42` (`IncidentId::parse_reference`). Anything else is a 422.

use utoipa::openapi::path::{Parameter, ParameterIn};
use utoipa::openapi::schema::{Schema, SchemaType, Type};
use utoipa::openapi::{OpenApi, RefOr};

/// What `IncidentId::parse_reference` accepts: an optional `INC-` in any case, then up to 18 digits
/// without a leading zero.
const INCIDENT_REF: &str = "^[Ii][Nn][Cc]-[1-9][0-9]{0,17}$|^[1-9][0-9]{0,17}$";

/// Narrows the path parameters' schemas to what their parsers accept.
pub fn narrow(doc: &mut OpenApi) {
    for item in doc.paths.paths.values_mut() {
        let ops = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
        ];
        for op in ops.into_iter().flatten() {
            for p in op.parameters.iter_mut().flatten() {
                if matches!(p.parameter_in, ParameterIn::Path) {
                    narrow_one(p);
                }
            }
        }
    }
}

fn narrow_one(p: &mut Parameter) {
    let Some(RefOr::T(Schema::Object(schema))) = p.schema.as_mut() else {
        return;
    };
    if schema.schema_type == SchemaType::new(Type::Integer) {
        schema.minimum = Some(1.into());
    } else if p.name == "ref" && schema.schema_type == SchemaType::new(Type::String) {
        schema.pattern = Some(INCIDENT_REF.to_string());
    }
}
