try {
  await tools.payments.refund({ orderId: "o-1", amount: 10.5 })
} catch (e: unknown) {
  if (e instanceof ToolError && e.code === "INVALID_INPUT") {
    console.warn(e.message)
  } else {
    throw e
  }
} finally {
  console.log("done")
}
