//! `#[derive(Model)]`: the derive behind `sprig-events`' payload models.
//!
//! The generated code names `sprig-events`' own private modules (`crate::wire::model`), so the
//! derive works only inside that crate; see its `src/wire/model.rs` for what a model is.
//!
//! ```text
//! #[derive(Clone, Debug, Model)]
//! #[model(watch = KindTags, expect = WebhookKind::Test, check = TestPing::check)]
//! // Also `walk` (the spec walk) and `last_wins` (a key given twice keeps its last value).
//! pub struct TestPing {
//!     #[model(rename = "eventType")]     // the wire name; lowerCamelCase of the field by default
//!     event_type: EventType,              // private: read through a method, no setter
//!     #[model(with = IntOrString)]       // a serde_with adapter
//!     pub id: u64,                        // required: its type is not `Option<…>`
//!     pub survey_name: Option<String>,    // optional
//!     #[model(extra)]
//!     pub extra: Extra,                   // the unknown keys
//!     #[model(nulls)]
//!     nulls: NullFields,                  // which optional fields arrived `null`
//! }
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

use proc_macro::TokenStream;
use proc_macro2::{Span, TokenStream as TokenStream2};
use quote::{format_ident, quote};
use syn::ext::IdentExt as _;
use syn::{
    parse_macro_input, spanned::Spanned, Data, DeriveInput, Error, Fields, Ident, LitStr, Path,
    Type, Visibility,
};

/// The most fields a model may have: which of them arrived `null` is one bit each of a `u64`.
const MAX_FIELDS: usize = 64;

/// Derives a payload model: its one-pass reader, its writer, `PartialEq` that follows the
/// written JSON, `with_*` setters and, on request, the spec walk. See the crate docs.
#[proc_macro_derive(Model, attributes(model))]
pub fn derive_model(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand(&input)
        .unwrap_or_else(Error::into_compile_error)
        .into()
}

/// One field of the payload: a known key.
struct Field {
    ident: Ident,
    ty: Type,
    wire: String,
    adapter: TokenStream2,
    public: bool,
    optional: bool,
}

#[derive(Default)]
struct ModelAttrs {
    watch: Option<Path>,
    expect: Option<Path>,
    check: Option<Path>,
    walk: bool,
    /// A key given twice keeps its last value, as JavaScript's `JSON.parse` does, instead of
    /// refusing the payload.
    last_wins: bool,
}

