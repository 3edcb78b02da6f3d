// ---- crypto.getRandomValues and crypto.randomUUID (WebCrypto), from OS randomness ----------
// No crypto.subtle.

const INTEGER_ARRAYS = [
  'Int8Array',
  'Uint8Array',
  'Uint8ClampedArray',
  'Int16Array',
  'Uint16Array',
  'Int32Array',
  'Uint32Array',
  'BigInt64Array',
  'BigUint64Array',
]
const MAX_RANDOM_BYTES = 65536

function getRandomValues(array) {
  needArgs(arguments.length, 1, 'crypto.getRandomValues')
  const tag = typedArrayTag(array)
  if (tag === undefined) {
    if (array !== null && typeof array === 'object' && kindOf(array) === K_DATA_VIEW) {
      throw new DOMExceptionCtor('crypto.getRandomValues needs an integer typed array, not a DataView.', 'TypeMismatchError')
    }
    throw new TypeErrorCtor('crypto.getRandomValues needs an integer typed array (such as a Uint8Array).')
  }
  if (INTEGER_ARRAYS.indexOf(tag) < 0) {
    throw new DOMExceptionCtor(`crypto.getRandomValues needs an integer typed array, not a ${tag}.`, 'TypeMismatchError')
  }
  const byteLength = viewParts(array, false)[2]
  if (byteLength > MAX_RANDOM_BYTES) {
    throw new DOMExceptionCtor(
      `crypto.getRandomValues can fill at most ${MAX_RANDOM_BYTES} bytes at a time; this array has ${byteLength}.`,
      'QuotaExceededError',
    )
  }
  randomFill(bytesOf(array))
  return array
}

// randomUUID draws from a pool refilled 256 bytes (16 UUIDs) at a time.
let uuidPool = null
let uuidPoolNext = 256
let hexTable = null

function randomUUID() {
  if (uuidPool === null) {
    uuidPool = new Uint8ArrayCtor(256)
    hexTable = []
    for (let i = 0; i < 256; i++) hexTable.push((i < 16 ? '0' : '') + i.toString(16))
  }
  if (uuidPoolNext >= 256) {
    randomFill(uuidPool)
    uuidPoolNext = 0
  }
  const b = uuidPool
  const o = uuidPoolNext
  uuidPoolNext += 16
  const h = hexTable
  return (
    h[b[o]] +
    h[b[o + 1]] +
    h[b[o + 2]] +
    h[b[o + 3]] +
    '-' +
    h[b[o + 4]] +
    h[b[o + 5]] +
    '-' +
    h[(b[o + 6] & 0x0f) | 0x40] +
    h[b[o + 7]] +
    '-' +
    h[(b[o + 8] & 0x3f) | 0x80] +
    h[b[o + 9]] +
    '-' +
    h[b[o + 10]] +
    h[b[o + 11]] +
    h[b[o + 12]] +
    h[b[o + 13]] +
    h[b[o + 14]] +
    h[b[o + 15]]
  )
}

const crypto = {
  getRandomValues,
  randomUUID,
}
defineProperty(crypto, SymbolToStringTag, { value: 'Crypto', configurable: true })
ObjectFreeze(getRandomValues)
ObjectFreeze(randomUUID)
ObjectFreeze(crypto)
