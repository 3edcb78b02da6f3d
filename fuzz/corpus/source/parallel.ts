async function fetchAll<T>(ids: readonly string[], get: (id: string) => Promise<T>): Promise<T[]> {
  return Promise.all(ids.map((id) => get(id)))
}
const users = await fetchAll(["1", "2", "3"], (id) => tools.users.get({ id }))
console.log(`got ${users.length} users`)
users.length