fn expand(input: &DeriveInput) -> syn::Result<TokenStream2> {
    if !input.generics.params.is_empty() {
        return Err(Error::new(
            input.generics.span(),
            "a model is a concrete type: no generics",
        ));
    }
    let Data::Struct(data) = &input.data else {
        return Err(Error::new(input.span(), "a model is a struct"));
    };
    let Fields::Named(named) = &data.fields else {
        return Err(Error::new(input.span(), "a model has named fields"));
    };

    let attrs = model_attrs(input)?;
    let mut fields = Vec::new();
    let mut extra = None;
    let mut nulls = None;
    for field in &named.named {
        let Some(ident) = field.ident.clone() else {
            continue;
        };
        let mut rename = None;
        let mut with = None;
        let mut role = None;
        for attr in field.attrs.iter().filter(|a| a.path().is_ident("model")) {
            attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("rename") {
                    rename = Some(meta.value()?.parse::<LitStr>()?.value());
                } else if meta.path.is_ident("with") {
                    with = Some(meta.value()?.parse::<Type>()?);
                } else if meta.path.is_ident("extra") {
                    role = Some("extra");
                } else if meta.path.is_ident("nulls") {
                    role = Some("nulls");
                } else {
                    return Err(meta.error("expected rename, with, extra or nulls"));
                }
                Ok(())
            })?;
        }
        let twice = |role: &str| {
            Error::new(
                ident.span(),
                format!("a model has one field marked #[model({role})]"),
            )
        };
        match role {
            Some("extra") if extra.is_some() => return Err(twice("extra")),
            Some("extra") => extra = Some(ident),
            Some(_) if nulls.is_some() => return Err(twice("nulls")),
            Some(_) => nulls = Some(ident),
            None => {
                let adapter = match with {
                    Some(adapter) => quote!(#adapter),
                    None => quote!(serde_with::Same),
                };
                fields.push(Field {
                    wire: rename.unwrap_or_else(|| lower_camel(&ident.unraw().to_string())),
                    optional: is_option(&field.ty),
                    public: matches!(field.vis, Visibility::Public(_)),
                    ident,
                    ty: field.ty.clone(),
                    adapter,
                });
            }
        }
    }
    let name = &input.ident;
    let Some(extra) = extra else {
        return Err(Error::new(
            name.span(),
            "a model needs a field marked #[model(extra)] for the keys it does not know",
        ));
    };
    let Some(nulls) = nulls else {
        return Err(Error::new(
            name.span(),
            "a model needs a field marked #[model(nulls)] for the fields that arrived null",
        ));
    };
    if fields.len() > MAX_FIELDS {
        return Err(Error::new(
            name.span(),
            format!(
                "a model has at most {MAX_FIELDS} known fields (which arrived null is a bit \
                 each of a u64); this one has {}",
                fields.len()
            ),
        ));
    }
    for (at, field) in fields.iter().enumerate() {
        if fields
            .iter()
            .take(at)
            .any(|earlier| earlier.wire == field.wire)
        {
            return Err(Error::new(
                field.ident.span(),
                format!(
                    "two fields of the model have the wire name {:?}",
                    field.wire
                ),
            ));
        }
    }
    if attrs.expect.is_some() != attrs.watch.is_some() {
        return Err(Error::new(
            name.span(),
            "`watch` and `expect` go together: the keys to note, and what they must say",
        ));
    }

    let setters = setters(&fields);
    let eq = partial_eq(name, &fields, &extra, &nulls);
    let read = read(name, &fields, &extra, &nulls, &attrs);
    let write = write(name, &fields, &extra, &nulls);
    let walk = attrs.walk.then(|| walk(name, &fields));
    let schema = schema(name, &fields);
    let wires = fields.iter().map(|f| &f.wire);
    Ok(quote! {
        impl #name {
            /// The wire names of the keys this model types, in the order they are written.
            pub(crate) const FIELDS: &'static [&'static str] = &[#(#wires,)*];
            #setters
        }
        #eq
        #read
        #write
        #walk
        #schema
    })
}

fn model_attrs(input: &DeriveInput) -> syn::Result<ModelAttrs> {
    let mut attrs = ModelAttrs::default();
    for attr in input.attrs.iter().filter(|a| a.path().is_ident("model")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("watch") {
                attrs.watch = Some(meta.value()?.parse()?);
            } else if meta.path.is_ident("expect") {
                attrs.expect = Some(meta.value()?.parse()?);
            } else if meta.path.is_ident("check") {
                attrs.check = Some(meta.value()?.parse()?);
            } else if meta.path.is_ident("walk") {
                attrs.walk = true;
            } else if meta.path.is_ident("last_wins") {
                attrs.last_wins = true;
            } else {
                return Err(meta.error("expected watch, expect, check, walk or last_wins"));
            }
            Ok(())
        })?;
    }
    Ok(attrs)
}

