import { useState } from 'react'
import { ResumeDialog } from './ResumeDialog'

/** "Resume", which first shows what resuming will do; the same on the home list and in the monitor. */
export function ResumeButton({ workDir, name, prominent = false }: { workDir: string; name: string; prominent?: boolean }): React.JSX.Element {
  const [open, setOpen] = useState(false)
  return (
    <>
      <button type="button" className={prominent ? 'primary' : undefined} aria-label={`Resume ${name}`} onClick={() => setOpen(true)}>
        Resume
      </button>
      {open && <ResumeDialog workDir={workDir} name={name} onClose={() => setOpen(false)} />}
    </>
  )
}
