const xs = await Promise.all([tools.echo({ a: 1 }), tools.slow([1, 2]), tools.fail({}).catch((e) => e.code)])
console.log(xs)
return xs
