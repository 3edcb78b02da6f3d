type Row = { name: string; score: number }
const rows = [{ name: "a", score: 2 }, { name: "b", score: 1 }] satisfies Row[]
const byScore = <K extends keyof Row>(key: K) => (a: Row, b: Row) => (a[key] < b[key] ? -1 : 1)
const sorted = rows.toSorted(byScore("score"))
const first = sorted[0]!
return { first: first.name as const, n: sorted.length, map: new Map<string, Row>(rows.map((r) => [r.name, r])).size }
