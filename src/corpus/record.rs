//! From one JSONL object or CSV row to a [`Document`]: field aliases, types,
//! defaults. Shared by the JSONL and CSV readers so both read the same
//! field names the same way.

use super::decode::normalize_newlines;
use super::{Document, NO_EVENT};
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::collections::BTreeMap;

/// Field names accepted for each document field, in order of preference.
const ID: &[&str] = &["id"];
const EVENT: &[&str] = &["event_id", "event"];
const OUTLET: &[&str] = &["outlet", "source"];
const OUTLET_CODE: &[&str] = &["outlet_code"];
const OUTLET_NAME: &[&str] = &["outlet_name"];
const TITLE: &[&str] = &["title"];
const DATE: &[&str] = &["date"];
const TEXT: &[&str] = &["text", "content"];
const URL: &[&str] = &["url"];
const LANGUAGE: &[&str] = &["language", "lang"];

/// Take the first non-null field among `names`. Null fields among them are
/// removed too: JSON `null` means "missing" (ABP has `"event_id": null`).
/// Numbers are accepted where `numbers_ok` (ids, dates) and written as text,
/// exactly as the input spells them: serde_json's `arbitrary_precision`
/// keeps a number's source text, so `18446744073709551616` and
/// `18446744073709551617` (past `u64`, equal as floats) stay two events,
/// and `1.0` stays `1.0`, not `1`.
fn take(
    map: &mut Map<String, Value>,
    names: &[&str],
    numbers_ok: bool,
) -> Result<Option<String>, String> {
    let mut found = None;
    for name in names {
        match map.get(*name) {
            None => continue,
            Some(Value::Null) => {
                map.remove(*name);
            }
            Some(_) if found.is_some() => {} // a later alias stays a label
            Some(_) => {
                let value = map.remove(*name).unwrap_or(Value::Null);
                found = Some(match value {
                    Value::String(s) => s,
                    Value::Number(n) if numbers_ok => n.to_string(),
                    other => {
                        return Err(format!(
                            "field `{name}` must be a string, found {}",
                            kind(&other)
                        ))
                    }
                });
            }
        }
    }
    Ok(found)
}

/// The JSON type name of a value, for messages.
pub fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Empty strings count as missing for optional fields (CSV cells).
fn non_empty(s: Option<String>) -> Option<String> {
    s.filter(|s| !s.trim().is_empty())
}

fn owned_newlines(s: String) -> String {
    match normalize_newlines(&s) {
        Cow::Borrowed(_) => s,
        Cow::Owned(o) => o,
    }
}

/// Build a document from the fields of one record.
///
/// `default_id` is used when the record has no `id`; `source` is the
/// `file:line` shown in messages. The error is a message without location
/// (the caller adds file and line).
pub fn to_document(
    mut map: Map<String, Value>,
    default_id: String,
    source: String,
) -> Result<Document, String> {
    let text = take(&mut map, TEXT, false)?
        .ok_or_else(|| "missing field `text` (or `content`)".to_string())?;
    let id = non_empty(take(&mut map, ID, true)?).unwrap_or(default_id);
    let code = non_empty(take(&mut map, OUTLET_CODE, false)?);
    let outlet = non_empty(take(&mut map, OUTLET, false)?);
    let explicit_name = non_empty(take(&mut map, OUTLET_NAME, false)?);
    // BASIL gives both `outlet_code` (short) and `outlet` (display name).
    let (outlet, outlet_name) = match (code, outlet) {
        (Some(code), Some(name)) => (code, Some(explicit_name.unwrap_or(name))),
        (Some(code), None) => (code, explicit_name),
        (None, Some(outlet)) => (outlet, explicit_name),
        (None, None) => (String::new(), explicit_name),
    };
    let event = non_empty(take(&mut map, EVENT, true)?).unwrap_or_else(|| NO_EVENT.to_string());
    let title = non_empty(take(&mut map, TITLE, false)?).map(owned_newlines);
    let date = non_empty(take(&mut map, DATE, true)?);
    let url = non_empty(take(&mut map, URL, false)?);
    let language = non_empty(take(&mut map, LANGUAGE, false)?);
    // Every measure compares outlets: a record that names none is an
    // error, not a silent "unknown" outlet.
    if outlet.is_empty() {
        return Err("missing field `outlet` (or `source`, `outlet_code`)".to_string());
    }

    let mut labels = BTreeMap::new();
    // A `labels` object (BASIL, ABP) is lifted: its entries become labels.
    if matches!(map.get("labels"), Some(Value::Object(_))) {
        if let Some(Value::Object(inner)) = map.remove("labels") {
            labels.extend(inner);
        }
    }
    for (k, v) in map {
        if labels.contains_key(&k) {
            labels.insert(format!("_{k}"), v);
        } else {
            labels.insert(k, v);
        }
    }
    Ok(Document {
        id,
        outlet,
        outlet_name,
        event,
        title,
        date,
        language,
        text: owned_newlines(text),
        url,
        labels,
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc(v: Value) -> Result<Document, String> {
        match v {
            Value::Object(m) => to_document(m, "f:1".into(), "f:1".into()),
            _ => unreachable!(),
        }
    }

    #[test]
    fn basil_outlet_code_is_the_id_and_outlet_the_name() {
        let d = doc(
            json!({"outlet": "Fox News", "outlet_code": "fox", "text": "a",
            "event_id": "e1", "labels": {"spans": []}, "meta": {"x": 1}}),
        )
        .unwrap();
        assert_eq!(d.outlet, "fox");
        assert_eq!(d.outlet_name.as_deref(), Some("Fox News"));
        assert_eq!(d.event, "e1");
        assert_eq!(d.id, "f:1");
        assert!(d.labels.contains_key("spans"));
        assert!(d.labels.contains_key("meta"));
        assert!(!d.labels.contains_key("labels"));
    }

    #[test]
    fn aliases_and_nulls() {
        let d = doc(
            json!({"source": "rt", "content": "x\r\ny", "event_id": null,
            "event": "e", "lang": "en", "id": 7, "date": null}),
        )
        .unwrap();
        assert_eq!(d.outlet, "rt");
        assert_eq!(d.text, "x\ny");
        assert_eq!(d.event, "e");
        assert_eq!(d.language.as_deref(), Some("en"));
        assert_eq!(d.id, "7");
        assert_eq!(d.date, None);
        assert!(d.labels.is_empty());
    }

    #[test]
    fn missing_and_wrong_typed_fields() {
        assert_eq!(
            doc(json!({"outlet": "a"})).unwrap_err(),
            "missing field `text` (or `content`)"
        );
        assert_eq!(
            doc(json!({"text": 3})).unwrap_err(),
            "field `text` must be a string, found a number"
        );
        assert_eq!(
            doc(json!({"text": "t", "title": ["x"]})).unwrap_err(),
            "field `title` must be a string, found an array"
        );
    }

    #[test]
    fn defaults_when_absent() {
        assert_eq!(
            doc(json!({"text": "t"})).unwrap_err(),
            "missing field `outlet` (or `source`, `outlet_code`)"
        );
        let d = doc(json!({"text": "", "outlet": "o"})).unwrap();
        assert_eq!(d.outlet, "o");
        assert_eq!(d.event, NO_EVENT);
        assert_eq!(d.text, "");
    }

    #[test]
    fn label_clash_keeps_both() {
        let d =
            doc(json!({"text": "t", "outlet": "o", "bias": "top", "labels": {"bias": "inner"}}))
                .unwrap();
        assert_eq!(d.labels["bias"], json!("inner"));
        assert_eq!(d.labels["_bias"], json!("top"));
    }
}
