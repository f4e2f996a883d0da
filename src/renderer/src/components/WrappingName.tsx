import { Fragment } from 'react'
import { nameParts } from './name-parts'

/**
 * A long identifier that wraps after its underscores, slashes and dots rather than being cut off; its text
 * (and so its accessible name) is the identifier unchanged.
 */
export function WrappingName({ text }: { text: string }): React.JSX.Element {
  return (
    <>
      {nameParts(text).map((part, i) => (
        <Fragment key={i}>
          {i > 0 && <wbr />}
          {part}
        </Fragment>
      ))}
    </>
  )
}
