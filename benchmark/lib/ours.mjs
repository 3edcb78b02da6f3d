// quickjs-codemode itself, through the package entry point (../index.js).
import { CodeMode } from '../../index.js'
import { adapter } from './ours-adapter.mjs'

export const label = 'quickjs-codemode'
export const about = 'native QuickJS on engine threads (this package)'
export const create = adapter(CodeMode)
