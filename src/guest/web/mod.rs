//! Web platform globals for the guest (DESIGN §4): installed on every fresh context before the
//! bootstrap, which then freezes them with the other intrinsics.

use rquickjs::Ctx;

/// Defines the web globals on `ctx`'s global object.
pub fn install(_ctx: &Ctx<'_>) -> rquickjs::Result<()> {
  Ok(())
}
