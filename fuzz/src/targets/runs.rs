//! Whole runs: random programs from a small grammar (loops, try/catch, promises, tool calls,
//! recursion, string/array builtins with random sizes, throws of odd values, timers) under
//! `timeoutMs: 200` and small limits. Every run must settle within its timeout + 1 s (the
//! watchdog's promise; the worst overrun is reported), end `ok` or with a known error code
//! (never `INTERNAL_ERROR`), and leave the process alive.
//!
//! An input is the program's text; the limits are chosen from a hash of it.

use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use quickjs_codemode::engine::watchdog::{self, MAX_QUARANTINED};
use quickjs_codemode::error::ErrorCode;
use quickjs_codemode::limits::Limits;

use crate::entropy::{Entropy, Rng};
use crate::{sandbox, Target};

pub const TARGET: Target = Target {
  name: "runs",
  run,
  generate,
  dict: DICT,
  max_len: 16 << 10,
  fresh_percent: 80,
  stats,
};

const TIMEOUT_MS: u64 = 200;
/// How far past its timeout a run may settle.
const MARGIN: Duration = Duration::from_secs(1);

static WORST_OVERRUN_US: AtomicU64 = AtomicU64::new(0);
static ABANDONED: AtomicU64 = AtomicU64::new(0);
static OUTCOMES: Mutex<BTreeMap<&'static str, u64>> = Mutex::new(BTreeMap::new());
static STUCK: AtomicBool = AtomicBool::new(false);
/// Programs whose thread the watchdog abandoned, saved to `crashers/runs-abandoned-<hash>`.
const KEEP_ABANDONED: u64 = 20;

/// Lets the generator write the builtins known to ignore the deadline (`reverse` on
/// `{ length: 2 ** 53 - 1 }`...). Off by default: until QuickJS is patched each one leaves a
/// quarantined thread spinning until the process exits.
pub fn allow_stuck_builtins(allow: bool) {
  STUCK.store(allow, Ordering::Relaxed);
}

fn run(input: &[u8]) {
  let code = crate::text(input);
  let limits = limits_for(input);
  let (finished, took) = sandbox::run(&code, limits, limits.timeout() + Duration::from_secs(10));
  let f =
    finished.unwrap_or_else(|| panic!("the run did not settle within {took:?} (timeout {TIMEOUT_MS} ms)"));
  let overrun = took.saturating_sub(limits.timeout());
  WORST_OVERRUN_US.fetch_max(overrun.as_micros() as u64, Ordering::Relaxed);
  let report = &f.report;
  if report.warnings.iter().any(|w| w.contains("abandoned")) {
    // Not a failure (the run settled in time), but the program is worth keeping: it found a
    // loop that does not check the deadline.
    if ABANDONED.fetch_add(1, Ordering::Relaxed) < KEEP_ABANDONED {
      crate::save_finding("runs-abandoned", input);
    }
  }
  let outcome = report.error.as_ref().map_or("ok", |e| e.code.as_str());
  *OUTCOMES
    .lock()
    .unwrap_or_else(|e| e.into_inner())
    .entry(outcome)
    .or_default() += 1;
  if let Some(e) = &report.error {
    assert!(
      e.code != ErrorCode::InternalError,
      "INTERNAL_ERROR: {} (hint: {})",
      e.message,
      e.hint
    );
    if e.code == ErrorCode::EngineExhausted {
      // Too many abandoned threads at once; wait for the slow ones to come back.
      let since = Instant::now();
      while watchdog::quarantined() >= MAX_QUARANTINED - 1 && since.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(50));
      }
    }
  }
  assert!(
    took <= limits.timeout() + MARGIN,
    "the run settled {took:?} after it started, over its {TIMEOUT_MS} ms limit + {MARGIN:?}"
  );
}

