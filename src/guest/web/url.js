// ---- URL (URL Standard) ---------------------------------------------------------------------
// Parsing and the setters are the host's (url.rs, the `url` crate); a URL keeps the component
// strings the host returns. Its `searchParams` (search-params.js) follows `url.search`, and the
// other way round.

// Component indexes of the host's arrays (url.rs).
const U_HREF = 0
const U_PROTOCOL = 1
const U_USERNAME = 2
const U_PASSWORD = 3
const U_HOST = 4
const U_HOSTNAME = 5
const U_PORT = 6
const U_PATHNAME = 7
const U_SEARCH = 8
const U_HASH = 9
const U_ORIGIN = 10

let setParamsList, newLinkedParams, updateURLQuery, isURL, paramsEntry, isSearchParams
const URL_INTERNAL = ObjectFreeze({})

function invalidURL(input, base) {
  const e = new TypeErrorCtor(base === undefined ? `Invalid URL: ${input}` : `Invalid URL: ${input} (base: ${base})`)
  e.code = 'ERR_INVALID_URL'
  e.input = input
  if (base !== undefined) e.base = base
  return e
}

function parseURL(url, base) {
  const input = toUSV(url)
  if (base === undefined) return urlParse(input, undefined)
  return urlParse(input, toUSV(base))
}

class URL {
  #parts
  #query = null

  constructor(url, base) {
    if (url === URL_INTERNAL) {
      // URL.parse: already parsed.
      this.#parts = base
      return
    }
    needArgs(arguments.length, 1, "URL's constructor")
    const parts = parseURL(url, base)
    if (parts === null) throw invalidURL(toUSV(url), base === undefined ? undefined : toUSV(base))
    this.#parts = parts
  }

  static canParse(url, base) {
    needArgs(arguments.length, 1, 'URL.canParse')
    return parseURL(url, base) !== null
  }

  static parse(url, base) {
    needArgs(arguments.length, 1, 'URL.parse')
    const parts = parseURL(url, base)
    return parts === null ? null : new URL(URL_INTERNAL, parts)
  }

  #set(field, value) {
    const parts = urlSet(this.#parts[U_HREF], field, toUSV(value))
    const searchBefore = this.#parts[U_SEARCH]
    this.#parts = parts
    if (this.#query !== null && parts[U_SEARCH] !== searchBefore) {
      setParamsList(this.#query, parseQuery(parts[U_SEARCH]))
    }
  }

  get href() {
    return this.#parts[U_HREF]
  }
  set href(v) {
    this.#set(U_HREF, v)
  }
  get origin() {
    return this.#parts[U_ORIGIN]
  }
  get protocol() {
    return this.#parts[U_PROTOCOL]
  }
  set protocol(v) {
    this.#set(U_PROTOCOL, v)
  }
  get username() {
    return this.#parts[U_USERNAME]
  }
  set username(v) {
    this.#set(U_USERNAME, v)
  }
  get password() {
    return this.#parts[U_PASSWORD]
  }
  set password(v) {
    this.#set(U_PASSWORD, v)
  }
  get host() {
    return this.#parts[U_HOST]
  }
  set host(v) {
    this.#set(U_HOST, v)
  }
  get hostname() {
    return this.#parts[U_HOSTNAME]
  }
  set hostname(v) {
    this.#set(U_HOSTNAME, v)
  }
  get port() {
    return this.#parts[U_PORT]
  }
  set port(v) {
    this.#set(U_PORT, v)
  }
  get pathname() {
    return this.#parts[U_PATHNAME]
  }
  set pathname(v) {
    this.#set(U_PATHNAME, v)
  }
  get search() {
    return this.#parts[U_SEARCH]
  }
  set search(v) {
    this.#set(U_SEARCH, v)
  }
  get searchParams() {
    if (this.#query === null) this.#query = newLinkedParams(this, parseQuery(this.#parts[U_SEARCH]))
    return this.#query
  }
  get hash() {
    return this.#parts[U_HASH]
  }
  set hash(v) {
    this.#set(U_HASH, v)
  }
  toString() {
    return this.#parts[U_HREF]
  }
  toJSON() {
    return this.#parts[U_HREF]
  }

  static {
    updateURLQuery = (u, serialized) => {
      u.#parts = urlSet(u.#parts[U_HREF], U_SEARCH, serialized)
    }
    isURL = (v) => v !== null && typeof v === 'object' && #parts in v
    platformBrands.push(isURL)
  }
}
defineProperty(URL.prototype, SymbolToStringTag, { value: 'URL', configurable: true })
