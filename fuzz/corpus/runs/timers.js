let n = 0
const t = setInterval(() => { n++ }, 1)
await new Promise((r) => setTimeout(r, 50))
clearInterval(t)
setTimeout(() => { throw Symbol('late') }, 0)
return n > 0