/// `survey_id` → `surveyId`.
fn lower_camel(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// Whether the type is written `Option<…>` (also as `std::option::Option<…>`).
fn is_option(ty: &Type) -> bool {
    let Type::Path(path) = ty else {
        return false;
    };
    path.qself.is_none()
        && path
            .path
            .segments
            .last()
            .is_some_and(|segment| segment.ident == "Option")
}

fn setters(fields: &[Field]) -> TokenStream2 {
    let setters = fields.iter().filter(|f| f.public).map(|f| {
        let Field {
            ident, ty, wire, ..
        } = f;
        let setter = format_ident!("with_{}", ident);
        let doc = format!("Set `{wire}` (chainable).");
        quote! {
            #[doc = #doc]
            #[must_use]
            pub fn #setter(mut self, value: impl crate::IntoField<#ty>) -> Self {
                self.#ident = crate::IntoField::into_field(value);
                self
            }
        }
    });
    quote!(#(#setters)*)
}

fn partial_eq(name: &Ident, fields: &[Field], extra: &Ident, nulls: &Ident) -> TokenStream2 {
    let checks = fields.iter().enumerate().map(|(index, f)| {
        let ident = &f.ident;
        let null_note = f.optional.then(|| {
            quote! {
                if self.#ident.is_none()
                    && self.#nulls.has(#index) != other.#nulls.has(#index)
                {
                    return false;
                }
            }
        });
        quote! {
            if self.#ident != other.#ident {
                return false;
            }
            #null_note
        }
    });
    quote! {
        /// Equal when the text they write is the same JSON: the fields, the unset fields that
        /// are written `null`, and the unknown keys that are written.
        impl PartialEq for #name {
            fn eq(&self, other: &Self) -> bool {
                #(#checks)*
                crate::wire::model::same_extra(&self.#extra, &other.#extra, Self::FIELDS)
            }
        }
    }
}

fn read(
    name: &Ident,
    fields: &[Field],
    extra: &Ident,
    nulls: &Ident,
    attrs: &ModelAttrs,
) -> TokenStream2 {
    let locals: Vec<Ident> = fields
        .iter()
        .map(|f| format_ident!("field_{}", f.ident))
        .collect();
    let declare = fields.iter().zip(&locals).map(|(f, local)| {
        let ty = &f.ty;
        quote!(let mut #local: Option<#ty> = None;)
    });
    let last_wins = attrs.last_wins;
    let arms = fields
        .iter()
        .zip(&locals)
        .enumerate()
        .map(|(index, (f, local))| {
            let Field {
                ty, wire, adapter, ..
            } = f;
            quote! {
                #wire => {
                    #local = Some(crate::wire::model::read_field::<A, #ty, #adapter>(
                        &mut map, #wire, #local.is_some() && !#last_wins, &mut nulls, #index,
                        crate::wire::model::Watch::slot(&mut watch, #wire),
                    )?);
                }
            }
        });
    let settle = fields.iter().zip(&locals).map(|(f, local)| {
        let wire = &f.wire;
        if f.optional {
            quote!(let #local = #local.unwrap_or_default();)
        } else {
            quote! {
                let Some(#local) = #local else {
                    return Err(crate::wire::model::missing_field::<A::Error>(#wire));
                };
            }
        }
    });
    let build = fields.iter().zip(&locals).map(|(f, local)| {
        let ident = &f.ident;
        quote!(#ident: #local)
    });
    let watch_ty = match &attrs.watch {
        Some(watch) => quote!(#watch),
        None => quote!(crate::wire::model::NoWatch),
    };
    let verify = attrs.expect.as_ref().map(|expect| {
        quote! {
            crate::wire::model::Watch::verify(&watch, &#expect)
                .map_err(<A::Error as serde::de::Error>::custom)?;
        }
    });
    let check = attrs.check.as_ref().map(|check| {
        quote! {
            fn check(&mut self) -> Result<(), crate::error::FieldError> {
                #check(self)
            }
        }
    });
    let visitor = Ident::new(&format!("{name}Visitor"), Span::call_site());
    quote! {
        // In a block of its own, so that the reader's name is the block's alone.
        const _: () = {
            impl crate::wire::model::Model for #name {
                fn read<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                    d.deserialize_map(#visitor::<crate::wire::model::Plain>(
                        std::marker::PhantomData,
                    ))
                }

                fn read_boxed<'de, D: serde::Deserializer<'de>>(
                    d: D,
                ) -> Result<Box<Self>, D::Error> {
                    d.deserialize_map(#visitor::<crate::wire::model::Boxed>(
                        std::marker::PhantomData,
                    ))
                }

                #check
            }

            /// The model's reader: `__W` says whether it hands the model back boxed. (The
            /// name keeps clear of the field types the body names.)
            struct #visitor<__W>(std::marker::PhantomData<__W>);

            impl<'de, __W: crate::wire::model::Wrap> serde::de::Visitor<'de> for #visitor<__W> {
                type Value = __W::Of<#name>;

                fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str("a JSON object")
                }

                fn visit_map<A: serde::de::MapAccess<'de>>(
                    self,
                    mut map: A,
                ) -> Result<__W::Of<#name>, A::Error> {
                    #(#declare)*
                    let mut extra = crate::wire::Extra::new();
                    let mut nulls = crate::wire::keep::NullFields::default();
                    #[allow(unused_mut)]
                    let mut watch = <#watch_ty as Default>::default();
                    while let Some(key) = map.next_key_seed(crate::wire::keep::KeySeed)? {
                        match &*key {
                            #(#arms)*
                            _ => {
                                let value: serde_json::Value = map.next_value()?;
                                if let Some(slot) =
                                    crate::wire::model::Watch::slot(&mut watch, &key)
                                {
                                    if #last_wins {
                                        *slot = crate::wire::keep::Seen::of(&value);
                                    } else {
                                        slot.note(&key, &value)?;
                                    }
                                }
                                extra.insert(key.into_owned(), value);
                            }
                        }
                    }
                    #(#settle)*
                    #verify
                    Ok(__W::wrap(#name { #(#build,)* #extra: extra, #nulls: nulls }))
                }
            }
        };

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let mut value = <Self as crate::wire::model::Model>::read(d)?;
                crate::wire::model::Model::check(&mut value)
                    .map_err(<D::Error as serde::de::Error>::custom)?;
                Ok(value)
            }
        }
    }
}

