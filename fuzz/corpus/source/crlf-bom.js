const a = 1;
const b = a + 1;
export default b
