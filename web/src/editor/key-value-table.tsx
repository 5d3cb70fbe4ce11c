// An editable list of key/value rows (query parameters, headers, form fields, auth
// attributes): enabled, key, value, description, delete; a row to add at the end.
import type { KeyValue } from "@syncgate/client";

export interface KeyValueTableProps {
  name: string;
  rows: readonly KeyValue[];
  onChange: (rows: KeyValue[]) => void;
  /** a row whose value is not text here (a form-data file, say): shown, not edited */
  fixedValue?: (row: KeyValue) => string | undefined;
  /** values shown as password fields */
  masked?: boolean;
}

const show = (v: unknown) => (typeof v === "string" ? v : v === null || v === undefined ? "" : JSON.stringify(v));

export function KeyValueTable({ name, rows, onChange, fixedValue, masked }: KeyValueTableProps) {
  const set = (i: number, patch: Partial<KeyValue>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <table className="kv" data-table={name}>
      <tbody>
        {rows.map((row, i) => {
          const fixed = fixedValue?.(row);
          return (
            <tr key={i}>
              <td>
                <input type="checkbox" name="enabled" title="enabled" checked={!row.disabled} onChange={(e) => set(i, { disabled: !e.target.checked })} />
              </td>
              <td>
                <input name="key" placeholder="key" value={row.key ?? ""} onChange={(e) => set(i, { key: e.target.value })} />
              </td>
              <td>
                {fixed !== undefined ? (
                  <input name="value" value={fixed} disabled />
                ) : (
                  <input name="value" placeholder="value" type={masked ? "password" : "text"} value={show(row.value)} onChange={(e) => set(i, { value: e.target.value })} />
                )}
              </td>
              <td>
                <input name="description" placeholder="description" value={row.description ?? ""} onChange={(e) => set(i, { description: e.target.value })} />
              </td>
              <td>
                <button type="button" title="remove" data-remove-row={i} onClick={() => onChange(rows.filter((_, j) => j !== i))}>
                  ✕
                </button>
              </td>
            </tr>
          );
        })}
      </tbody>
      <tfoot>
        <tr>
          <td colSpan={5}>
            <button type="button" data-add-row={name} onClick={() => onChange([...rows, { key: "", value: "" }])}>
              + Add
            </button>
          </td>
        </tr>
      </tfoot>
    </table>
  );
}
