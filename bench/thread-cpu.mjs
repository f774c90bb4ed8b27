// The CPU time of the calling thread, in ms, for the probes of the server processes: on Linux its
// own (/proc/thread-self/schedstat counts ns on the CPU; a read costs a few µs), so GC helper
// threads working beside it do not count; elsewhere the process's stands in.
import { openSync, readSync } from 'node:fs'

export const threadCpuMs = (() => {
  try {
    const fd = openSync('/proc/thread-self/schedstat', 'r')
    const buf = Buffer.alloc(128)
    return () => Number(buf.toString('latin1', 0, readSync(fd, buf, 0, buf.length, 0)).split(' ')[0]) / 1e6
  } catch {
    return () => {
      const used = process.cpuUsage()
      return (used.user + used.system) / 1000
    }
  }
})()
