// Who may talk to `serve`: the Host header (loopback names on a loopback bind, against DNS
// rebinding), the Origin header (only the `--cors` origin, as the MCP spec asks of servers) and
// the bearer token (constant-time compare). Each check answers the rejection or undefined.
import { createHash, timingSafeEqual } from 'node:crypto'

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1'])

/** Whether `host` (a --host value) is a loopback address. */
export function isLoopback(host) {
  return LOOPBACK_HOSTS.has(host) || host.startsWith('127.')
}

/** The checks of a server bound to `host`, with `token` and `cors` from the command line. */
export function createGuard({ host, token, cors }) {
  const expected = token === undefined ? undefined : digest(token)
  const loopback = isLoopback(host)
  return (req) => {
    if (loopback && !LOOPBACK_HOSTS.has(hostName(req.headers.host))) {
      return {
        status: 403,
        error: 'FORBIDDEN_HOST',
        message: `Host "${req.headers.host ?? ''}" is not this server; use 127.0.0.1 or localhost.`,
      }
    }
    const origin = req.headers.origin
    if (origin !== undefined && origin !== cors) {
      return {
        status: 403,
        error: 'FORBIDDEN_ORIGIN',
        message: `Origin ${origin} is not allowed; start the server with --cors ${origin} to allow it.`,
      }
    }
    if (expected !== undefined) {
      const given = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1]
      if (given === undefined || !timingSafeEqual(digest(given), expected)) {
        return {
          status: 401,
          error: 'UNAUTHORIZED',
          message: 'Send the server token as `Authorization: Bearer <token>`.',
        }
      }
    }
    return undefined
  }
}

// Comparing digests keeps the compare constant-time whatever the lengths.
function digest(text) {
  return createHash('sha256').update(text).digest()
}

function hostName(header) {
  if (header === undefined) return ''
  if (header.startsWith('[')) return header.slice(0, header.indexOf(']') + 1)
  return header.replace(/:\d+$/, '')
}
