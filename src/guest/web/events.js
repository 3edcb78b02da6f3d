// ---- Event and EventTarget (DOM Standard, the parts without a tree) -------------------------
// Listeners run in registration order with `this` = the target; `once`, `passive`, `signal`
// and `handleEvent` objects work; an exception in a listener is reported to console.error and
// does not stop the others. No capture/bubble phases (there is no tree to walk).

const performanceNow = performance.now
let setTrusted, isEventBrand, eventType, dispatchTo, removeListener

class Event {
  #type
  #bubbles
  #cancelable
  #composed
  #target = null
  #currentTarget = null
  #phase = 0
  #canceled = false
  #inPassive = false
  #stop = false
  #stopImmediate = false
  #dispatching = false
  #trusted = false
  #timeStamp

  constructor(type, eventInitDict) {
    needArgs(arguments.length, 1, "Event's constructor")
    this.#type = toUSV(type)
    const init = eventInitDict == null ? {} : eventInitDict
    if (typeof init !== 'object' && typeof init !== 'function') {
      throw new TypeErrorCtor("The Event's init argument must be an object.")
    }
    this.#bubbles = !!init.bubbles
    this.#cancelable = !!init.cancelable
    this.#composed = !!init.composed
    this.#timeStamp = ReflectApply(performanceNow, undefined, NO_ARGS)
  }
  get type() {
    return this.#type
  }
  get target() {
    return this.#target
  }
  get srcElement() {
    return this.#target
  }
  get currentTarget() {
    return this.#currentTarget
  }
  get eventPhase() {
    return this.#phase
  }
  get bubbles() {
    return this.#bubbles
  }
  get cancelable() {
    return this.#cancelable
  }
  get composed() {
    return this.#composed
  }
  get defaultPrevented() {
    return this.#canceled
  }
  get returnValue() {
    return !this.#canceled
  }
  set returnValue(v) {
    if (!v) this.preventDefault()
  }
  get cancelBubble() {
    return this.#stop
  }
  set cancelBubble(v) {
    if (v) this.#stop = true
  }
  get isTrusted() {
    return this.#trusted
  }
  get timeStamp() {
    return this.#timeStamp
  }
  composedPath() {
    return this.#dispatching && this.#currentTarget !== null ? [this.#currentTarget] : []
  }
  preventDefault() {
    if (this.#cancelable && !this.#inPassive) this.#canceled = true
  }
  stopPropagation() {
    this.#stop = true
  }
  stopImmediatePropagation() {
    this.#stop = true
    this.#stopImmediate = true
  }

  // Dispatch steps that need the private state (a static block keeps them out of reach).
  static {
    isEventBrand = (v) => #type in v
    eventType = (event) => event.#type
    platformBrands.push(isEventBrand)
    setTrusted = (event) => {
      event.#trusted = true
    }
    dispatchTo = (target, event, listeners) => {
      if (event.#dispatching) {
        throw new DOMExceptionCtor('The event is already being dispatched.', 'InvalidStateError')
      }
      event.#dispatching = true
      event.#target = target
      event.#currentTarget = target
      event.#phase = 2
      event.#stop = false
      event.#stopImmediate = false
      try {
        for (let i = 0; i < listeners.length; i++) {
          const l = listeners[i]
          if (l.removed) continue
          if (l.once) removeListener(target, l)
          event.#inPassive = l.passive
          callListener(l, target, event)
          event.#inPassive = false
          if (event.#stopImmediate) break
        }
      } finally {
        event.#dispatching = false
        event.#currentTarget = null
        event.#phase = 0
        event.#inPassive = false
      }
      return !event.#canceled
    }
  }
}
const eventPhases = ['NONE', 'CAPTURING_PHASE', 'AT_TARGET', 'BUBBLING_PHASE']
for (let i = 0; i < eventPhases.length; i++) {
  defineProperty(Event, eventPhases[i], { value: i, enumerable: true })
  defineProperty(Event.prototype, eventPhases[i], { value: i, enumerable: true })
}
defineProperty(Event.prototype, SymbolToStringTag, { value: 'Event', configurable: true })

function callListener(l, target, event) {
  const cb = l.callback
  try {
    if (typeof cb === 'function') {
      ReflectApply(cb, target, [event])
    } else {
      const handle = cb.handleEvent
      if (typeof handle !== 'function') throw new TypeErrorCtor("The listener's handleEvent is not a function.")
      ReflectApply(handle, cb, [event])
    }
  } catch (e) {
    reportException(`'${eventType(event)}' event listener`, e)
  }
}

/** Normalises addEventListener's third argument. */
function listenerOptions(options) {
  if (options === null || (typeof options !== 'object' && typeof options !== 'function')) {
    return { capture: !!options, once: false, passive: false, signal: undefined }
  }
  const signal = options.signal
  if (signal !== undefined && !isAbortSignal(signal)) {
    throw new TypeErrorCtor("The 'signal' option must be an AbortSignal.")
  }
  return { capture: !!options.capture, once: !!options.once, passive: !!options.passive, signal }
}

class EventTarget {
  // type -> array of listener records { callback, capture, once, passive, removed }
  #listeners = new MapCtor()

  addEventListener(type, callback, options) {
    needArgs(arguments.length, 2, 'addEventListener')
    type = toUSV(type)
    const o = listenerOptions(options)
    if (callback == null) return
    if (typeof callback !== 'function' && typeof callback !== 'object') {
      throw new TypeErrorCtor("addEventListener's listener must be a function or an object with handleEvent.")
    }
    if (o.signal !== undefined && signalAborted(o.signal)) return
    let list = this.#listeners.get(type)
    if (list === undefined) {
      list = []
      this.#listeners.set(type, list)
    }
    for (let i = 0; i < list.length; i++) {
      if (list[i].callback === callback && list[i].capture === o.capture) return
    }
    const record = { type, callback, capture: o.capture, once: o.once, passive: o.passive, removed: false }
    list.push(record)
    if (o.signal !== undefined) {
      addAbortAlgorithm(o.signal, () => removeListener(this, record))
    }
  }

  removeEventListener(type, callback, options) {
    needArgs(arguments.length, 2, 'removeEventListener')
    type = toUSV(type)
    const capture =
      options !== null && (typeof options === 'object' || typeof options === 'function') ? !!options.capture : !!options
    const list = this.#listeners.get(type)
    if (list === undefined) return
    for (let i = 0; i < list.length; i++) {
      const l = list[i]
      if (l.callback === callback && l.capture === capture) {
        removeListener(this, l)
        return
      }
    }
  }

  dispatchEvent(event) {
    needArgs(arguments.length, 1, 'dispatchEvent')
    if (!isEvent(event)) throw new TypeErrorCtor("dispatchEvent's argument must be an Event.")
    const list = this.#listeners.get(eventType(event))
    // A snapshot: listeners added during dispatch wait for the next event.
    const listeners = list === undefined ? [] : list.slice()
    return dispatchTo(this, event, listeners)
  }

  static {
    platformBrands.push((v) => #listeners in v)
    removeListener = (target, record) => {
      record.removed = true
      const list = target.#listeners.get(record.type)
      if (list === undefined) return
      const i = list.indexOf(record)
      if (i >= 0) list.splice(i, 1)
    }
  }
}
defineProperty(EventTarget.prototype, SymbolToStringTag, { value: 'EventTarget', configurable: true })

function isEvent(v) {
  return v !== null && typeof v === 'object' && isEventBrand(v)
}
