// ---- structuredClone (HTML Standard, StructuredSerialize/Deserialize in one walk) ----------
// Clones primitives, plain objects, arrays (holes and extra properties kept), Date, RegExp,
// Map, Set, ArrayBuffer (resizable kept), typed arrays, DataView, Error objects (the standard
// constructors by name, message, stack, cause), DOMException and boxed primitives, keeping
// cycles and shared references. Class instances clone as plain objects (own enumerable
// properties, as on the web). Functions, symbols, WeakMap/WeakSet/WeakRef, Promise, Proxy,
// SharedArrayBuffer and this sandbox's platform objects (URL, AbortSignal, ...) throw a
// DataCloneError. The walk is iterative, so deep structures cannot overflow the stack.
// `{ transfer: [arrayBuffer, ...] }` detaches the listed buffers once the clone succeeded.

const DateCtor = Date
const RegExpCtor = RegExp
const ObjectCtor = Object
const objectPrototype = Object.prototype
const objectToString = Object.prototype.toString
const dateGetTime = Date.prototype.getTime
const regExpSourceGet = getterOf(RegExp.prototype, 'source')
const regExpFlagsGet = getterOf(RegExp.prototype, 'flags')
const mapForEach = Map.prototype.forEach
const setForEach = Set.prototype.forEach
const arrayBufferProto = ArrayBuffer.prototype
const arrayBufferByteLengthGet = getterOf(arrayBufferProto, 'byteLength')
const arrayBufferResizableGet = getterOf(arrayBufferProto, 'resizable')
const arrayBufferMaxByteLengthGet = getterOf(arrayBufferProto, 'maxByteLength')
const arrayBufferDetachedGet = getterOf(arrayBufferProto, 'detached')
const arrayBufferTransfer = arrayBufferProto.transfer
const typedArraySet = typedArrayProto.set
const typedArrayLengthGet = getterOf(typedArrayProto, 'length')
const numberValueOf = Number.prototype.valueOf
const stringValueOf = String.prototype.valueOf
const booleanValueOf = Boolean.prototype.valueOf
const bigintValueOf = BigInt.prototype.valueOf
const domExceptionNameGet = getterOf(DOMException.prototype, 'name')
const domExceptionMessageGet = getterOf(DOMException.prototype, 'message')
const errorConstructors = ObjectCreate(null)
errorConstructors.Error = Error
errorConstructors.EvalError = EvalError
errorConstructors.RangeError = RangeError
errorConstructors.ReferenceError = ReferenceError
errorConstructors.SyntaxError = SyntaxError
errorConstructors.TypeError = TypeError
errorConstructors.URIError = URIError
const typedArrayConstructors = ObjectCreate(null)
for (const C of [
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
  BigInt64Array,
  BigUint64Array,
]) {
  typedArrayConstructors[C.name] = C
}
if (typeof Float16Array === 'function') typedArrayConstructors.Float16Array = Float16Array

// Brand checks of every loaded platform class (structuredClone refuses their instances).
function isPlatformObject(v) {
  for (let i = 0; i < platformBrands.length; i++) if (platformBrands[i](v)) return true
  return false
}

function dataCloneError(message) {
  return new DOMExceptionCtor(message, 'DataCloneError')
}

/** A short description of a value that cannot be cloned, for the error message. */
function describeUncloneable(v) {
  try {
    if (typeof v === 'symbol') return v.toString()
    if (typeof v === 'function') return v.name ? `function ${v.name}` : 'an anonymous function'
    const tag = ReflectApply(objectToString, v, NO_ARGS)
    return `#<${tag.slice(8, -1)}>`
  } catch {
    return 'a value'
  }
}

function uncloneable(v, why) {
  return dataCloneError(`${describeUncloneable(v)} could not be cloned${why ? ` (${why})` : ''}.`)
}

