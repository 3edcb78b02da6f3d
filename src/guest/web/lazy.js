// The only web script run in every fresh context (before the bootstrap): it defines each web
// global as an accessor that loads the global's chunk the first time it is read (mod.rs says
// which chunk defines what), then replaces the chunk's accessors with read-only values, as the
// bootstrap does for the other globals. Most runs never touch these globals and pay only for
// this script. `loadChunk` is the Rust loader, reachable only through these getters.
;(function lazyWeb(loadChunk) {
  'use strict'
  const defineProperty = Object.defineProperty
  const getOwnPropertyDescriptor = Object.getOwnPropertyDescriptor
  const ObjectKeys = Object.keys
  const names = [
    'EventTarget',
    'Event',
    'AbortController',
    'AbortSignal',
    'TextEncoder',
    'TextDecoder',
    'URL',
    'URLSearchParams',
    'structuredClone',
    'crypto',
  ]
  const chunks = [0, 0, 0, 0, 1, 1, 2, 2, 3, 4]
  const getters = []
  const values = { __proto__: null }
  // Brand checks of the loaded platform classes, shared by the chunks (see prelude.js).
  const platformBrands = []

  function load(chunk) {
    const globals = loadChunk(chunk, platformBrands)
    const keys = ObjectKeys(globals)
    for (let i = 0; i < keys.length; i++) values[keys[i]] = globals[keys[i]]
    for (let i = 0; i < keys.length; i++) {
      const name = keys[i]
      const d = getOwnPropertyDescriptor(globalThis, name)
      // A global the guest has already replaced stays as the guest left it.
      if (d !== undefined && d.configurable && d.get === getters[names.indexOf(name)]) {
        defineProperty(globalThis, name, { value: values[name], writable: false, enumerable: false, configurable: false })
      }
    }
  }

  for (let i = 0; i < names.length; i++) {
    const name = names[i]
    const chunk = chunks[i]
    const get = function () {
      if (!(name in values)) load(chunk)
      return values[name]
    }
    getters[i] = get
    defineProperty(globalThis, name, { get, configurable: true })
  }
})
