// The server delivers (and bills) every version of this device's own writes back to its
// listener, even one the view never shows because a later local write to the document
// was still pending. Each such version is counted once: at its acknowledgement or when
// the view shows it, whichever comes first. Pure: the listener feeds it and counts.
export class OwnEchoes {
  /** per document, the newest own version counted at acknowledgement and not yet shown */
  private readonly ackedFirst = new Map<string, number>();
  /** per document, an own version shown (and counted) before its acknowledgement */
  private readonly shownFirst = new Map<string, number>();

  /** A write of this device, version `rev`, was acknowledged: whether that is a read not yet counted. */
  acknowledged(id: string, rev: number): boolean {
    if (this.shownFirst.get(id) === rev) {
      this.shownFirst.delete(id);
      return false;
    }
    this.ackedFirst.set(id, Math.max(rev, this.ackedFirst.get(id) ?? 0));
    return true;
  }

  /**
   * The view shows a server version: whether it is a read not yet counted. `own`: this
   * device wrote it; `writing`: a write of this device to the document awaits its
   * acknowledgement (only then can the acknowledgement still come).
   */
  delivered(id: string, rev: number, own: boolean, writing: boolean): boolean {
    const acked = this.ackedFirst.get(id);
    // a version at or past the newest acknowledged one ends the wait for its echo
    if (acked !== undefined && rev >= acked) this.ackedFirst.delete(id);
    if (own && acked !== undefined && rev <= acked) return false;
    if (own && writing) this.shownFirst.set(id, rev);
    return true;
  }
}
