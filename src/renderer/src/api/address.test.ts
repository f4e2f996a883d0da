import { describe, expect, it } from 'vitest'
import { addressWithoutToken } from './address'

describe('the address once the token cookie is set', () => {
  it('drops the token and keeps everything else', () => {
    expect(addressWithoutToken('http://127.0.0.1:8080/?token=abc')).toBe('/')
    expect(addressWithoutToken('http://127.0.0.1:8080/?view=jobs&token=abc&x=1#row-4')).toBe('/?view=jobs&x=1#row-4')
    expect(addressWithoutToken('http://127.0.0.1:8080/?token=a&token=b')).toBe('/')
  })

  it('leaves an address without a token alone', () => {
    expect(addressWithoutToken('http://127.0.0.1:8080/?view=jobs')).toBeUndefined()
  })
})
