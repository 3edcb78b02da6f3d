// Streamable HTTP over TLS: rmcp's reqwest client on rustls (ring). server-everything speaks plain
// HTTP, so a small HTTPS proxy with a self-signed test certificate (fixtures/tls, CN/SAN
// localhost, valid for a century) stands in front of it. Untrusted, the certificate fails the
// connection with a message naming the server and the cause; trusted through SSL_CERT_FILE (read
// when the child process loads its roots), the same server works end to end.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import https from 'node:https'
import http from 'node:http'
import { fileURLToPath } from 'node:url'

import { CodeMode, ROOT } from './helpers.mjs'
import { startEverythingHttp } from './mcp-servers.mjs'

const CERT = fileURLToPath(new URL('./fixtures/tls/localhost.crt', import.meta.url))
const KEY = fileURLToPath(new URL('./fixtures/tls/localhost.key', import.meta.url))

/** An HTTPS proxy on a free port forwarding every request to `target` (an http URL). */
async function startTlsProxy(t, target) {
  const upstream = new URL(target)
  const server = https.createServer({ cert: readFileSync(CERT), key: readFileSync(KEY) }, (req, res) => {
    const forward = http.request(
      { host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers },
      (reply) => {
        res.writeHead(reply.statusCode, reply.headers)
        reply.pipe(res)
      },
    )
    forward.on('error', () => res.destroy())
    req.pipe(forward)
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.after(() => {
    server.closeAllConnections()
    server.close()
  })
  return `https://localhost:${server.address().port}/mcp`
}

test('an https server with an untrusted certificate is refused, naming the server and the cause', async (t) => {
  const { url } = await startEverythingHttp(t)
  const tlsUrl = await startTlsProxy(t, url)
  const cm = new CodeMode()
  t.after(() => cm.close())
  await assert.rejects(cm.connectMcp('secure', { url: tlsUrl, timeoutMs: 10_000 }), (err) => {
    assert.match(err.message, /"secure"/)
    assert.match(err.message, /certificate|UnknownIssuer|tls|TLS/i)
    return true
  })
})

test('an https server whose certificate is trusted works end to end', async (t) => {
  const { url } = await startEverythingHttp(t)
  const tlsUrl = await startTlsProxy(t, url)
  const program = `
    import { CodeMode } from ${JSON.stringify(`${ROOT}/index.js`)}
    const cm = new CodeMode()
    await cm.connectMcp('secure', { url: ${JSON.stringify(tlsUrl)}, timeoutMs: 10000 })
    const r = await cm.run("return await tools.secure.echo({ message: 'over tls' })")
    console.log(JSON.stringify(r.ok ? r.value : r.error))
    await cm.close()`
  const child = spawn(process.execPath, ['--input-type=module', '-e', program], {
    cwd: ROOT,
    env: { ...process.env, SSL_CERT_FILE: CERT },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  t.after(() => child.kill('SIGKILL'))
  let out = ''
  child.stdout.setEncoding('utf8').on('data', (d) => (out += d))
  child.stderr.setEncoding('utf8').on('data', (d) => (out += d))
  const code = await new Promise((resolve) => child.on('close', resolve))
  assert.equal(code, 0, out)
  assert.equal(out.trim(), JSON.stringify('Echo: over tls'))
})
