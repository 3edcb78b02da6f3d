try { throw undefined } catch (e) { console.log(typeof e) }
try { throw { toString() { throw 1 } } } catch (e) {}
Promise.reject(Object.create(null))
throw new Proxy(new Error('p'), { get() { throw 2 } })
