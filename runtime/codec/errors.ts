// Decoding errors carry the same names as the core's codes (assembly/errors.ts), so the
// TypeScript decoder and the core's can be compared case by case.
import { CORE_ERRORS } from '../errors.generated.js'

const CODE_BY_NAME = new Map(Object.entries(CORE_ERRORS).map(([code, e]) => [e.name, Number(code)]))

export class CodecError extends Error {
  readonly coreName: string
  readonly code: number
  constructor(coreName: string, message: string) {
    super(`${message} (${coreName})`)
    this.name = 'CodecError'
    this.coreName = coreName
    const code = CODE_BY_NAME.get(coreName)
    if (code === undefined) throw new Error(`CodecError: unknown core error name ${coreName}`)
    this.code = code
  }
}
