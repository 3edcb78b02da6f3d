// Imports of the tool modules, typed for the checker. The source step binds
// `import { add } from './servers/math'` to `tools.math.add` (src/source/modules.rs, matching
// names exactly, by alias, or loosely: `get-sum.ts` for `getSum`). The checker does the same
// against the `Tools` interface of the declarations, so an imported tool has its real type:
// each binding becomes `declare var <local>: Tools["math"]["add"]` beside the program. An import
// that names nothing is `any` here: the source step refuses it, with the list of what exists,
// before anything runs.
'use strict'

const SERVER_ROOTS = ['./servers', 'servers', '/servers', '@codemode/servers', '@stencila/mcp/servers']
const DISCOVERY = ['@codemode/discovery', '@stencila/mcp/discovery']
const ERRORS = ['@codemode/errors', '@stencila/mcp/errors']
const DISCOVERY_EXPORTS = ['searchTools', 'listTools', 'describeTool']
/** Each export of the errors module and the class it is (the Stencila spec's names too). */
const ERROR_EXPORTS = new Map([
  ['ToolError', 'ToolError'],
  ['ToolInputError', 'ToolInputError'],
  ['CodemodeError', 'ToolError'],
  ['ToolCallError', 'ToolError'],
  ['SchemaValidationError', 'ToolInputError'],
])

const stripExtension = (segment) => segment.replace(/\.(d\.ts|ts|js|mjs)$/, '')

/** What a specifier names: `{ kind: 'servers' | 'server' | 'tool' | 'discovery' | 'errors', ... }`, or undefined. */
function parseSpecifier(specifier) {
  if (DISCOVERY.includes(specifier)) return { kind: 'discovery' }
  if (ERRORS.includes(specifier)) return { kind: 'errors' }
  const root = SERVER_ROOTS.find((r) => specifier.startsWith(r))
  if (root === undefined) return undefined
  const rest = specifier.slice(root.length)
  if (rest !== '' && !rest.startsWith('/')) return undefined
  const segments = rest.split('/').filter(Boolean).map(stripExtension)
  if (segments.length === 0 || (segments.length === 1 && segments[0] === 'index')) return { kind: 'servers' }
  if (segments.length === 1 || (segments.length === 2 && segments[1] === 'index')) return { kind: 'server', name: segments[0] }
  if (segments.length === 2) return { kind: 'tool', namespace: segments[0], name: segments[1] }
  return undefined
}

/** True when `specifier` names a tool module (whether or not its tools exist). */
const isToolModule = (specifier) => parseSpecifier(specifier) !== undefined

/** `getSum`, `get-sum`, `get_sum` and `GET_SUM` all become `getsum`. */
const loose = (name) => name.replace(/[^\p{L}\p{N}]/gu, '').toLowerCase()

/**
 * The names of the `Tools` interface: `{ top: Map(name -> entry) }`, an entry being
 * `{ exact, namespace: Map | undefined }`; an alias property (`google_drive: Tools["google-drive"]`)
 * maps to the entry it aliases.
 */
function toolShape(ts, declarations) {
  const file = ts.createSourceFile('tools.d.ts', declarations, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS)
  const tools = file.statements.find((s) => ts.isInterfaceDeclaration(s) && s.name.text === 'Tools')
  const nameOf = (member) => (member.name && (ts.isIdentifier(member.name) || ts.isStringLiteral(member.name)) ? member.name.text : undefined)
  /** `Tools["a"]["b"]` as ['a', 'b']. */
  const aliasPath = (type) => {
    const path = []
    while (type && ts.isIndexedAccessTypeNode(type) && ts.isLiteralTypeNode(type.indexType) && ts.isStringLiteral(type.indexType.literal)) {
      path.unshift(type.indexType.literal.text)
      type = type.objectType
    }
    return type && ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName) && type.typeName.text === 'Tools' ? path : undefined
  }
  const entries = (members, inside) => {
    const map = new Map()
    const aliases = []
    for (const member of members ?? []) {
      const name = nameOf(member)
      if (name === undefined) continue
      const alias = ts.isPropertySignature(member) ? aliasPath(member.type) : undefined
      if (alias) aliases.push([name, alias])
      else if (ts.isPropertySignature(member) && member.type && ts.isTypeLiteralNode(member.type) && inside === undefined)
        map.set(name, { exact: name, namespace: entries(member.type.members, name) })
      else map.set(name, { exact: name, namespace: undefined })
    }
    for (const [name, path] of aliases) {
      const target = path.length === 1 ? map.get(path[0]) : map.get(path[path.length - 1])
      if (target) map.set(name, target)
    }
    return map
  }
  return { top: entries(tools?.members, undefined) }
}

