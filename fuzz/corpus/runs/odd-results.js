const o = { toJSON() { return tools.echo(1) } }
const c = {}; c.c = c
return [o, () => 1, Symbol('s'), 1n, c]
