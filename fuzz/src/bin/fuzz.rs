//! Runs fuzz targets in a bounded loop on stable Rust.
//!
//! ```text
//! fuzz [TARGET|all] [--seconds T] [--iterations N] [--seed S] [--replay]
//!      [--stuck-builtins] [--slow-ms M] [--hang-seconds H] [--file PATH]... [--dump N]
//! ```
//!
//! Inputs come from the seed corpus (`corpus/<target>/`) mutated, and from each target's own
//! generator. A panic is a crasher: its input is saved as `crashers/<target>-<hash>` and the
//! process exits non-zero at the end. An input slower than `--slow-ms` (default 5000) is saved
//! as `crashers/<target>-slow-<hash>`; one still running after `--hang-seconds` (default 60)
//! is saved as `crashers/<target>-hang-<hash>` and ends the process at once. `--replay` runs
//! every corpus file and saved crasher once instead; `--file PATH` (repeatable) replays just
//! those files; `--dump N` prints N generated inputs (NUL-separated) and runs nothing. Without `--seconds` or `--iterations`,
//! each target runs 60 s.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fs::{self, File};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::Write;
use std::os::unix::fs::FileExt;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use quickjs_codemode_fuzz::entropy::{Entropy, Rng};
use quickjs_codemode_fuzz::mutate::mutate;
use quickjs_codemode_fuzz::{save_finding, targets, Target};

const DIR: &str = env!("CARGO_MANIFEST_DIR");
/// Crashers kept per target and distinct failure (the rest are counted only).
const KEEP_PER_FAILURE: usize = 3;
/// Generated inputs kept for further mutation.
const RECENT: usize = 256;

struct Options {
  target: String,
  seconds: Option<f64>,
  iterations: Option<u64>,
  seed: u64,
  replay: bool,
  files: Vec<PathBuf>,
  dump: Option<u64>,
  slow: Duration,
  hang: Duration,
}

thread_local! {
  static LAST_PANIC: RefCell<String> = const { RefCell::new(String::new()) };
}

/// The input being run, for the hang watchdog: target index and start (ms since `epoch`; 0 = idle).
static CURRENT_TARGET: AtomicUsize = AtomicUsize::new(0);
static CURRENT_START: AtomicU64 = AtomicU64::new(0);
/// Panics seen by the hook, including those the code under test caught itself (oxc's, which the
/// source step turns into a syntax error; the engine's, which become `INTERNAL_ERROR`).
static PANICS_SEEN: AtomicU64 = AtomicU64::new(0);
static LAST_CAUGHT: Mutex<String> = Mutex::new(String::new());

fn epoch() -> Instant {
  static EPOCH: OnceLock<Instant> = OnceLock::new();
  *EPOCH.get_or_init(Instant::now)
}

fn main() -> ExitCode {
  let options = match parse_args() {
    Ok(o) => o,
    Err(why) => {
      eprintln!("{why}");
      return ExitCode::from(2);
    }
  };
  let all = targets();
  let chosen: Vec<usize> = all
    .iter()
    .enumerate()
    .filter(|(_, t)| options.target == "all" || options.target == t.name)
    .map(|(i, _)| i)
    .collect();
  if chosen.is_empty() {
    let names: Vec<&str> = all.iter().map(|t| t.name).collect();
    eprintln!(
      "no target {:?}; targets: all, {}",
      options.target,
      names.join(", ")
    );
    return ExitCode::from(2);
  }
  if let Some(n) = options.dump {
    let mut rng = Rng::new(options.seed);
    for i in chosen {
      for _ in 0..n {
        let input = (all[i].generate)(&mut rng);
        let mut out = std::io::stdout().lock();
        let _ = out.write_all(&input).and_then(|_| out.write_all(b"\0"));
      }
    }
    return ExitCode::SUCCESS;
  }
  install_panic_hook();
  let _ = fs::create_dir_all(Path::new(DIR).join("crashers"));
  start_hang_watchdog(options.hang);

  let mut failed = false;
  for i in chosen {
    let target = &all[i];
    CURRENT_TARGET.store(i, Ordering::SeqCst);
    let summary = if options.replay {
      replay(target, &options.files, options.slow)
    } else {
      fuzz(target, &options)
    };
    failed |= summary.failures > 0;
    println!("{}", summary.line(target));
  }
  if failed {
    ExitCode::FAILURE
  } else {
    ExitCode::SUCCESS
  }
}

