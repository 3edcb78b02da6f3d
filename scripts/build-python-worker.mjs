// `node scripts/build-python-worker.mjs [--release]`: builds the Python worker
// (python-worker/, monty in a process of its own) and puts it beside the addon at the package
// root, where the addon looks for it (`src/guest/python/locate.rs`). `npm run build` runs it
// before `napi build`, so that `npm run build -- --target <triple>` still hands its arguments to
// napi; the worker is built for the host (the release workflow builds each platform on its own
// runner; `scripts/build-platforms.mjs` cross-builds the Linux ones itself).
import { execFileSync } from 'node:child_process'
import { copyFileSync, chmodSync, renameSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const release = process.argv.includes('--release')
const file = process.platform === 'win32' ? 'quickjs-codemode-python.exe' : 'quickjs-codemode-python'
const started = Date.now()
execFileSync('cargo', ['build', '-p', 'quickjs-codemode-python', ...(release ? ['--release'] : [])], { cwd: ROOT, stdio: 'inherit' })
const built = path.join(ROOT, 'target', release ? 'release' : 'debug', file)
const beside = path.join(ROOT, file)
// Copied, then renamed over the old one: a worker still running from it keeps its file.
copyFileSync(built, `${beside}.tmp`)
chmodSync(`${beside}.tmp`, 0o755)
renameSync(`${beside}.tmp`, beside)
console.log(`python worker: ${path.relative(ROOT, beside)} (${((Date.now() - started) / 1000).toFixed(1)} s)`)
