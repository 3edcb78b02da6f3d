// ---- TextEncoder and TextDecoder (Encoding Standard, UTF-8) ---------------------------------
// The byte work is done by the host (encoding.rs). Strings are made well-formed first, so lone
// surrogates encode as U+FFFD like on the web. TextDecoder knows only UTF-8 (and its labels).

const UTF8_LABELS = ['unicode-1-1-utf-8', 'unicode11utf8', 'unicode20utf8', 'utf-8', 'utf8', 'x-unicode20utf8']
const DECODE_FATAL = 1
const DECODE_STREAM = 2

class TextEncoder {
  #brand = true
  static {
    platformBrands.push((v) => #brand in v)
  }
  get encoding() {
    return 'utf-8'
  }
  encode(input = '') {
    return utf8Encode(toUSV(input))
  }
  encodeInto(source, destination) {
    needArgs(arguments.length, 2, 'TextEncoder.encodeInto')
    const text = toUSV(source)
    if (typedArrayTag(destination) !== 'Uint8Array') {
      throw new TypeErrorCtor("TextEncoder.encodeInto's destination must be a Uint8Array.")
    }
    return utf8EncodeInto(text, destination)
  }
}
defineProperty(TextEncoder.prototype, SymbolToStringTag, { value: 'TextEncoder', configurable: true })

class TextDecoder {
  #fatal
  #ignoreBOM
  #bomSeen = false
  #pending = null
  static {
    platformBrands.push((v) => #fatal in v)
  }

  constructor(label = 'utf-8', options) {
    const name = toUSV(label)
      .replace(/^[\t\n\f\r ]+|[\t\n\f\r ]+$/g, '')
      .toLowerCase()
    if (UTF8_LABELS.indexOf(name) < 0) {
      throw new RangeErrorCtor(`The "${name}" encoding is not supported; this sandbox's TextDecoder knows only utf-8.`)
    }
    if (options != null && typeof options !== 'object' && typeof options !== 'function') {
      throw new TypeErrorCtor("TextDecoder's options must be an object.")
    }
    this.#fatal = options != null && !!options.fatal
    this.#ignoreBOM = options != null && !!options.ignoreBOM
  }
  get encoding() {
    return 'utf-8'
  }
  get fatal() {
    return this.#fatal
  }
  get ignoreBOM() {
    return this.#ignoreBOM
  }
  decode(input, options) {
    if (options != null && typeof options !== 'object' && typeof options !== 'function') {
      throw new TypeErrorCtor("TextDecoder.decode's options must be an object.")
    }
    const stream = options != null && !!options.stream
    let bytes
    if (input === undefined) {
      bytes = new Uint8ArrayCtor(0)
    } else {
      bytes = bytesOf(input)
      if (bytes === undefined) {
        throw new TypeErrorCtor("TextDecoder.decode's input must be an ArrayBuffer, a TypedArray or a DataView.")
      }
    }
    const pending = this.#pending
    if (pending !== null) {
      const joined = new Uint8ArrayCtor(pending.length + bytes.length)
      joined.set(pending)
      joined.set(bytes, pending.length)
      bytes = joined
      this.#pending = null
    }
    let text
    try {
      if (stream) {
        const r = utf8Decode(bytes, (this.#fatal ? DECODE_FATAL : 0) | DECODE_STREAM)
        text = r[0]
        if (r[1] < bytes.length) this.#pending = bytes.slice(r[1])
      } else {
        text = utf8Decode(bytes, this.#fatal ? DECODE_FATAL : 0)
      }
    } catch (e) {
      this.#bomSeen = false
      throw e
    }
    if (!this.#bomSeen && text.length > 0) {
      this.#bomSeen = true
      if (!this.#ignoreBOM && text.charCodeAt(0) === 0xfeff) text = text.slice(1)
    }
    // The end of a stream resets the decoder for the next one.
    if (!stream) this.#bomSeen = false
    return text
  }
}
defineProperty(TextDecoder.prototype, SymbolToStringTag, { value: 'TextDecoder', configurable: true })

freezeClasses([TextEncoder, TextDecoder])
