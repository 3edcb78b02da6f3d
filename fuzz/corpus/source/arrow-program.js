async () => {
  const page = await tools.search({ query: "quickjs", limit: 5 })
  let text = ""
  for (let i = 0; i < page.items.length; i++) text += `${i}: ${page.items[i].title}\n`
  return text.trim()
}
