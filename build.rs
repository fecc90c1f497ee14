//! Build script: wiring only. Every `schema/v<major>.<minor>/` directory is loaded, lowered to
//! the codegen IR and rendered by codegen's Rust backend (`codegen::backend::rust`, typify
//! inside) into `$OUT_DIR/v<major>_<minor>.rs`; `versions.rs` and `versioned.rs` declare the
//! modules (`src/lib.rs`, `src/versioned.rs` include them). With the `fixtures` feature, every
//! shared fixture schema is built the same way. A schema codegen refuses fails the build with
//! codegen's message: the file, the JSON pointer and the keyword.

use std::path::{Path, PathBuf};
use std::{env, fs};

use codegen::backend::rust::glue::{self, Generated};

const SCHEMA_DIR: &str = "schema";
const FIXTURE_DIR: &str = "tests/fixtures/schemas";
const SUITE_DIR: &str = "tests/suite/wrapped";

fn main() {
    println!("cargo:rerun-if-changed={SCHEMA_DIR}");
    println!("cargo:rerun-if-changed=build.rs");
    if let Err(message) = run() {
        eprintln!("error: {message}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), String> {
    let out_dir = PathBuf::from(env::var("OUT_DIR").map_err(|e| format!("OUT_DIR: {e}"))?);
    let mut versions = Vec::new();
    for file in codegen::schema::resolve(Path::new(SCHEMA_DIR)).map_err(|e| e.to_string())? {
        versions.push(generate(&file)?);
    }
    for v in &versions {
        write_generated(&out_dir, v)?;
    }
    write_if_changed(&out_dir.join("versions.rs"), &glue::versions_rs(&versions))?;
    write_if_changed(
        &out_dir.join("versioned.rs"),
        &glue::versioned_rs(&versions),
    )?;
    if env::var_os("CARGO_FEATURE_FIXTURES").is_some() {
        println!("cargo:rerun-if-changed={FIXTURE_DIR}");
        let fixtures = fixtures()?;
        for f in &fixtures {
            write_generated(&out_dir, f)?;
        }
        write_if_changed(
            &out_dir.join("fixtures.rs"),
            &glue::fixtures_rs(&fixtures, &[]),
        )?;
    }
    if env::var_os("CARGO_FEATURE_SUITE").is_some() {
        println!("cargo:rerun-if-changed={SUITE_DIR}");
        let (groups, refused) = suite()?;
        for g in &groups {
            write_generated(&out_dir, g)?;
        }
        write_if_changed(
            &out_dir.join("suite.rs"),
            &glue::suite_rs(&groups, &refused),
        )?;
    }
    Ok(())
}

/// The suite groups codegen generates, and those it refuses with its message.
type Suite = (Vec<Generated>, Vec<(String, String)>);

/// Every wrapped group of the JSON Schema Test Suite (`tests/suite/wrapped/*.json`, sorted):
/// generated when codegen accepts it, else listed with codegen's message. A group that the IR
/// accepts and the Rust backend cannot render fails the build, as a version would.
fn suite() -> Result<Suite, String> {
    let mut files: Vec<PathBuf> = fs::read_dir(SUITE_DIR)
        .map_err(|e| format!("{SUITE_DIR}: {e}"))?
        .map(|entry| {
            entry
                .map(|e| e.path())
                .map_err(|e| format!("{SUITE_DIR}: {e}"))
        })
        .collect::<Result<_, _>>()?;
    files.retain(|p| p.extension().is_some_and(|e| e == "json"));
    files.sort();
    let mut groups = Vec::new();
    let mut refused = Vec::new();
    for file in &files {
        let loaded = codegen::schema::load(file, Path::new(".")).map_err(|e| e.to_string())?;
        match codegen::ir::lower(&loaded) {
            Ok(_) => groups.push(generate(file)?),
            Err(e) => refused.push((file_stem(file), e.to_string())),
        }
    }
    Ok((groups, refused))
}

fn lower(file: &Path) -> Result<(codegen::ir::Module, codegen::schema::Loaded), String> {
    let loaded = codegen::schema::load(file, Path::new(".")).map_err(|e| e.to_string())?;
    let module = codegen::ir::lower(&loaded).map_err(|e| e.to_string())?;
    Ok((module, loaded))
}

/// Lowers and renders one schema file.
fn generate(file: &Path) -> Result<Generated, String> {
    let (module, loaded) = lower(file)?;
    let source = codegen::backend::rust::render(&module, &loaded).map_err(|e| e.to_string())?;
    Ok(Generated {
        module: match &module.version {
            Some(version) => format!("v{}", version.replace('.', "_")),
            None => file_stem(file),
        },
        version: module.version.clone(),
        published: codegen::schema::published_text(&loaded.value),
        serialization: codegen::schema::serialization_text(&loaded.value),
        schema_file: loaded.display,
        source,
    })
}

/// A module's source and its published schemas, into `$OUT_DIR`.
fn write_generated(out_dir: &Path, generated: &Generated) -> Result<(), String> {
    write_if_changed(&out_dir.join(generated.out_file()), &generated.source.text)?;
    write_if_changed(
        &out_dir.join(generated.published_file()),
        &generated.published,
    )?;
    write_if_changed(
        &out_dir.join(generated.serialization_file()),
        &generated.serialization,
    )
}

/// Every fixture schema the generators accept (all but `tests/fixtures/schemas/error_*.json`),
/// sorted.
fn fixtures() -> Result<Vec<Generated>, String> {
    let mut files: Vec<PathBuf> = fs::read_dir(FIXTURE_DIR)
        .map_err(|e| format!("{FIXTURE_DIR}: {e}"))?
        .map(|entry| {
            entry
                .map(|e| e.path())
                .map_err(|e| format!("{FIXTURE_DIR}: {e}"))
        })
        .collect::<Result<_, _>>()?;
    files.retain(|p| {
        !file_stem(p).starts_with("error_") && p.extension().is_some_and(|e| e == "json")
    });
    files.sort();
    files.iter().map(|f| generate(f)).collect()
}

fn file_stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Writes atomically (temp file + rename), and only when the bytes change.
fn write_if_changed(path: &Path, contents: &str) -> Result<(), String> {
    if fs::read(path).ok().as_deref() == Some(contents.as_bytes()) {
        return Ok(());
    }
    let tmp = path.with_extension("rs.tmp");
    fs::write(&tmp, contents).map_err(|e| format!("{}: {e}", tmp.display()))?;
    fs::rename(&tmp, path).map_err(|e| format!("{}: {e}", path.display()))
}
