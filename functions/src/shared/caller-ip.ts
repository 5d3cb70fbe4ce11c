// The caller's IP for throttles. Express's `req.ip` with "trust proxy" is the leftmost
// X-Forwarded-For entry, which the caller writes itself; Google's front end appends the
// address it saw, so the last entry is the one a caller cannot choose.
export function callerIp(forwardedFor: string | string[] | undefined, socketAddress: string | undefined): string {
  const header = [forwardedFor ?? []].flat().join(",");
  const entries = header.split(",").map((s) => s.trim()).filter(Boolean);
  return entries[entries.length - 1] ?? socketAddress ?? "unknown";
}
