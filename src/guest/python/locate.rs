//! Where the Python worker executable is: `QUICKJS_CODEMODE_PYTHON_WORKER` if set, else
//! beside the loaded addon (`quickjs-codemode.<platform>.node`), which is where `npm run
//! build` puts it and where each platform package ships it.

use std::path::PathBuf;

/// The worker's file name.
pub const WORKER_FILE: &str = if cfg!(windows) {
  "quickjs-codemode-python.exe"
} else {
  "quickjs-codemode-python"
};

/// The environment variable that overrides where the worker is.
pub const WORKER_ENV: &str = "QUICKJS_CODEMODE_PYTHON_WORKER";

/// The worker's path, or the message saying where it was looked for.
pub fn worker_path() -> Result<PathBuf, String> {
  if let Some(path) = std::env::var_os(WORKER_ENV).filter(|p| !p.is_empty()) {
    let path = PathBuf::from(path);
    return if path.is_file() {
      Ok(path)
    } else {
      Err(format!(
        "{WORKER_ENV} is {}, which is not a file.",
        path.display()
      ))
    };
  }
  let Some(dir) = addon_dir() else {
    return Err(format!(
      "The Python worker ({WORKER_FILE}) cannot be located on this platform; set {WORKER_ENV} to its path."
    ));
  };
  let path = dir.join(WORKER_FILE);
  if path.is_file() {
    Ok(path)
  } else {
    Err(format!(
      "The Python worker ({WORKER_FILE}) is not beside the addon in {}; its platform package ships it there (locally: npm run build).",
      dir.display()
    ))
  }
}

/// The directory of the shared library this code is in (the `.node` file).
#[cfg(unix)]
fn addon_dir() -> Option<PathBuf> {
  // SAFETY: Dl_info is plain data (pointers and integers); all zeroes is a valid value.
  let mut info: libc::Dl_info = unsafe { std::mem::zeroed() };
  let here = addon_dir as *const libc::c_void;
  // SAFETY: dladdr only reads the address and fills `info`; dli_fname points into the
  // loader's tables, valid while the library stays loaded (for the process's lifetime).
  let found = unsafe { libc::dladdr(here, &mut info) };
  if found == 0 || info.dli_fname.is_null() {
    return None;
  }
  // SAFETY: dli_fname is a NUL-terminated path owned by the loader (checked non-null above).
  let name = unsafe { std::ffi::CStr::from_ptr(info.dli_fname) };
  let path = PathBuf::from(std::ffi::OsStr::from_bytes(name.to_bytes()));
  let path = std::fs::canonicalize(&path).unwrap_or(path);
  path.parent().map(PathBuf::from)
}

#[cfg(unix)]
use std::os::unix::ffi::OsStrExt;

/// The directory of the DLL this code is in (the `.node` file).
#[cfg(windows)]
fn addon_dir() -> Option<PathBuf> {
  use std::ffi::{c_void, OsString};
  use std::os::windows::ffi::OsStringExt;
  extern "system" {
    fn GetModuleHandleExW(flags: u32, name: *const u16, module: *mut *mut c_void) -> i32;
    fn GetModuleFileNameW(module: *mut c_void, filename: *mut u16, size: u32) -> u32;
  }
  const FROM_ADDRESS: u32 = 0x4;
  const UNCHANGED_REFCOUNT: u32 = 0x2;
  let mut module = std::ptr::null_mut();
  let here = addon_dir as *const u16;
  // SAFETY: with FROM_ADDRESS the "name" is an address inside this module; the handle is not
  // reference counted (UNCHANGED_REFCOUNT), and the buffer is as long as we say.
  if unsafe { GetModuleHandleExW(FROM_ADDRESS | UNCHANGED_REFCOUNT, here, &mut module) } == 0 {
    return None;
  }
  let mut buf = vec![0u16; 32_768];
  // SAFETY: `module` is this DLL's handle and the buffer holds `buf.len()` UTF-16 units.
  let n = unsafe { GetModuleFileNameW(module, buf.as_mut_ptr(), buf.len() as u32) } as usize;
  if n == 0 {
    return None;
  }
  PathBuf::from(OsString::from_wide(&buf[..n]))
    .parent()
    .map(PathBuf::from)
}

#[cfg(not(any(unix, windows)))]
fn addon_dir() -> Option<PathBuf> {
  None
}
