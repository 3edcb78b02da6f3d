// Images in a program's result: base64 text is expensive and useless to a model as JSON, so each
// image is cut out of the value (a short placeholder stays in the text) and handed to the model
// as an image part by `toModelOutput`.

const MAX_DEPTH = 64

/**
 * `value` with every image replaced by a placeholder, and the images taken out, in order.
 * An image is MCP's `{ type: 'image', data, mimeType }` or the AI SDK's
 * `{ type: 'image-data', data, mediaType }` (base64 `data`).
 */
export function extractImages(value) {
  const images = []
  // Most results hold no image: look first, copy only when there is one to cut out.
  if (!containsImage(value, 0)) return { value, images }
  return { value: walk(value, images, 0), images }
}

function containsImage(value, depth) {
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return false
  if (asImage(value)) return true
  for (const v of Array.isArray(value) ? value : Object.values(value)) if (containsImage(v, depth + 1)) return true
  return false
}

function walk(value, images, depth) {
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return value
  const image = asImage(value)
  if (image) {
    images.push(image)
    const kb = Math.round((image.data.length * 3) / 4 / 1024)
    return `[image ${images.length}: ${image.mediaType}, ${kb} KB, attached below]`
  }
  if (Array.isArray(value)) return value.map((v) => walk(v, images, depth + 1))
  const out = {}
  for (const [k, v] of Object.entries(value)) out[k] = walk(v, images, depth + 1)
  return out
}

function asImage(value) {
  if (typeof value.data !== 'string') return undefined
  if (value.type === 'image' && typeof value.mimeType === 'string') {
    return { data: value.data, mediaType: value.mimeType }
  }
  if (value.type === 'image-data' && typeof value.mediaType === 'string') {
    return { data: value.data, mediaType: value.mediaType }
  }
  return undefined
}

/**
 * The code tool's `toModelOutput`: its text as a text part, plus any images as image parts
 * (`image-data`, which AI SDK v6 and v7 both send to providers as images).
 */
export function toModelOutput({ output }) {
  if (typeof output === 'string') return { type: 'text', value: output }
  if (output && typeof output.text === 'string' && Array.isArray(output.images)) {
    return {
      type: 'content',
      value: [
        { type: 'text', text: output.text },
        ...output.images.map((image) => ({ type: 'image-data', data: image.data, mediaType: image.mediaType })),
      ],
    }
  }
  return { type: 'json', value: output ?? null }
}