fn write(name: &Ident, fields: &[Field], extra: &Ident, nulls: &Ident) -> TokenStream2 {
    let writes = fields.iter().enumerate().map(|(index, f)| {
        let Field {
            ident,
            ty,
            wire,
            adapter,
            optional,
            ..
        } = f;
        let unset = if *optional {
            quote!(self.#ident.is_none())
        } else {
            quote!(false)
        };
        quote! {
            crate::wire::model::write_field::<_, #ty, #adapter>(
                &mut map, #wire, &self.#ident, #unset, self.#nulls.has(#index),
            )?;
        }
    });
    quote! {
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap as _;
                let mut map = s.serialize_map(None)?;
                #(#writes)*
                crate::wire::model::write_extra(&mut map, &self.#extra, Self::FIELDS)?;
                map.end()
            }
        }
    }
}

fn walk(name: &Ident, fields: &[Field]) -> TokenStream2 {
    let steps = fields.iter().map(|f| {
        let Field { ident, wire, .. } = f;
        quote! {
            crate::wire::model::under(at, #wire, |at| {
                crate::wire::model::Walk::walk(&self.#ident, at, out)
            });
        }
    });
    quote! {
        impl crate::wire::model::Walk for #name {
            fn walk(&self, at: &mut String, out: &mut Vec<String>) {
                #(#steps)*
            }
        }
    }
}

