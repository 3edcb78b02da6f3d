```ts
const x: number = 
if (x > 1 {
  return x
```
