const ñandú = "🦤 \u{1F600} é"; // commentaire: données
const 名前: string = "山田"
const sep = "a\u2028b"
/* 块注释 */ const re = /[\p{L}]+/gu
return [ñandú.length, 名前, sep, "x".match(re), `${名前}様`]
