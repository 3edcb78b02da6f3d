// What a guest program has besides its tools (src/guest/bootstrap.js and src/guest/web/), as
// the type checker reads it beside `lib.esnext` (no DOM, no Node). `tools`, `codemode`,
// `ToolError` and `ToolInputError` come with the tools' declarations.

interface Console {
  log(...data: any[]): void
  info(...data: any[]): void
  warn(...data: any[]): void
  error(...data: any[]): void
  debug(...data: any[]): void
}
declare var console: Console

declare function setTimeout(handler: (...args: any[]) => void, timeout?: number, ...args: any[]): number
declare function setInterval(handler: (...args: any[]) => void, timeout?: number, ...args: any[]): number
declare function clearTimeout(id: number | undefined): void
declare function clearInterval(id: number | undefined): void
declare function queueMicrotask(callback: () => void): void
declare function structuredClone<T = any>(value: T, options?: { transfer?: any[] }): T
declare function atob(data: string): string
declare function btoa(data: string): string

interface Performance {
  /** Milliseconds since the run started. */
  now(): number
  readonly timeOrigin: number
  toJSON(): any
}
declare var performance: Performance

interface EventListener {
  (evt: Event): void
}
interface EventListenerObject {
  handleEvent(object: Event): void
}
type EventListenerOrEventListenerObject = EventListener | EventListenerObject
interface EventInit {
  bubbles?: boolean
  cancelable?: boolean
  composed?: boolean
}
interface AddEventListenerOptions {
  capture?: boolean
  once?: boolean
  passive?: boolean
  signal?: AbortSignal
}
interface Event {
  readonly type: string
  readonly target: EventTarget | null
  readonly srcElement: EventTarget | null
  readonly currentTarget: EventTarget | null
  readonly eventPhase: number
  readonly bubbles: boolean
  readonly cancelable: boolean
  readonly composed: boolean
  readonly defaultPrevented: boolean
  returnValue: boolean
  cancelBubble: boolean
  readonly isTrusted: boolean
  readonly timeStamp: number
  composedPath(): EventTarget[]
  preventDefault(): void
  stopPropagation(): void
  stopImmediatePropagation(): void
  readonly NONE: 0
  readonly CAPTURING_PHASE: 1
  readonly AT_TARGET: 2
  readonly BUBBLING_PHASE: 3
}
declare var Event: {
  prototype: Event
  new (type: string, eventInitDict?: EventInit): Event
  readonly NONE: 0
  readonly CAPTURING_PHASE: 1
  readonly AT_TARGET: 2
  readonly BUBBLING_PHASE: 3
}
interface EventTarget {
  addEventListener(
    type: string,
    callback: EventListenerOrEventListenerObject | null,
    options?: AddEventListenerOptions | boolean,
  ): void
  removeEventListener(
    type: string,
    callback: EventListenerOrEventListenerObject | null,
    options?: { capture?: boolean } | boolean,
  ): void
  dispatchEvent(event: Event): boolean
}
declare var EventTarget: {
  prototype: EventTarget
  new (): EventTarget
}

interface AbortSignal extends EventTarget {
  readonly aborted: boolean
  readonly reason: any
  onabort: ((this: AbortSignal, ev: Event) => any) | null
  throwIfAborted(): void
}
declare var AbortSignal: {
  prototype: AbortSignal
  abort(reason?: any): AbortSignal
  timeout(milliseconds: number): AbortSignal
  any(signals: AbortSignal[]): AbortSignal
}
interface AbortController {
  readonly signal: AbortSignal
  abort(reason?: any): void
}
declare var AbortController: {
  prototype: AbortController
  new (): AbortController
}

interface DOMException extends Error {
  readonly code: number
  readonly message: string
  readonly name: string
}
declare var DOMException: {
  prototype: DOMException
  new (message?: string, options?: string | { name?: string; cause?: unknown }): DOMException
  readonly INDEX_SIZE_ERR: 1
  readonly DOMSTRING_SIZE_ERR: 2
  readonly HIERARCHY_REQUEST_ERR: 3
  readonly WRONG_DOCUMENT_ERR: 4
  readonly INVALID_CHARACTER_ERR: 5
  readonly NO_DATA_ALLOWED_ERR: 6
  readonly NO_MODIFICATION_ALLOWED_ERR: 7
  readonly NOT_FOUND_ERR: 8
  readonly NOT_SUPPORTED_ERR: 9
  readonly INUSE_ATTRIBUTE_ERR: 10
  readonly INVALID_STATE_ERR: 11
  readonly SYNTAX_ERR: 12
  readonly INVALID_MODIFICATION_ERR: 13
  readonly NAMESPACE_ERR: 14
  readonly INVALID_ACCESS_ERR: 15
  readonly VALIDATION_ERR: 16
  readonly TYPE_MISMATCH_ERR: 17
  readonly SECURITY_ERR: 18
  readonly NETWORK_ERR: 19
  readonly ABORT_ERR: 20
  readonly URL_MISMATCH_ERR: 21
  readonly QUOTA_EXCEEDED_ERR: 22
  readonly TIMEOUT_ERR: 23
  readonly INVALID_NODE_TYPE_ERR: 24
  readonly DATA_CLONE_ERR: 25
}

interface TextEncoderEncodeIntoResult {
  read: number
  written: number
}
interface TextEncoder {
  readonly encoding: string
  encode(input?: string): Uint8Array
  encodeInto(source: string, destination: Uint8Array): TextEncoderEncodeIntoResult
}
declare var TextEncoder: {
  prototype: TextEncoder
  new (): TextEncoder
}
type AllowSharedBufferSource = ArrayBufferLike | ArrayBufferView
interface TextDecoder {
  readonly encoding: string
  readonly fatal: boolean
  readonly ignoreBOM: boolean
  decode(input?: AllowSharedBufferSource, options?: { stream?: boolean }): string
}
declare var TextDecoder: {
  prototype: TextDecoder
  new (label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean }): TextDecoder
}

interface URLSearchParams {
  readonly size: number
  append(name: string, value: string): void
  delete(name: string, value?: string): void
  get(name: string): string | null
  getAll(name: string): string[]
  has(name: string, value?: string): boolean
  set(name: string, value: string): void
  sort(): void
  toString(): string
  forEach(callbackfn: (value: string, key: string, parent: URLSearchParams) => void, thisArg?: any): void
  entries(): IterableIterator<[string, string]>
  keys(): IterableIterator<string>
  values(): IterableIterator<string>
  [Symbol.iterator](): IterableIterator<[string, string]>
}
declare var URLSearchParams: {
  prototype: URLSearchParams
  new (init?: string[][] | Record<string, string> | string | URLSearchParams): URLSearchParams
}
interface URL {
  hash: string
  host: string
  hostname: string
  href: string
  readonly origin: string
  password: string
  pathname: string
  port: string
  protocol: string
  search: string
  readonly searchParams: URLSearchParams
  username: string
  toString(): string
  toJSON(): string
}
declare var URL: {
  prototype: URL
  new (url: string | URL, base?: string | URL): URL
  canParse(url: string | URL, base?: string | URL): boolean
  parse(url: string | URL, base?: string | URL): URL | null
}

interface Crypto {
  getRandomValues<T extends ArrayBufferView | null>(array: T): T
  randomUUID(): `${string}-${string}-${string}-${string}-${string}`
}
declare var crypto: Crypto

// Imports of the tool modules (`./servers/<ns>`, `@codemode/servers/<ns>`, ...) are bound by the
// source step, which refuses unknown ones before anything runs; for the checker they are `any`.
declare module './servers*'
declare module '@codemode/*'
