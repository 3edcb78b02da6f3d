// Another build of quickjs-codemode loaded beside this one (`run.mjs --baseline OLD.node`), so a
// change is measured before and after in one run, under the same load, beside the peers.
import { createRequire } from 'node:module'
import path from 'node:path'
import { adapter } from './ours-adapter.mjs'

const file = process.env.CODEMODE_BENCH_BASELINE
if (!file) throw new Error('CODEMODE_BENCH_BASELINE names no .node file')
const { CodeMode } = createRequire(import.meta.url)(path.resolve(file))

export const label = 'before'
export const about = `quickjs-codemode, the baseline build ${path.basename(file)} (ratio = before ÷ now)`
export const create = adapter(CodeMode)
