// `napi build --pipe` hands each output file to this script. For the typings it adds what the
// Rust doc comments cannot say: `Session` comes only from `codeMode.session()`, so its class has
// a private constructor (napi throws on `new Session()` too). Other outputs pass through.
import { readFileSync, writeFileSync } from 'node:fs'

const file = process.argv[2]
if (file?.endsWith('.d.ts')) {
  const text = readFileSync(file, 'utf8')
  const marker = 'export declare class Session {\n'
  const constructor = '  /** Sessions come from `codeMode.session()`. */\n  private constructor()\n'
  if (!text.includes(marker)) throw new Error(`${file}: no \`${marker.trim()}\` to finish`)
  if (!text.includes(marker + constructor)) writeFileSync(file, text.replace(marker, marker + constructor))
}