fn parse_args() -> Result<Options, String> {
  let mut o = Options {
    target: "all".into(),
    seconds: None,
    iterations: None,
    seed: SystemTime::now()
      .duration_since(UNIX_EPOCH)
      .map_or(1, |d| d.as_nanos() as u64),
    replay: false,
    files: Vec::new(),
    dump: None,
    slow: Duration::from_millis(5000),
    hang: Duration::from_secs(60),
  };
  let mut args = std::env::args().skip(1);
  let number = |flag: &str, v: Option<String>| -> Result<f64, String> {
    v.as_deref()
      .and_then(|v| v.parse::<f64>().ok())
      .filter(|v| v.is_finite() && *v >= 0.0)
      .ok_or_else(|| format!("{flag} needs a number"))
  };
  while let Some(arg) = args.next() {
    match arg.as_str() {
      "--seconds" => o.seconds = Some(number("--seconds", args.next())?),
      "--iterations" => o.iterations = Some(number("--iterations", args.next())? as u64),
      "--seed" => o.seed = number("--seed", args.next())? as u64,
      "--slow-ms" => o.slow = Duration::from_millis(number("--slow-ms", args.next())? as u64),
      "--hang-seconds" => o.hang = Duration::from_secs_f64(number("--hang-seconds", args.next())?),
      "--replay" => o.replay = true,
      "--dump" => o.dump = Some(number("--dump", args.next())? as u64),
      "--file" => {
        o.files.push(args.next().ok_or("--file needs a path")?.into());
        o.replay = true;
      }
      "--stuck-builtins" => targets::runs::allow_stuck_builtins(true),
      "-h" | "--help" => return Err(usage()),
      s if !s.starts_with('-') => o.target = s.to_string(),
      s => return Err(format!("unknown option {s}\n{}", usage())),
    }
  }
  if o.seconds.is_none() && o.iterations.is_none() {
    o.seconds = Some(60.0);
  }
  Ok(o)
}

fn usage() -> String {
  "usage: fuzz [TARGET|all] [--seconds T] [--iterations N] [--seed S] [--replay] [--stuck-builtins] \
   [--slow-ms M] [--hang-seconds H] [--file PATH]... [--dump N]"
    .into()
}

#[derive(Default)]
struct Summary {
  mode: &'static str,
  seed: u64,
  iterations: u64,
  elapsed: Duration,
  slowest: Duration,
  failures: u64,
  /// Distinct failures (by panic location and first line) and how often each happened.
  distinct: BTreeMap<String, u64>,
  /// Panics the code under test caught and turned into an answer (not failures; listed).
  caught: BTreeMap<String, u64>,
}

impl Summary {
  fn line(&self, target: &Target) -> String {
    let mut s = format!(
      "target={} mode={} seed={} iterations={} seconds={:.1} slowest_ms={:.1} crashes={} distinct={} {}",
      target.name,
      self.mode,
      self.seed,
      self.iterations,
      self.elapsed.as_secs_f64(),
      self.slowest.as_secs_f64() * 1000.0,
      self.failures,
      self.distinct.len(),
      (target.stats)()
    );
    for (what, n) in &self.distinct {
      s.push_str(&format!("\n  {n}x {what}"));
    }
    for (what, n) in &self.caught {
      s.push_str(&format!("\n  caught inside, {n}x: {what}"));
    }
    s
  }
}

