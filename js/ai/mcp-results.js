// MCP tools listed through `@ai-sdk/mcp` return the protocol's CallToolResult envelope
// ({ content: [...], structuredContent?, isError? }). A program wants the data inside it, so
// nested calls to such tools are unwrapped the way the native MCP client does it:
// structuredContent first, then JSON text, then text; `isError` becomes a thrown error.

/** Whether `tool` came from `@ai-sdk/mcp` (it copies the server's `_meta` onto every tool). */
export function isMcpTool(tool) {
  return Object.hasOwn(tool, '_meta') || typeof tool.metadata?.clientName === 'string'
}

/** The data inside an MCP CallToolResult; anything else is returned unchanged. */
export function unwrapMcpResult(result) {
  if (!isCallToolResult(result)) return result
  if (result.isError) throw new Error(errorText(result.content))
  if (result.structuredContent != null) return result.structuredContent
  const parts = (result.content ?? []).map(contentValue)
  if (parts.length === 0) return undefined
  if (parts.length === 1) return parts[0]
  return parts.every((p) => typeof p === 'string') ? parts.join('\n') : parts
}

function isCallToolResult(value) {
  return (
    value !== null &&
    typeof value === 'object' &&
    (Array.isArray(value.content) || (value.structuredContent !== undefined && value.structuredContent !== null))
  )
}

// Text that holds a JSON object or array becomes that value; other text stays text, so "42"
// stays the string the server wrote.
function contentValue(part) {
  if (part?.type === 'text') return parseJsonText(part.text)
  if (part?.type === 'resource' && typeof part.resource?.text === 'string') return parseJsonText(part.resource.text)
  return part
}

function parseJsonText(text) {
  const start = typeof text === 'string' ? text.trimStart()[0] : undefined
  if (start !== '{' && start !== '[') return text
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

function errorText(content) {
  const text = (Array.isArray(content) ? content : [])
    .filter((part) => part?.type === 'text')
    .map((part) => part.text)
    .join('\n')
  return text || 'The MCP tool reported an error without a message.'
}
