tools.never({})
const r = await Promise.race([tools.never({}), tools.slow('x')])
await tools.big({ n: 5e6 }).catch((e) => e.code)
return { r, bad: await tools.bad({}).catch((e) => e.name) }