function cloneArrayBuffer(buffer) {
  if (ReflectApply(arrayBufferDetachedGet, buffer, NO_ARGS)) {
    throw dataCloneError('An ArrayBuffer is detached and could not be cloned.')
  }
  const length = ReflectApply(arrayBufferByteLengthGet, buffer, NO_ARGS)
  const copy = ReflectApply(arrayBufferResizableGet, buffer, NO_ARGS)
    ? new ArrayBufferCtor(length, { maxByteLength: ReflectApply(arrayBufferMaxByteLengthGet, buffer, NO_ARGS) })
    : new ArrayBufferCtor(length)
  ReflectApply(typedArraySet, new Uint8ArrayCtor(copy), [new Uint8ArrayCtor(buffer)])
  return copy
}

function cloneErrorObject(e) {
  const name = e.name
  const C = typeof name === 'string' && errorConstructors[name] !== undefined ? errorConstructors[name] : Error
  const messageDesc = getOwnPropertyDescriptor(e, 'message')
  const copy = messageDesc !== undefined && 'value' in messageDesc ? new C(`${messageDesc.value}`) : new C()
  copyStack(e, copy)
  return copy
}

/** Gives the copy the original's stack text (QuickJS keeps it in an internal slot behind an
 * Error.prototype accessor, so it becomes an own property, as V8 has it). */
function copyStack(source, copy) {
  const stack = source.stack
  if (typeof stack === 'string') {
    defineProperty(copy, 'stack', { value: stack, writable: true, enumerable: false, configurable: true })
  }
}

/** The copy of a property value (primitives are their own copy). */
function cloneProperty(value, memory, work) {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value
  return cloneValue(value, memory, work)
}

/** Defines an own data property (for the key "__proto__", where assignment would not). */
function putOwn(target, key, value) {
  defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true })
}

// Containers whose contents are copied after their shell exists (so cycles resolve): the work
// list holds [source, copy, kind] triples.
function cloneValue(v, memory, work) {
  const type = typeof v
  if (type === 'symbol' || type === 'function') throw uncloneable(v)
  if (type !== 'object' || v === null) return v
  const seen = memory.get(v)
  if (seen !== undefined) return seen
  let copy
  const kind = kindOf(v)
  switch (kind) {
    case K_PLAIN: {
      const proto = getPrototypeOf(v)
      if (proto !== objectPrototype && proto !== null && isPlatformObject(v)) throw uncloneable(v, 'a platform object')
      copy = {}
      work.push(v, copy, K_PLAIN)
      break
    }
    case K_ARRAY:
      copy = []
      work.push(v, copy, K_ARRAY)
      break
    case K_DATE:
      copy = new DateCtor(ReflectApply(dateGetTime, v, NO_ARGS))
      break
    case K_REGEXP:
      copy = new RegExpCtor(ReflectApply(regExpSourceGet, v, NO_ARGS), ReflectApply(regExpFlagsGet, v, NO_ARGS))
      break
    case K_MAP:
      copy = new MapCtor()
      work.push(v, copy, K_MAP)
      break
    case K_SET:
      copy = new SetCtor()
      work.push(v, copy, K_SET)
      break
    case K_ARRAY_BUFFER:
      copy = cloneArrayBuffer(v)
      break
    case K_TYPED_ARRAY:
    case K_DATA_VIEW: {
      const parts = viewParts(v, kind === K_DATA_VIEW)
      const buffer = cloneValue(parts[0], memory, work)
      if (kind === K_DATA_VIEW) {
        copy = new DataView(buffer, parts[1], parts[2])
      } else {
        const C = typedArrayConstructors[typedArrayTag(v)]
        copy = new C(buffer, parts[1], ReflectApply(typedArrayLengthGet, v, NO_ARGS))
      }
      break
    }
    case K_ERROR:
      copy = cloneErrorObject(v)
      work.push(v, copy, K_ERROR)
      break
    case K_DOM_EXCEPTION: {
      copy = new DOMExceptionCtor(
        ReflectApply(domExceptionMessageGet, v, NO_ARGS),
        ReflectApply(domExceptionNameGet, v, NO_ARGS),
      )
      copyStack(v, copy)
      break
    }
    case K_NUMBER:
      copy = ObjectCtor(ReflectApply(numberValueOf, v, NO_ARGS))
      break
    case K_STRING:
      copy = ObjectCtor(ReflectApply(stringValueOf, v, NO_ARGS))
      break
    case K_BOOLEAN:
      copy = ObjectCtor(ReflectApply(booleanValueOf, v, NO_ARGS))
      break
    case K_BIGINT:
      copy = ObjectCtor(ReflectApply(bigintValueOf, v, NO_ARGS))
      break
    case K_SHARED_ARRAY_BUFFER:
      throw uncloneable(v, 'this sandbox does not share memory')
    default:
      throw uncloneable(v)
  }
  memory.set(v, copy)
  return copy
}