fn schema(name: &Ident, fields: &[Field]) -> TokenStream2 {
    let properties = fields.iter().map(|f| {
        let Field {
            ty,
            wire,
            adapter,
            optional,
            ..
        } = f;
        let required = (!optional).then(|| quote!(required.push(#wire);));
        quote! {
            properties.insert(
                #wire.into(),
                generator.subschema_for::<serde_with::Schema<#ty, #adapter>>().to_value(),
            );
            #required
        }
    });
    let title = name.to_string();
    quote! {
        #[cfg(feature = "schemars")]
        impl schemars::JsonSchema for #name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                #title.into()
            }

            fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
                let mut properties = serde_json::Map::new();
                #[allow(unused_mut)]
                let mut required: Vec<&str> = Vec::new();
                #(#properties)*
                schemars::json_schema!({
                    "type": "object",
                    "properties": properties,
                    "required": required,
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{expand, is_option, lower_camel};

    fn model_with(fields: usize) -> syn::DeriveInput {
        let known: String = (0..fields).map(|i| format!("pub f{i}: u64,")).collect();
        syn::parse_str(&format!(
            "pub struct Big {{ {known} #[model(extra)] pub extra: Extra, \
             #[model(nulls)] nulls: NullFields }}"
        ))
        .unwrap()
    }

    #[test]
    fn a_model_of_64_fields_derives_and_one_of_65_does_not() {
        assert!(expand(&model_with(64)).is_ok());
        let err = expand(&model_with(65)).unwrap_err().to_string();
        assert!(
            err.contains("at most 64 known fields") && err.contains("has 65"),
            "{err}"
        );
    }

    #[test]
    fn a_model_without_extra_or_nulls_is_refused_by_name() {
        let no_extra: syn::DeriveInput =
            syn::parse_str("struct A { id: u64, #[model(nulls)] n: NullFields }").unwrap();
        assert!(expand(&no_extra)
            .unwrap_err()
            .to_string()
            .contains("#[model(extra)]"));
        let no_nulls: syn::DeriveInput =
            syn::parse_str("struct A { id: u64, #[model(extra)] e: Extra }").unwrap();
        assert!(expand(&no_nulls)
            .unwrap_err()
            .to_string()
            .contains("#[model(nulls)]"));
    }

    #[test]
    fn watch_without_expect_and_unknown_options_are_refused() {
        let watch: syn::DeriveInput = syn::parse_str(
            "#[model(watch = Tags)] struct A { #[model(extra)] e: Extra, #[model(nulls)] n: N }",
        )
        .unwrap();
        assert!(expand(&watch)
            .unwrap_err()
            .to_string()
            .contains("go together"));
        let unknown: syn::DeriveInput = syn::parse_str(
            "struct A { #[model(renamed = \"x\")] a: u8, #[model(extra)] e: E, #[model(nulls)] n: N }",
        )
        .unwrap();
        assert!(expand(&unknown).is_err());
    }

    #[test]
    fn a_role_given_twice_and_a_wire_name_given_twice_are_refused() {
        let two_extras: syn::DeriveInput = syn::parse_str(
            "struct A { #[model(extra)] e: E, #[model(extra)] f: E, #[model(nulls)] n: N }",
        )
        .unwrap();
        assert!(expand(&two_extras)
            .unwrap_err()
            .to_string()
            .contains("one field marked"));
        let same_wire: syn::DeriveInput = syn::parse_str(
            "struct A { survey_id: u64, #[model(rename = \"surveyId\")] other: u64, \
             #[model(extra)] e: E, #[model(nulls)] n: N }",
        )
        .unwrap();
        assert!(expand(&same_wire)
            .unwrap_err()
            .to_string()
            .contains("\"surveyId\""));
    }

    #[test]
    fn a_raw_identifier_has_its_plain_wire_name() {
        let raw: syn::DeriveInput =
            syn::parse_str("struct A { r#type: u8, #[model(extra)] e: E, #[model(nulls)] n: N }")
                .unwrap();
        assert!(expand(&raw).unwrap().to_string().contains("\"type\""));
    }

    #[test]
    fn wire_names_are_lower_camel_case_of_the_field() {
        assert_eq!(lower_camel("survey_id"), "surveyId");
        assert_eq!(lower_camel("question_type_id"), "questionTypeId");
        assert_eq!(lower_camel("id"), "id");
    }

    #[test]
    fn only_a_type_written_option_is_optional() {
        let ty = |text: &str| syn::parse_str::<syn::Type>(text).unwrap();
        assert!(is_option(&ty("Option<String>")));
        assert!(is_option(&ty("std::option::Option<u64>")));
        assert!(!is_option(&ty("Vec<Option<u64>>")));
        assert!(!is_option(&ty("u64")));
    }
}