fn fuzz(target: &Target, o: &Options) -> Summary {
  let mut h = DefaultHasher::new();
  target.name.hash(&mut h);
  let mut rng = Rng::new(o.seed ^ h.finish());
  let seeds: Vec<Vec<u8>> = corpus(target).into_iter().map(|(_, bytes)| bytes).collect();
  let mut recent: Vec<Vec<u8>> = Vec::new();
  let mut summary = Summary {
    mode: "fuzz",
    seed: o.seed,
    ..Summary::default()
  };
  let in_flight = InFlight::open(target);
  let started = Instant::now();
  let mut next_progress = Duration::from_secs(15);
  loop {
    let elapsed = started.elapsed();
    if o.seconds.is_some_and(|s| elapsed.as_secs_f64() >= s)
      || o.iterations.is_some_and(|n| summary.iterations >= n)
    {
      break;
    }
    if elapsed >= next_progress {
      eprintln!(
        "[{}] {:.0} s, {} iterations, {} crashes",
        target.name,
        elapsed.as_secs_f64(),
        summary.iterations,
        summary.failures
      );
      next_progress += Duration::from_secs(15);
    }
    let input = if seeds.is_empty() || rng.below(100) < target.fresh_percent {
      let fresh = (target.generate)(&mut rng);
      if recent.len() < RECENT {
        recent.push(fresh.clone());
      } else {
        let slot = rng.below(RECENT);
        recent[slot] = fresh.clone();
      }
      fresh
    } else {
      let base = pick(&mut rng, &seeds, &recent);
      let other = pick(&mut rng, &seeds, &recent);
      mutate(&mut rng, base, other, target.dict, target.max_len)
    };
    in_flight.set(&input);
    execute(target, &input, o.slow, &mut summary);
  }
  in_flight.clear();
  summary.elapsed = started.elapsed();
  summary
}

fn pick<'a>(rng: &mut Rng, seeds: &'a [Vec<u8>], recent: &'a [Vec<u8>]) -> &'a [u8] {
  if recent.is_empty() || rng.chance(1, 2) {
    seeds[rng.below(seeds.len())].as_slice()
  } else {
    recent[rng.below(recent.len())].as_slice()
  }
}

fn replay(target: &Target, only: &[PathBuf], slow: Duration) -> Summary {
  let mut summary = Summary {
    mode: "replay",
    ..Summary::default()
  };
  let started = Instant::now();
  let files = if only.is_empty() {
    let mut files = corpus(target);
    files.extend(saved_crashers(target));
    files
  } else {
    only
      .iter()
      .map(|p| {
        (
          p.clone(),
          fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display())),
        )
      })
      .collect()
  };
  for (path, input) in files {
    let before = summary.failures;
    execute(target, &input, slow, &mut summary);
    if summary.failures > before {
      eprintln!("[{}] replay failed: {}", target.name, relative(&path));
    }
  }
  summary.elapsed = started.elapsed();
  summary
}

/// Runs one input, recording a crash or a slow run.
fn execute(target: &Target, input: &[u8], slow: Duration, summary: &mut Summary) {
  let panics_before = PANICS_SEEN.load(Ordering::SeqCst);
  let start = Instant::now();
  CURRENT_START.store((start - epoch()).as_millis() as u64 + 1, Ordering::SeqCst);
  let result = panic::catch_unwind(AssertUnwindSafe(|| (target.run)(input)));
  let took = start.elapsed();
  CURRENT_START.store(0, Ordering::SeqCst);
  summary.iterations += 1;
  summary.slowest = summary.slowest.max(took);
  if result.is_ok() && PANICS_SEEN.load(Ordering::SeqCst) != panics_before {
    let message = LAST_CAUGHT.lock().unwrap_or_else(|e| e.into_inner()).clone();
    *summary.caught.entry(failure_key(&message)).or_default() += 1;
  }
  let failure = match result {
    Err(_) => Some((String::new(), LAST_PANIC.with(|p| p.borrow().clone()))),
    Ok(()) if took > slow => Some((
      "slow-".to_string(),
      format!("slow: {took:?} for {} bytes", input.len()),
    )),
    Ok(()) => None,
  };
  let Some((kind, message)) = failure else {
    return;
  };
  summary.failures += 1;
  let key = failure_key(&message);
  let seen = summary.distinct.entry(key).or_default();
  *seen += 1;
  if *seen as usize <= KEEP_PER_FAILURE {
    let path = save_crasher(target, &kind, input);
    eprintln!(
      "[{}] CRASH saved as {}\n{}\n",
      target.name,
      relative(&path),
      truncate(&message, 2000)
    );
  }
}

/// Groups failures: the panic's location and the first line of its message, without numbers.
fn failure_key(message: &str) -> String {
  let first = message.lines().next().unwrap_or("");
  let first: String = first.chars().filter(|c| !c.is_ascii_digit()).take(160).collect();
  first
}

fn truncate(s: &str, n: usize) -> &str {
  match s.char_indices().nth(n) {
    Some((i, _)) => &s[..i],
    None => s,
  }
}

