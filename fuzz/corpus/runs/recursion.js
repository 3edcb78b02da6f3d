function f(n) { return n <= 0 ? 0 : 1 + f(n - 1) }
try { f(1e6) } catch (e) { console.log(String(e)) }
return f(100)
