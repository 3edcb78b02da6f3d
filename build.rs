use std::ffi::{CStr, CString};
use std::path::{Path, PathBuf};

use rquickjs_sys as qjs;

/// Trusted scripts compiled to QuickJS bytecode here, so that no process compiles them at run
/// time (the just-bash bundle takes 150–250 ms, the bootstrap about 1 ms): (source, name it is
/// evaluated under, file in OUT_DIR). The crate embeds the files (`src/guest/prebuilt.rs`);
/// names and flags must match its own.
const PREBUILT: [(&str, &str, &str); 5] = [
  (
    "vendor/just-bash/just-bash.js",
    "codemode:just-bash",
    "just-bash.qjsbc",
  ),
  ("src/guest/bash/driver.js", "codemode:bash", "bash-driver.qjsbc"),
  ("src/guest/bootstrap.js", "codemode:bootstrap", "bootstrap.qjsbc"),
  ("src/guest/web/lazy.js", "codemode:web", "web-lazy.qjsbc"),
  ("src/guest/bytecode_canary.js", "codemode:canary", "canary.qjsbc"),
];

fn main() {
  napi_build::setup();
  // The Bash language embeds the just-bash bundle (src/guest/bash/, src/prompt/bash/): it is
  // generated from the pinned npm package, not committed.
  for file in ["vendor/just-bash/just-bash.js", "vendor/just-bash/commands.txt"] {
    if !Path::new(file).exists() {
      panic!("{file} is missing: run `node scripts/bundle-just-bash.mjs` (`npm run build` does) after `npm install`.");
    }
  }
  let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
  compile_prebuilt(&out_dir);
  for file in ["vendor/just-bash/commands.txt"]
    .into_iter()
    .chain(PREBUILT.map(|p| p.0))
  {
    println!("cargo:rerun-if-changed={file}");
  }
}

/// Compiles every `PREBUILT` script with the QuickJS that the addon links: the same
/// `rquickjs-sys` package (patched through `[patch.crates-io]`), built for the host. Its bytecode
/// is target-independent (quickjs-ng ships bytecode of its own builtins compiled once for every
/// target); the version this QuickJS reports goes beside it for the run-time check.
fn compile_prebuilt(out_dir: &Path) {
  // SAFETY: a runtime and context of our own, used on this thread only and freed below; every
  // value is freed, and each buffer from JS_WriteObject is copied before js_free releases it.
  unsafe {
    let rt = qjs::JS_NewRuntime();
    let ctx = qjs::JS_NewContext(rt);
    assert!(!ctx.is_null(), "QuickJS could not create a context");
    for (file, name, out) in PREBUILT {
      let source = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{file}: {e}"));
      let src = CString::new(source.as_str()).expect("no NUL in a trusted script");
      let cname = CString::new(name).expect("no NUL in a name");
      // The flags of `guest::bytecode::compile`: a global script, without its source text.
      let flags = (qjs::JS_EVAL_TYPE_GLOBAL | qjs::JS_EVAL_FLAG_COMPILE_ONLY) as i32;
      let func = qjs::JS_Eval(ctx, src.as_ptr(), source.len() as _, cname.as_ptr(), flags);
      if qjs::JS_IsException(func) {
        let err = qjs::JS_GetException(ctx);
        let msg = qjs::JS_ToCStringLen2(ctx, std::ptr::null_mut(), err, false);
        panic!("{file} does not compile: {:?}", CStr::from_ptr(msg));
      }
      let mut len: qjs::size_t = 0;
      let flags = (qjs::JS_WRITE_OBJ_BYTECODE | qjs::JS_WRITE_OBJ_STRIP_SOURCE) as i32;
      let buf = qjs::JS_WriteObject(ctx, &mut len, func, flags);
      assert!(!buf.is_null(), "{file}: QuickJS could not write its bytecode");
      let bytes = std::slice::from_raw_parts(buf, len as usize).to_vec();
      qjs::js_free(ctx, buf.cast());
      qjs::JS_FreeValue(ctx, func);
      write_if_changed(&out_dir.join(out), &bytes);
    }
    let version = CStr::from_ptr(qjs::JS_GetVersion()).to_bytes().to_vec();
    write_if_changed(&out_dir.join("quickjs-version.txt"), &version);
    qjs::JS_FreeContext(ctx);
    qjs::JS_FreeRuntime(rt);
  }
}

/// Unchanged output keeps its mtime, so the crate is not rebuilt for nothing.
fn write_if_changed(path: &Path, bytes: &[u8]) {
  if std::fs::read(path).ok().as_deref() != Some(bytes) {
    std::fs::write(path, bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
  }
}
