const s = 'ab'.repeat(1e5)
const a = Array.from({ length: 1e4 }, (_, i) => i)
return [s.indexOf('zz'), s.replaceAll('a', 'bb').length, a.sort((x, y) => y - x)[0], a.reverse().join('-').length, String(2n ** 5000n).length]
