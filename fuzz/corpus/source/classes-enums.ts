enum Status { Open = "open", Closed = "closed" }
abstract class Shape { abstract area(): number }
class Circle extends Shape {
  constructor(private readonly r: number) { super() }
  area(): number { return Math.PI * this.r ** 2 }
}
namespace Geo { export const unit = "m" }
const shapes: Shape[] = [new Circle(1), new Circle(2)]
export default { total: shapes.reduce((s, x) => s + x.area(), 0), unit: Geo.unit, status: Status.Open }
