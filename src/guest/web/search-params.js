// ---- URLSearchParams (URL Standard) -----------------------------------------------------------
// A name/value list with the application/x-www-form-urlencoded parser and serializer; a URL's
// searchParams writes its changes back to the URL (url.js).

/** The name/value list of a query string (a leading `?` is skipped): [n0, v0, n1, v1, ...].
 * Parsing and serializing are the host's (form.rs: exactly the URL Standard's). */
function parseQuery(query) {
  if (query.length > 0 && query.charCodeAt(0) === 0x3f) query = query.slice(1)
  return query.length === 0 ? [] : formParse(query)
}

function serializeQuery(list) {
  return list.length === 0 ? '' : formSerialize(list)
}

const SEARCH_PARAMS_INTERNAL = ObjectFreeze({})

class URLSearchParams {
  // Flat name/value list: [n0, v0, n1, v1, ...].
  #list = []
  #url = null

  constructor(init = '') {
    if (init === SEARCH_PARAMS_INTERNAL) return
    if (init !== null && (typeof init === 'object' || typeof init === 'function')) {
      const iteratorMethod = init[SymbolIterator]
      if (iteratorMethod !== undefined && iteratorMethod !== null) {
        if (typeof iteratorMethod !== 'function') {
          throw new TypeErrorCtor("URLSearchParams's init has a Symbol.iterator that is not a function.")
        }
        for (const pair of { [SymbolIterator]: () => ReflectApply(iteratorMethod, init, NO_ARGS) }) {
          if (pair === null || (typeof pair !== 'object' && typeof pair !== 'function')) {
            throw new TypeErrorCtor('Each URLSearchParams init pair must be an iterable of a name and a value.')
          }
          const items = []
          for (const item of pair) items.push(item)
          if (items.length !== 2) {
            throw new TypeErrorCtor(
              `Each URLSearchParams init pair must have exactly two items (a name and a value), not ${items.length}.`,
            )
          }
          this.#list.push(toUSV(items[0]), toUSV(items[1]))
        }
        return
      }
      const keys = Reflect.ownKeys(init)
      let replaced = false
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i]
        const d = getOwnPropertyDescriptor(init, key)
        if (d === undefined || !d.enumerable) continue
        if (typeof key === 'symbol') throw new TypeErrorCtor('URLSearchParams init records cannot have symbol keys.')
        const name = toUSV(key)
        const value = toUSV(init[key])
        // A record's keys are unique, but a key with a lone surrogate can become equal to
        // another one as a USVString: then the later value replaces the earlier one.
        let found = false
        if (replaced || name !== key) {
          replaced = true
          for (let j = 0; j < this.#list.length; j += 2) {
            if (this.#list[j] === name) {
              this.#list[j + 1] = value
              found = true
              break
            }
          }
        }
        if (!found) this.#list.push(name, value)
      }
      return
    }
    this.#list = parseQuery(toUSV(init))
  }

  #update() {
    if (this.#url !== null) updateURLQuery(this.#url, serializeQuery(this.#list))
  }

  get size() {
    return this.#list.length / 2
  }
  append(name, value) {
    needArgs(arguments.length, 2, 'URLSearchParams.append')
    this.#list.push(toUSV(name), toUSV(value))
    this.#update()
  }
  delete(name, value) {
    needArgs(arguments.length, 1, 'URLSearchParams.delete')
    const n = toUSV(name)
    const v = value === undefined ? undefined : toUSV(value)
    const list = this.#list
    const kept = []
    for (let i = 0; i < list.length; i += 2) {
      if (list[i] === n && (v === undefined || list[i + 1] === v)) continue
      kept.push(list[i], list[i + 1])
    }
    this.#list = kept
    this.#update()
  }
  get(name) {
    needArgs(arguments.length, 1, 'URLSearchParams.get')
    const n = toUSV(name)
    const list = this.#list
    for (let i = 0; i < list.length; i += 2) if (list[i] === n) return list[i + 1]
    return null
  }
  getAll(name) {
    needArgs(arguments.length, 1, 'URLSearchParams.getAll')
    const n = toUSV(name)
    const list = this.#list
    const out = []
    for (let i = 0; i < list.length; i += 2) if (list[i] === n) out.push(list[i + 1])
    return out
  }
  has(name, value) {
    needArgs(arguments.length, 1, 'URLSearchParams.has')
    const n = toUSV(name)
    const v = value === undefined ? undefined : toUSV(value)
    const list = this.#list
    for (let i = 0; i < list.length; i += 2) {
      if (list[i] === n && (v === undefined || list[i + 1] === v)) return true
    }
    return false
  }
  set(name, value) {
    needArgs(arguments.length, 2, 'URLSearchParams.set')
    const n = toUSV(name)
    const v = toUSV(value)
    const list = this.#list
    const kept = []
    let found = false
    for (let i = 0; i < list.length; i += 2) {
      if (list[i] !== n) kept.push(list[i], list[i + 1])
      else if (!found) {
        found = true
        kept.push(n, v)
      }
    }
    if (!found) kept.push(n, v)
    this.#list = kept
    this.#update()
  }
  sort() {
    // Stable sort of the pairs by name, comparing UTF-16 code units (the standard's order).
    const list = this.#list
    const pairs = []
    for (let i = 0; i < list.length; i += 2) pairs.push([list[i], list[i + 1], i])
    pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[2] - b[2]))
    const sorted = []
    for (let i = 0; i < pairs.length; i++) sorted.push(pairs[i][0], pairs[i][1])
    this.#list = sorted
    this.#update()
  }
  forEach(callback, thisArg) {
    needArgs(arguments.length, 1, 'URLSearchParams.forEach')
    if (typeof callback !== 'function') throw new TypeErrorCtor("URLSearchParams.forEach's callback must be a function.")
    // Live: changes made by the callback are seen by the rest of the walk.
    for (let i = 0; i < this.#list.length; i += 2) {
      ReflectApply(callback, thisArg, [this.#list[i + 1], this.#list[i], this])
    }
  }
  keys() {
    return newParamsIterator(this, ITER_KEYS)
  }
  values() {
    return newParamsIterator(this, ITER_VALUES)
  }
  entries() {
    return newParamsIterator(this, ITER_ENTRIES)
  }
  toString() {
    return serializeQuery(this.#list)
  }

  static {
    setParamsList = (p, list) => {
      p.#list = list
    }
    newLinkedParams = (url, list) => {
      const p = new URLSearchParams(SEARCH_PARAMS_INTERNAL)
      p.#list = list
      p.#url = url
      return p
    }
    paramsEntry = (p, index, kind) => {
      const list = p.#list
      if (index * 2 >= list.length) return undefined
      const name = list[index * 2]
      const value = list[index * 2 + 1]
      return kind === ITER_KEYS ? name : kind === ITER_VALUES ? value : [name, value]
    }
    isSearchParams = (v) => v !== null && typeof v === 'object' && #list in v
    platformBrands.push(isSearchParams)
  }
}
defineProperty(URLSearchParams.prototype, SymbolIterator, {
  value: URLSearchParams.prototype.entries,
  writable: true,
  configurable: true,
})
defineProperty(URLSearchParams.prototype, SymbolToStringTag, { value: 'URLSearchParams', configurable: true })

// Live iterators (WebIDL pair iterators): each next() reads the list as it is then.
const ITER_KEYS = 0
const ITER_VALUES = 1
const ITER_ENTRIES = 2

class URLSearchParamsIterator {
  #params
  #kind
  #index = 0
  static {
    platformBrands.push((v) => #kind in v)
  }
  constructor(params, kind) {
    this.#params = params
    this.#kind = kind
  }
  next() {
    if (!(#params in this)) throw new TypeErrorCtor('next() called on an object that is not a URLSearchParams Iterator.')
    if (this.#params === null) return { value: undefined, done: true }
    const value = paramsEntry(this.#params, this.#index, this.#kind)
    if (value === undefined) {
      this.#params = null
      return { value: undefined, done: true }
    }
    this.#index++
    return { value, done: false }
  }
}
const paramsIteratorProto = URLSearchParamsIterator.prototype
Object.setPrototypeOf(paramsIteratorProto, iteratorPrototype)
delete paramsIteratorProto.constructor
defineProperty(paramsIteratorProto, SymbolToStringTag, { value: 'URLSearchParams Iterator', configurable: true })

function newParamsIterator(params, kind) {
  return new URLSearchParamsIterator(params, kind)
}

freezeClasses([URL, URLSearchParams])
ObjectFreeze(paramsIteratorProto)