/** The entry of `entries` that `wanted` names: exactly (or by alias), else loosely if only one does. */
function find(entries, wanted) {
  const exact = entries.get(wanted)
  if (exact) return exact
  const key = loose(wanted)
  const matches = new Set([...entries].filter(([name]) => key !== '' && loose(name) === key).map(([, entry]) => entry))
  return matches.size === 1 ? [...matches][0] : undefined
}

const quote = (name) => JSON.stringify(name)

/** The type of what `import` of `what` (`'*'`, `'default'` or a name) from `specifier` binds, or `any`. */
function importedType(shape, specifier, what) {
  const module = parseSpecifier(specifier)
  const nsType = (ns) => `Tools[${quote(ns.exact)}]`
  const toolType = (ns, tool) => (ns ? `Tools[${quote(ns.exact)}][${quote(tool.exact)}]` : `Tools[${quote(tool.exact)}]`)
  switch (module?.kind) {
    case 'servers': {
      if (what === '*' || what === 'default') return 'Tools'
      const entry = find(shape.top, what)
      return entry ? `Tools[${quote(entry.exact)}]` : 'any'
    }
    case 'server': {
      const entry = find(shape.top, module.name)
      if (!entry) return 'any'
      // `./servers/echo` names a tool outside any namespace when there is no namespace `echo`.
      if (!entry.namespace) return what === '*' ? `{ ${quote(entry.exact)}: ${toolType(undefined, entry)}; default: ${toolType(undefined, entry)} }` : toolType(undefined, entry)
      if (what === '*' || what === 'default') return nsType(entry)
      const tool = find(entry.namespace, what)
      return tool ? toolType(entry, tool) : 'any'
    }
    case 'tool': {
      const ns = find(shape.top, module.namespace)
      const tool = ns?.namespace && find(ns.namespace, module.name)
      if (!tool) return 'any'
      const type = toolType(ns, tool)
      return what === '*' ? `{ ${quote(tool.exact)}: ${type}; ${quote(module.name)}: ${type}; default: ${type} }` : type
    }
    case 'discovery':
      if (what === '*' || what === 'default') return 'typeof codemode'
      return DISCOVERY_EXPORTS.includes(what) ? `typeof codemode.${what}` : 'any'
    case 'errors':
      if (what === '*' || what === 'default') return `{ ${[...ERROR_EXPORTS].map(([name, cls]) => `${name}: typeof ${cls}`).join('; ')} }`
      return ERROR_EXPORTS.has(what) ? `typeof ${ERROR_EXPORTS.get(what)}` : 'any'
    default:
      return 'any'
  }
}

/**
 * What the program's tool-module imports (`[{ specifier, local, what }]`) bind:
 * `[{ local, type, typeAlias }]`, `typeAlias` for an error class imported under another name
 * (`catch (e: CodemodeError)` names a type too). An error class imported under its own name is
 * the global class itself: nothing to declare.
 */
function importBindings(shape, imports) {
  const out = []
  for (const { specifier, local, what } of imports) {
    const errorClass = parseSpecifier(specifier)?.kind === 'errors' ? ERROR_EXPORTS.get(what) : undefined
    if (errorClass === local) continue
    out.push({ local, type: importedType(shape, specifier, what), typeAlias: errorClass && `type ${local} = ${errorClass};` })
  }
  return out
}

/** `bindings` as global declarations beside the program. */
function declarationsOf(bindings) {
  return bindings.flatMap(({ local, type, typeAlias }) => [`declare var ${local}: ${type};`, ...(typeAlias ? [typeAlias] : [])]).join('\n')
}

module.exports = { isToolModule, toolShape, importBindings, declarationsOf }
