// What the CLI specs share: running `quickjs-codemode` as a child process, and starting one of
// its servers and waiting for the line that says where it listens.
import { spawn } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

import { ROOT } from './helpers.mjs'

export const CLI = path.join(ROOT, 'js', 'cli.js')

/** A fresh temporary folder holding `files` ({ name: text }). */
export function dirWith(prefix, files = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), `codemode-${prefix}-`))
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text)
  return dir
}

/** Runs the CLI with `args` (and `stdin`), resolving `{ status, stdout, stderr }`; killed after 30 s. */
export function cli(args, { stdin, cwd = ROOT, env } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, ...env }, stdio: 'pipe' })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d))
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d))
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000)
    child.on('error', reject)
    child.on('close', (status) => {
      clearTimeout(timer)
      resolve({ status, stdout, stderr })
    })
    child.stdin.end(stdin ?? '')
  })
}

/**
 * Starts the CLI with `args` (`serve`, `mcp --http`) and resolves `{ url, child, exited, stderr }`
 * once it prints where it listens. The child is killed when the test ends.
 */
export async function startCli(t, args, { cwd = ROOT, env } = {}) {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  t.after(() => child.kill('SIGKILL'))
  let stderr = ''
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })))
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no listening line: ${stderr}`)), 20_000)
    child.stderr.setEncoding('utf8').on('data', (d) => {
      stderr += d
      const match = /listening on (\S+)/.exec(stderr)
      if (match) {
        clearTimeout(timer)
        resolve(match[1])
      }
    })
    exited.then(({ code }) => reject(new Error(`exited ${code}: ${stderr}`)))
  })
  return { url, child, exited, stderr: () => stderr }
}
