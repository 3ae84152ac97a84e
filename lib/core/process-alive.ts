/**
 * Whether process `pid` of this host is running: signal 0 checks without signalling, and EPERM
 * means it runs under another user.
 */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}
