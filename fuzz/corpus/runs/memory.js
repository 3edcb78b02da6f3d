const keep = []
for (let i = 0; i < 1e6; i++) {
  try { keep.push(new Array(1e5).fill(i)) } catch { keep.length = 0 }
}
