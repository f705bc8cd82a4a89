//! Rebuild when the translations change: rust-i18n reads `locales/` at compile time, and
//! cargo does not know to look there by itself.

fn main() {
    println!("cargo:rerun-if-changed=locales");
}
