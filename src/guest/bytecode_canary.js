// Compiled by build.rs and again, once per process, at run time (src/guest/prebuilt.rs): equal
// bytes mean this process's QuickJS reads build-time bytecode as it was written. So it uses many
// kinds of syntax (each compiles to its own opcodes and atoms). Its value is checked by a test.
;(() => {
  'use strict'
  class Counter {
    #count = 0n
    static label = `counter`
    get count() {
      return this.#count
    }
    add(step = 1n) {
      this.#count += step
      return this
    }
  }
  function* pairs(obj) {
    for (const [key, value] of Object.entries(obj)) yield `${key}=${value}`
  }
  const tag = (strings, ...values) => strings.raw.join('|') + values.length
  const counted = new Counter().add().add(2n)
  const { a, b: [first, ...rest] = [], ...others } = { a: 1, b: [2, 3, 4], c: 5 }
  let text = [...pairs({ a, first, rest: rest.length, others: others.c })].join('&')
  outer: for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) {
      if (i * j === 2) break outer
      text += i ** j
    }
  }
  try {
    null?.x.y
    undefined.z
  } catch (e) {
    text += e instanceof TypeError ? '!' : '?'
  } finally {
    text += /(?<word>c\w+)/u.exec(Counter.label)?.groups.word ?? ''
  }
  const later = async (x) => (await x) ?? 0
  void later
  return `${text}:${counted.count}:${tag`x${1}y`}:${typeof globalThis}`
})()