/// Small limits picked by the program's hash, so a crasher replays with the same ones.
fn limits_for(input: &[u8]) -> Limits {
  let mut h = DefaultHasher::new();
  input.hash(&mut h);
  let mut e = Rng::new(h.finish());
  Limits {
    timeout_ms: TIMEOUT_MS,
    memory_limit_bytes: e.pick(&[1, 2, 4, 8, 16, 32]) << 20,
    max_stack_bytes: e.pick(&[16 << 10, 64 << 10, 256 << 10, 1 << 20]),
    max_tool_calls: e.pick(&[0, 3, 100, 1000]),
    max_concurrent_tool_calls: e.pick(&[1, 4, 32]),
    max_log_bytes: e.pick(&[0, 100, 64 << 10]),
    max_result_bytes: e.pick(&[16, 1 << 10, 1 << 20]),
    max_recorded_bytes: e.pick(&[0, 1 << 10, 1 << 20]),
    max_tool_output_bytes: e.pick(&[64, 4 << 20]),
    ..Limits::default()
  }
}

fn stats() -> String {
  let outcomes = OUTCOMES.lock().unwrap_or_else(|e| e.into_inner());
  let outcomes: Vec<String> = outcomes.iter().map(|(k, v)| format!("{k}:{v}")).collect();
  format!(
    "worst_overrun_ms={:.1} abandoned={} quarantined_now={} outcomes={}",
    WORST_OVERRUN_US.load(Ordering::Relaxed) as f64 / 1000.0,
    ABANDONED.load(Ordering::Relaxed),
    watchdog::quarantined(),
    outcomes.join(",")
  )
}

const DICT: &[&str] = &[
  "await ",
  "return ",
  "for (;;) {}",
  "while (1) {}",
  "try {",
  "} catch (e) {",
  "} finally {",
  "throw ",
  "tools.echo(",
  "tools.slow(",
  "tools.never({})",
  "tools.fail({})",
  "tools.big({ n: 1e6 })",
  "setTimeout(",
  "setInterval(",
  "queueMicrotask(",
  "Promise.reject(",
  "new Promise(",
  ".then(",
  ".catch(",
  "console.log(",
  "'x'.repeat(1e6)",
  "new Array(1e6)",
  ".sort()",
  ".reverse()",
  ".join()",
  "JSON.stringify(",
  "Symbol()",
  "1n",
  "2n ** 100000n",
  "undefined",
  "null",
  "{}",
  "[]",
  "=>",
  "(",
  ")",
  "{",
  "}",
  ";",
  "\n",
];

fn generate(rng: &mut Rng) -> Vec<u8> {
  let mut g = Gen {
    e: rng,
    stuck: STUCK.load(Ordering::Relaxed) && watchdog::quarantined() < 2,
    vars: 0,
  };
  let mut out = String::new();
  for _ in 0..g.e.range(1, 6) {
    out.push_str(&g.statement(2));
    out.push('\n');
  }
  if g.e.chance(3, 4) {
    out.push_str(&format!("return {}\n", g.expr(2)));
  }
  out.into_bytes()
}

struct Gen<'a> {
  e: &'a mut Rng,
  stuck: bool,
  /// Variables declared so far (`v1`, `v2`...), so no name is declared twice.
  vars: usize,
}

