// Module hooks (module.register) that let `--tools` load a TypeScript module on Node 20: a
// .ts/.mts file is read and its types stripped by our own stripTypes (oxc), then loaded as an
// ES module. Runs on Node's hooks thread, so it loads the addon there too.
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const { stripTypes } = require('../../index.js')

const TYPESCRIPT = /\.m?ts$/

/** Node's `load` hook: TypeScript files become ES modules without types. */
export async function load(url, context, nextLoad) {
  if (url.startsWith('file:') && TYPESCRIPT.test(new URL(url).pathname)) {
    const source = await readFile(new URL(url), 'utf8')
    return { format: 'module', source: stripTypes(source), shortCircuit: true }
  }
  return nextLoad(url, context)
}
