use std::path::Path;

fn main() {
  napi_build::setup();
  // The Bash language embeds the just-bash bundle (src/guest/bash/, src/prompt/bash/): it is
  // generated from the pinned npm package, not committed.
  for file in ["vendor/just-bash/just-bash.js", "vendor/just-bash/commands.txt"] {
    if !Path::new(file).exists() {
      panic!("{file} is missing: run `node scripts/bundle-just-bash.mjs` (`npm run build` does) after `npm install`.");
    }
    println!("cargo:rerun-if-changed={file}");
  }
}
