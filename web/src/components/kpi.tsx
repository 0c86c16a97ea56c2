/** One headline number with its label. */
export function Kpi({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <div class="kpi">
      <div class="kpi-label">{label}</div>
      <div class="kpi-value">{value}</div>
      {hint && <div class="kpi-hint">{hint}</div>}
    </div>
  );
}
