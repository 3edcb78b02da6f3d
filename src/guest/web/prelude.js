// ---- web platform globals: intrinsics and helpers shared by every chunk ---------------------
// Each chunk (see mod.rs) is one factory function whose body is this file followed by the
// chunk's own files; its parameters are the Rust host functions it needs, `kindOf`, and
// `platformBrands` (the brand checks of every loaded platform class, shared across chunks).
// A chunk is loaded the first time guest code reads one of its globals (lazy.js), so the
// intrinsics below are captured then; the bootstrap has frozen the ones this code relies on.
// Host functions are only ever called directly, never handed to anything guest code can reach.
//
// Robustness against guest patches: the bootstrap freezes the prototypes of Object, Array,
// String, Number, Map, Set, RegExp, Date, Error, %TypedArray% and functions, so methods called
// on primitives and on objects this code created are safe to call directly. Functions applied to
// guest-supplied objects (brand checks, getters) are called through Reflect.apply; internal
// arrays are walked with index loops (array iterators are not frozen). At worst a guest that
// patches an unfrozen built-in (say DataView.prototype) breaks these classes for itself.

const ObjectFreeze = Object.freeze
const ObjectCreate = Object.create
const ObjectKeys = Object.keys
const defineProperty = Object.defineProperty
const getOwnPropertyDescriptor = Object.getOwnPropertyDescriptor
const getPrototypeOf = Object.getPrototypeOf
const ReflectApply = Reflect.apply
const MapCtor = Map
const SetCtor = Set
const ArrayBufferCtor = ArrayBuffer
const Uint8ArrayCtor = Uint8Array
const TypeErrorCtor = TypeError
const RangeErrorCtor = RangeError
const DOMExceptionCtor = DOMException
const SymbolIterator = Symbol.iterator
const SymbolToStringTag = Symbol.toStringTag
const NO_ARGS = ObjectFreeze([])
const typedArrayProto = getPrototypeOf(Uint8Array.prototype)
const iteratorPrototype = getPrototypeOf(getPrototypeOf([][SymbolIterator]()))
const typedArrayTagGet = getOwnPropertyDescriptor(typedArrayProto, SymbolToStringTag).get

/** The typed array's constructor name ('Uint8Array', ...), or undefined for anything else. */
function typedArrayTag(v) {
  return ReflectApply(typedArrayTagGet, v, NO_ARGS)
}

const getterOf = (proto, key) => getOwnPropertyDescriptor(proto, key).get
const viewGetters = [
  [getterOf(typedArrayProto, 'buffer'), getterOf(typedArrayProto, 'byteOffset'), getterOf(typedArrayProto, 'byteLength')],
  [getterOf(DataView.prototype, 'buffer'), getterOf(DataView.prototype, 'byteOffset'), getterOf(DataView.prototype, 'byteLength')],
]

/** [buffer, byteOffset, byteLength] of a typed array (`dataView` false) or DataView (true). */
function viewParts(view, dataView) {
  const g = viewGetters[dataView ? 1 : 0]
  return [ReflectApply(g[0], view, NO_ARGS), ReflectApply(g[1], view, NO_ARGS), ReflectApply(g[2], view, NO_ARGS)]
}

// Kinds returned by the host's kindOf (kinds.rs); 0 is anything else.
const K_PLAIN = 1
const K_ARRAY = 2
const K_DATE = 3
const K_REGEXP = 4
const K_MAP = 5
const K_SET = 6
const K_ARRAY_BUFFER = 7
const K_SHARED_ARRAY_BUFFER = 8
const K_TYPED_ARRAY = 9
const K_DATA_VIEW = 10
const K_ERROR = 11
const K_DOM_EXCEPTION = 12
const K_NUMBER = 13
const K_STRING = 14
const K_BOOLEAN = 15
const K_BIGINT = 16

/** Freezes classes: their prototypes and the constructors (with their static members). */
function freezeClasses(classes) {
  for (let i = 0; i < classes.length; i++) {
    ObjectFreeze(classes[i].prototype)
    ObjectFreeze(classes[i])
  }
}

/** WebIDL USVString conversion: ToString (throws for symbols), lone surrogates -> U+FFFD. */
function toUSV(v) {
  return (typeof v === 'string' ? v : `${v}`).toWellFormed()
}

/** TypeError for a call with fewer arguments than the method requires (WebIDL). */
function needArgs(count, required, what) {
  if (count < required) {
    throw new TypeErrorCtor(
      `${what} requires ${required} argument${required === 1 ? '' : 's'}, but only ${count} ${count === 1 ? 'was' : 'were'} given.`,
    )
  }
}

/** Reports an exception thrown by a guest callback the platform calls (an event listener) the
 * way a browser console would, instead of losing it or breaking the dispatch. */
function reportException(where, e) {
  try {
    globalThis.console.error(`Uncaught exception in ${where}:`, e)
  } catch {}
}

/** A Uint8Array over the bytes of an ArrayBuffer, SharedArrayBuffer or any ArrayBufferView;
 * undefined for anything else. */
function bytesOf(input) {
  if (input === null || typeof input !== 'object') return undefined
  const tag = typedArrayTag(input)
  if (tag === 'Uint8Array') return input
  const kind = tag === undefined ? kindOf(input) : K_TYPED_ARRAY
  if (kind === K_TYPED_ARRAY || kind === K_DATA_VIEW) {
    const parts = viewParts(input, kind === K_DATA_VIEW)
    return new Uint8ArrayCtor(parts[0], parts[1], parts[2])
  }
  if (kind === K_ARRAY_BUFFER || kind === K_SHARED_ARRAY_BUFFER) return new Uint8ArrayCtor(input)
  return undefined
}
