// The human view of a RunResult for `run`: the value (or the error with a code frame, from
// formatResult), console lines, tool calls with their timings and the run's stats. Colours only
// when the output is a terminal (and NO_COLOR is unset).
import { createRequire } from 'node:module'
import { inspect } from 'node:util'

const require = createRequire(import.meta.url)
const { formatResult } = require('../../index.js')

/** The text `run` prints for `result` of `code`. */
export function humanView(result, code, { color }) {
  const paint = color
    ? (style, text) => `\x1b[${inspect.colors[style][0]}m${text}\x1b[${inspect.colors[style][1]}m`
    : (_, text) => text
  const lines = []
  for (const log of result.logs) {
    const level = log.level === 'log' ? '' : `${log.level}: `
    const style = log.level === 'error' ? 'red' : log.level === 'warn' ? 'yellow' : 'gray'
    lines.push(paint(style, `${level}${log.message}`))
  }
  for (const call of result.toolCalls) {
    const mark = call.ok ? paint('green', 'ok') : paint('red', 'failed')
    const error = call.ok ? '' : `: ${call.error}`
    lines.push(
      `${paint('cyan', `tools.${call.namespace ? `${call.namespace}.` : ''}${call.tool}`)} ${mark} in ${ms(call.durationMs)} (at ${ms(call.startMs)})${error}`,
    )
  }
  for (const warning of result.warnings) lines.push(paint('yellow', `warning: ${warning}`))
  if (result.ok) {
    const value = result.value === undefined ? 'undefined' : inspect(result.value, { depth: 8, colors: color })
    lines.push(value)
  } else {
    lines.push(paint('red', errorText(result, code)))
  }
  const { durationMs, toolCalls } = result.stats
  lines.push(
    paint(
      'gray',
      `${result.ok ? 'ok' : 'failed'} in ${ms(durationMs)}, ${toolCalls} tool call${toolCalls === 1 ? '' : 's'}`,
    ),
  )
  return lines.join('\n') + '\n'
}

// formatResult's error block: the error, where, the code frame and the hint (without the value,
// logs and tool-call summary printed above).
function errorText(result, code) {
  const text = formatResult({ ...result, logs: [], warnings: [], toolCalls: [] }, { code })
  return text.replace(/\n+Tool calls: \d+\s*$/, '')
}

function ms(value) {
  return value < 10 ? `${value.toFixed(1)} ms` : `${Math.round(value)} ms`
}