function fillClone(source, copy, kind, memory, work) {
  if (kind === K_PLAIN || kind === K_ARRAY) {
    const keys = ObjectKeys(source)
    let i = 0
    if (kind === K_ARRAY) {
      const length = source.length
      if (keys.length === length && (length === 0 || keys[length - 1] === `${length - 1}`)) {
        // Dense with no other properties (the keys are exactly 0..length-1): copy by index,
        // which keeps the copy a fast array.
        for (; i < length; i++) copy[i] = cloneProperty(source[i], memory, work)
        return
      }
      copy.length = length
    }
    for (; i < keys.length; i++) {
      const key = keys[i]
      const value = cloneProperty(source[key], memory, work)
      if (key === '__proto__') putOwn(copy, key, value)
      else copy[key] = value
    }
  } else if (kind === K_MAP) {
    const entries = []
    ReflectApply(mapForEach, source, [(value, key) => entries.push(key, value)])
    for (let i = 0; i < entries.length; i += 2) {
      copy.set(cloneValue(entries[i], memory, work), cloneValue(entries[i + 1], memory, work))
    }
  } else if (kind === K_SET) {
    const values = []
    ReflectApply(setForEach, source, [(value) => values.push(value)])
    for (let i = 0; i < values.length; i++) copy.add(cloneValue(values[i], memory, work))
  } else if (kind === K_ERROR) {
    const causeDesc = getOwnPropertyDescriptor(source, 'cause')
    if (causeDesc !== undefined && 'value' in causeDesc) {
      const cause = cloneValue(causeDesc.value, memory, work)
      defineProperty(copy, 'cause', { value: cause, writable: true, enumerable: false, configurable: true })
    }
  }
}

function structuredClone(value, options) {
  needArgs(arguments.length, 1, 'structuredClone')
  let transfer = null
  if (options != null) {
    if (typeof options !== 'object' && typeof options !== 'function') {
      throw new TypeErrorCtor("structuredClone's options must be an object.")
    }
    const list = options.transfer
    if (list !== undefined) {
      transfer = []
      for (const item of list) {
        if (kindOf(item) !== K_ARRAY_BUFFER) {
          throw new TypeErrorCtor('Only ArrayBuffers can be transferred by structuredClone in this sandbox.')
        }
        if (transfer.indexOf(item) >= 0) throw dataCloneError('The transfer list contains the same ArrayBuffer twice.')
        if (ReflectApply(arrayBufferDetachedGet, item, NO_ARGS)) {
          throw dataCloneError('An ArrayBuffer in the transfer list is already detached.')
        }
        transfer.push(item)
      }
    }
  }
  const memory = new MapCtor()
  const work = []
  const result = cloneValue(value, memory, work)
  while (work.length > 0) {
    const kind = work.pop()
    const copy = work.pop()
    const source = work.pop()
    fillClone(source, copy, kind, memory, work)
  }
  if (transfer !== null) {
    for (let i = 0; i < transfer.length; i++) ReflectApply(arrayBufferTransfer, transfer[i], NO_ARGS)
  }
  return result
}

ObjectFreeze(structuredClone)
