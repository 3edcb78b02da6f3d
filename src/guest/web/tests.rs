//! The web globals on a bare context (no bootstrap): smoke tests of each class and of the host
//! functions' edges. The behaviour is compared with Node's own in `__test__/web-*.spec.mjs`.

use std::time::Instant;

use rquickjs::{Context, Ctx, Runtime};

fn with_web<R>(f: impl FnOnce(&Ctx<'_>) -> R) -> R {
  let rt = Runtime::new().unwrap();
  let ctx = Context::full(&rt).unwrap();
  ctx.with(|ctx| {
    super::install(&ctx).unwrap();
    f(&ctx)
  })
}

fn eval_string(ctx: &Ctx<'_>, code: &str) -> String {
  match ctx.eval::<String, _>(code) {
    Ok(s) => s,
    Err(e) => panic!("{code}\n-> {e:?}: {:?}", ctx.catch()),
  }
}

#[test]
fn url_parses_and_links_search_params() {
  with_web(|ctx| {
    let out = eval_string(
      ctx,
      r#"
      const u = new URL('/a b?x=1&y=%20z#h', 'https://user:pw@EXAMPLE.com:8080/base/')
      u.searchParams.append('k', 'v w');
      [u.href, u.origin, u.host, u.pathname, u.search, u.hash, String(URL.canParse('nope'))].join('|')
      "#,
    );
    assert_eq!(
      out,
      "https://user:pw@example.com:8080/a%20b?x=1&y=+z&k=v+w#h|https://example.com:8080|example.com:8080|/a%20b|?x=1&y=+z&k=v+w|#h|false"
    );
  });
}

#[test]
fn invalid_url_is_a_type_error() {
  with_web(|ctx| {
    let out = eval_string(
      ctx,
      "try { new URL('not a url'); 'no error' } catch (e) { e.name + ': ' + (e instanceof TypeError) }",
    );
    assert_eq!(out, "TypeError: true");
  });
}

#[test]
fn text_encoding_round_trips_and_replaces_bad_bytes() {
  with_web(|ctx| {
    let out = eval_string(
      ctx,
      r#"
      const bytes = new TextEncoder().encode('h\u00e9\ud83d\ude00\ud800')
      const bad = new TextDecoder().decode(new Uint8Array([0x61, 0xff, 0xe2, 0x82]))
      let fatal
      try { new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array([0xff])) } catch (e) { fatal = e.name }
      ;[Array.from(bytes).join(','), JSON.stringify(bad), fatal].join('|')
      "#,
    );
    assert_eq!(
      out,
      "104,195,169,240,159,152,128,239,191,189|\"a\u{fffd}\u{fffd}\"|TypeError"
    );
  });
}

#[test]
fn structured_clone_keeps_cycles_and_refuses_functions() {
  with_web(|ctx| {
    let out = eval_string(
      ctx,
      r#"
      const a = { d: new Date(5), m: new Map([[1, new Set([2])]]), re: /x/gi, buf: new Uint16Array([1, 2]) }
      a.self = a
      const c = structuredClone(a)
      let err
      try { structuredClone({ f() {} }) } catch (e) { err = e.name }
      ;[c.self === c, c !== a, c.d.getTime(), c.m.get(1).has(2), String(c.re), c.buf[1], err].join('|')
      "#,
    );
    assert_eq!(out, "true|true|5|true|/x/gi|2|DataCloneError");
  });
}

#[test]
fn crypto_fills_and_formats_uuids() {
  with_web(|ctx| {
    let out = eval_string(
      ctx,
      r#"
      const a = crypto.getRandomValues(new Uint32Array(64))
      const uuids = new Set(Array.from({ length: 50 }, () => crypto.randomUUID()))
      const ok = Array.from(uuids).every((u) => /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(u))
      ;[a.some((x) => x !== 0), uuids.size, ok].join('|')
      "#,
    );
    assert_eq!(out, "true|50|true");
  });
}

#[test]
fn abort_controller_fires_listeners_once() {
  with_web(|ctx| {
    let out = eval_string(
      ctx,
      r#"
      const c = new AbortController()
      const seen = []
      c.signal.addEventListener('abort', (e) => seen.push(e.type + ':' + e.isTrusted))
      c.signal.onabort = () => seen.push('onabort')
      const any = AbortSignal.any([c.signal])
      any.addEventListener('abort', () => seen.push('any:' + any.reason.name))
      c.abort()
      c.abort()
      seen.push(c.signal.reason.name)
      seen.join(',')
      "#,
    );
    assert_eq!(out, "abort:true,onabort,any:AbortError,AbortError");
  });
}

#[test]
fn a_panic_in_a_host_function_becomes_a_js_exception() {
  with_web(|ctx| {
    let r: rquickjs::Result<()> = super::guarded(ctx, || panic!("boom"));
    assert!(matches!(r, Err(rquickjs::Error::Exception)));
    let thrown = ctx.catch();
    let message: String = thrown.as_object().unwrap().get("message").unwrap();
    assert!(message.contains("internal error"), "{message}");
  });
}

#[test]
fn every_context_of_a_runtime_gets_dom_exception() {
  let rt = Runtime::new().unwrap();
  for _ in 0..3 {
    let ctx = Context::full(&rt).unwrap();
    ctx.with(|ctx| {
      super::install(&ctx).unwrap();
      let out = eval_string(
        &ctx,
        "try { atob('*') } catch (e) { [e instanceof DOMException, e.name].join('|') }",
      );
      assert_eq!(out, "true|InvalidCharacterError");
    });
  }
}

/// Cost per fresh context of the web globals, and of loading each chunk on first use
/// (run with `cargo test --release --lib web::tests::install_cost -- --ignored --nocapture`).
#[test]
#[ignore]
fn install_cost() {
  let rt = Runtime::new().unwrap();
  let n = 2000;
  let time = |install: bool, first_use: &str| {
    let start = Instant::now();
    for _ in 0..n {
      let ctx = Context::full(&rt).unwrap();
      if install {
        ctx.with(|ctx| {
          super::install(&ctx).unwrap();
          if !first_use.is_empty() {
            let _: rquickjs::Value = ctx.eval(first_use).unwrap();
          }
        });
      }
      drop(ctx);
    }
    start.elapsed().as_secs_f64() * 1e6 / n as f64
  };
  time(true, "URL; TextEncoder; AbortSignal; structuredClone; crypto");
  let bare = time(false, "");
  let with = time(true, "");
  println!("context: {bare:.1} µs; web globals add {:.1} µs", with - bare);
  for global in ["AbortSignal", "TextEncoder", "URL", "structuredClone", "crypto"] {
    let loaded = time(true, global);
    println!("first use of {global}: +{:.1} µs", loaded - with);
  }
}