impl Gen<'_> {
  fn size(&mut self) -> String {
    match self.e.below(20) {
      0..=9 => self.e.below(10).to_string(),
      10..=15 => self.e.range(100, 10_000).to_string(),
      16..=18 => self.e.pick(&["1e5", "1e6", "4e6", "1e7", "2 ** 22"]).to_string(),
      _ => self
        .e
        .pick(&["2 ** 31 - 1", "2 ** 32 - 1", "1e9", "-1", "NaN", "Infinity"])
        .to_string(),
    }
  }

  fn ms(&mut self) -> &'static str {
    self.e.pick(&["0", "1", "5", "50", "150", "199", "250", "1000"])
  }

  fn odd(&mut self) -> String {
    let s = self.size();
    match self.e.below(14) {
      0 => "undefined".into(),
      1 => "null".into(),
      2 => "1n".into(),
      3 => "Symbol('s')".into(),
      4 => "{ toString() { throw 1 } }".into(),
      5 => "new Proxy({}, { get() { throw 2 } })".into(),
      6 => "Object.create(null)".into(),
      7 => "(function () {})".into(),
      8 => "Object.assign(new Error('m'), { get message() { throw 3 } })".into(),
      9 => format!("new Error('x'.repeat({s}))"),
      10 => "{ name: {}, message: [] }".into(),
      11 => "Promise.reject(1)".into(),
      12 => "new Proxy(new Error('p'), { getPrototypeOf() { throw 4 } })".into(),
      _ => format!(
        "new TypeError('t', {{ cause: {} }})",
        self.e.pick(&["1", "undefined", "new Error('c')"])
      ),
    }
  }

  fn array(&mut self, depth: usize) -> String {
    let s = self.size();
    match self.e.below(6) {
      0 => "[1, 2, 3]".into(),
      1 => format!("new Array({s}).fill({})", self.expr(depth)),
      2 => format!("Array.from({{ length: {s} }}, (_, i) => i)"),
      3 => format!("'ab,c'.repeat({s}).split(',')"),
      4 if self.stuck => "Array.prototype.slice.call({ length: 2 ** 53 - 1 })".into(),
      _ => format!("[{}, {}]", self.expr(depth), self.expr(depth)),
    }
  }

  fn string(&mut self) -> String {
    let s = self.size();
    match self.e.below(4) {
      0 => "'abc'".into(),
      1 => format!("'ab'.repeat({s})"),
      2 => format!("String({s})"),
      _ => "`t${1 + 1}\\u2028é🎉`".into(),
    }
  }

  fn expr(&mut self, depth: usize) -> String {
    if depth == 0 {
      return match self.e.below(5) {
        0 => self.size(),
        1 => self.string(),
        2 => "undefined".into(),
        3 => "{ a: [1, 'b', null] }".into(),
        _ => "i".into(),
      };
    }
    let d = depth - 1;
    let s = self.size();
    match self.e.below(36) {
      0 => self.size(),
      1 => self.string(),
      2 => self.array(d),
      3 => format!("{{ a: {}, b: {} }}", self.expr(d), self.expr(d)),
      4 => format!("await tools.echo({})", self.expr(d)),
      5 => format!("await tools.slow({})", self.expr(d)),
      6 => "await tools.fail({}).catch((e) => e.code)".into(),
      7 => "tools.never({})".into(),
      8 => "await tools.bad({}).catch((e) => String(e))".into(),
      9 => format!("await tools.big({{ n: {s} }})"),
      10 => format!("JSON.stringify({})", self.expr(d)),
      11 => format!("JSON.parse(JSON.stringify({}) ?? 'null')", self.expr(d)),
      12 => format!("String({}).length", self.expr(d)),
      13 => format!("await Promise.all([{}, {}])", self.expr(d), self.expr(d)),
      14 => format!("await Promise.race([{}, tools.never({{}})])", self.expr(d)),
      15 => format!(
        "await Promise.allSettled([{}, Promise.reject({})])",
        self.expr(d),
        self.odd()
      ),
      16 => format!(
        "await new Promise((r) => setTimeout(async () => r({}), {}))",
        self.expr(d),
        self.ms()
      ),
      17 => format!("(function f(n) {{ return n <= 0 ? 0 : 1 + f(n - 1) }})({s})"),
      18 => format!("await (async function g(n) {{ return n <= 0 ? 0 : 1 + await g(n - 1) }})({s})"),
      19 => format!("String(2n ** BigInt(Math.min({s}, 1e6) | 0)).length"),
      20 => format!("{}.sort((a, b) => b - a).length", self.array(d)),
      21 => format!("{}.reverse()[0]", self.array(d)),
      22 => format!("{}.join('-').length", self.array(d)),
      23 => format!("{}.map((x) => [x]).flat(Infinity).length", self.array(d)),
      24 => format!("{}.indexOf('zz')", self.string()),
      25 => format!("{}.replaceAll('a', 'bb').length", self.string()),
      26 => format!("{}.padStart({s}).length", self.string()),
      27 => format!("{}.concat({}).slice(1).length", self.array(d), self.array(d)),
      28 => self.odd(),
      29 => "(() => { const o = {}; o.o = o; return o })()".into(),
      30 => "{ get x() { throw new Error('getter') } }".into(),
      31 => "{ toJSON() { return tools.echo(1) } }".into(),
      32 => "() => 1".into(),
      33 if self.stuck => self
        .e
        .pick(&[
          "Array.prototype.reverse.call({ length: 2 ** 53 - 1 })",
          "Array.prototype.copyWithin.call({ length: 2 ** 53 - 1 }, 0, 1)",
          "String.raw({ raw: { length: 2 ** 32 - 1 } })",
          "new Array(2 ** 32 - 1).join()",
        ])
        .to_string(),
      34 => format!("(await null, {})", self.expr(d)),
      _ => format!(
        "(await (async () => {{ try {{ return {} }} catch (e) {{ return e }} }})())",
        self.expr(d)
      ),
    }
  }

  fn statement(&mut self, depth: usize) -> String {
    let d = depth.saturating_sub(1);
    let s = self.size();
    match self.e.below(if depth == 0 { 4 } else { 18 }) {
      0 => {
        self.vars += 1;
        let name = format!("v{}", self.vars);
        format!("const {name} = {};", self.expr(depth))
      }
      1 => format!("console.log({});", self.expr(depth)),
      2 => "console.log();".into(),
      3 => format!("({});", self.expr(depth)),
      4 => format!("for (let i = 0; i < {s}; i++) {{ {} }}", self.statement(d)),
      5 => format!("{{ let k = 0; while (k++ < {s}) {{ {} }} }}", self.statement(d)),
      6 => format!(
        "try {{ {} }} catch (e) {{ {} }} finally {{ {} }}",
        self.statement(d),
        self.statement(d),
        self.statement(d)
      ),
      7 => format!("throw {};", self.odd()),
      8 => format!("setTimeout(async () => {{ {} }}, {});", self.statement(d), self.ms()),
      9 => format!(
        "{{ const t = setInterval(async () => {{ {} }}, {}); setTimeout(() => clearInterval(t), {}); }}",
        self.statement(d),
        self.ms(),
        self.ms()
      ),
      10 => format!("setTimeout(() => {{ throw {} }}, 0);", self.odd()),
      11 => format!("Promise.reject({});", self.odd()),
      12 => format!("queueMicrotask(async () => {{ {} }});", self.statement(d)),
      13 => "await null;".into(),
      14 => self.e.pick(&["for (;;) {}", "while (true) { await null }", "for (;;) { try { for (;;) {} } catch {} }"]).to_string(),
      // Memory pressure caught and retried: until QuickJS polls the deadline inside `fill`, most
      // of these leave a thread spinning after the watchdog abandons the run, so keep it rare.
      15 if self.e.chance(1, 5) => format!(
        "{{ const keep = []; for (let i = 0; i < {s}; i++) {{ try {{ keep.push(new Array(1e5).fill(i)) }} catch {{ keep.length = 0 }} }} }}"
      ),
      15 => {
        self.vars += 1;
        let name = format!("v{}", self.vars);
        format!("const {name} = structuredClone({});", self.expr(d))
      }
      16 => format!("for (const x of {}) {{ {} }}", self.array(d), self.statement(d)),
      _ => format!("console.error({}, {});", self.expr(d), self.odd()),
    }
  }
}