fn save_crasher(target: &Target, kind: &str, input: &[u8]) -> PathBuf {
  let kind = kind.trim_end_matches('-');
  if kind.is_empty() {
    save_finding(target.name, input)
  } else {
    save_finding(&format!("{}-{kind}", target.name), input)
  }
}

fn relative(path: &Path) -> String {
  path.strip_prefix(DIR).map_or_else(
    |_| path.display().to_string(),
    |p| format!("fuzz/{}", p.display()),
  )
}

/// The files of `corpus/<target>/`, sorted by name.
fn corpus(target: &Target) -> Vec<(PathBuf, Vec<u8>)> {
  files_in(&Path::new(DIR).join("corpus").join(target.name), |_| true)
}

fn saved_crashers(target: &Target) -> Vec<(PathBuf, Vec<u8>)> {
  let prefix = format!("{}-", target.name);
  files_in(&Path::new(DIR).join("crashers"), |name| name.starts_with(&prefix))
}

fn files_in(dir: &Path, keep: impl Fn(&str) -> bool) -> Vec<(PathBuf, Vec<u8>)> {
  let mut paths: Vec<PathBuf> = fs::read_dir(dir)
    .into_iter()
    .flatten()
    .flatten()
    .map(|e| e.path())
    .filter(|p| p.is_file() && p.file_name().and_then(|n| n.to_str()).is_some_and(&keep))
    .collect();
  paths.sort();
  paths
    .into_iter()
    .filter_map(|p| fs::read(&p).ok().map(|bytes| (p, bytes)))
    .collect()
}

/// The input being run, kept on disk (`crashers/.in-flight-<target>`) so that a process that
/// dies outright (a segfault, an abort) leaves it behind.
struct InFlight(Option<(File, PathBuf)>);

impl InFlight {
  fn open(target: &Target) -> InFlight {
    let path = in_flight_path(target);
    InFlight(File::create(&path).ok().map(|f| (f, path)))
  }

  fn set(&self, input: &[u8]) {
    if let Some((file, _)) = &self.0 {
      let _ = file.set_len(0);
      let _ = file.write_all_at(input, 0);
    }
  }

  fn clear(self) {
    if let Some((_, path)) = self.0 {
      let _ = fs::remove_file(path);
    }
  }
}

fn in_flight_path(target: &Target) -> PathBuf {
  Path::new(DIR)
    .join("crashers")
    .join(format!(".in-flight-{}", target.name))
}

fn install_panic_hook() {
  panic::set_hook(Box::new(|info| {
    let message = match info.payload().downcast_ref::<&str>() {
      Some(s) => s.to_string(),
      None => info
        .payload()
        .downcast_ref::<String>()
        .cloned()
        .unwrap_or_else(|| "(a panic without a message)".into()),
    };
    let location = info
      .location()
      .map_or(String::new(), |l| format!("{}:{}", l.file(), l.line()));
    let thread = std::thread::current();
    let text = format!(
      "panicked at {location} (thread {}): {message}",
      thread.name().unwrap_or("?")
    );
    PANICS_SEEN.fetch_add(1, Ordering::SeqCst);
    *LAST_CAUGHT.lock().unwrap_or_else(|e| e.into_inner()) = text.clone();
    if thread.name() == Some("main") {
      LAST_PANIC.with(|p| *p.borrow_mut() = text);
    }
  }));
}

/// Ends the process if one input runs longer than `limit`, saving it as a hang.
fn start_hang_watchdog(limit: Duration) {
  let _ = epoch();
  std::thread::spawn(move || loop {
    std::thread::sleep(Duration::from_millis(250));
    let start = CURRENT_START.load(Ordering::SeqCst);
    if start == 0 {
      continue;
    }
    let now = (Instant::now() - epoch()).as_millis() as u64 + 1;
    if now.saturating_sub(start) < limit.as_millis() as u64 {
      continue;
    }
    let all = targets();
    let target = &all[CURRENT_TARGET.load(Ordering::SeqCst)];
    let input = fs::read(in_flight_path(target)).unwrap_or_default();
    let path = save_crasher(target, "hang-", &input);
    println!(
      "target={} HANG: one input ran over {limit:?}; saved as {}",
      target.name,
      relative(&path)
    );
    std::process::exit(3);
  });
}
