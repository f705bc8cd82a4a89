//! Rebuild when the translations change (rust-i18n reads `locales/` at compile time, and
//! cargo does not know to look there by itself), and compile in every holiday-calendar file
//! in `data/calendar/`, so a year file dropped there is shipped without touching the code.

use std::fmt::Write as _;

fn main() {
    println!("cargo:rerun-if-changed=locales");
    println!("cargo:rerun-if-changed=data/calendar");
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/calendar");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("data/calendar")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    let mut code = String::from("&[\n");
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        writeln!(
            code,
            "    (\"data/calendar/{name}\", include_str!({:?})),",
            path.display().to_string()
        )
        .unwrap();
    }
    code += "]\n";
    let out = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("calendar_files.rs");
    std::fs::write(out, code).unwrap();
}
