import { useEffect, useRef } from 'react'
import { uploadProgress, type UploadProgress } from '../features/dataset/upload-progress'
import { humanBytes } from '../format'

/** Draws upload progress straight from its store's subscription: no React render per chunk. */
export function UploadBar(): React.JSX.Element {
  const root = useRef<HTMLDivElement>(null)
  const fill = useRef<HTMLDivElement>(null)
  const text = useRef<HTMLSpanElement>(null)

  useEffect(() => {
    const draw = (p: UploadProgress): void => {
      if (root.current === null || fill.current === null || text.current === null) return
      root.current.hidden = !p.active
      const ratio = p.bytesTotal > 0 ? p.bytesDone / p.bytesTotal : 0
      fill.current.style.width = `${(ratio * 100).toFixed(1)}%`
      root.current.setAttribute('aria-valuenow', String(Math.round(ratio * 100)))
      text.current.textContent = `Uploading ${p.fileName} — ${humanBytes(p.bytesDone)} of ${humanBytes(p.bytesTotal)} (file ${Math.min(p.filesDone + 1, p.filesTotal)} of ${p.filesTotal})`
    }
    draw(uploadProgress.getState())
    return uploadProgress.subscribe(draw)
  }, [])

  return (
    <div ref={root} className="upload-bar" role="progressbar" aria-label="Upload progress" aria-valuemin={0} aria-valuemax={100} hidden>
      <div ref={fill} className="upload-fill" />
      <span ref={text} className="upload-text" />
    </div>
  )
}
