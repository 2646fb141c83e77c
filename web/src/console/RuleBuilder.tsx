import { emptyRule, type RuleForm } from './campaign-form';

interface Props {
  kind: 'Include' | 'Exclude';
  rules: RuleForm[];
  onChange: (rules: RuleForm[]) => void;
}

const TEXT_FIELDS: Array<[keyof RuleForm, string, string]> = [
  ['categories', 'Categories', 'e.g. dairy, bakery'],
  ['brands', 'Brands', 'e.g. Oatly'],
  ['skus', 'Products (SKUs)', 'e.g. SKU-1, SKU-2'],
];

/**
 * The audience rules as form fields, no JSON: a shopper matches a rule who bought any of its
 * products, categories or brands in at least N orders within the last D days; the audience is
 * who matches every include rule and no exclude rule.
 */
export function RuleBuilder({ kind, rules, onChange }: Props) {
  const set = (i: number, patch: Partial<RuleForm>) => onChange(rules.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <div>
      {rules.map((rule, i) => {
        const name = `${kind} rule ${i + 1}`;
        return (
          <fieldset key={i}>
            <legend>{name}</legend>
            <p class="hint">Bought any of these (separate with commas)</p>
            <div class="row">
              {TEXT_FIELDS.map(([field, label, example]) => (
                <label class="field" key={field}>
                  <span>{label}</span>
                  <input value={rule[field]} placeholder={example} onInput={(e) => set(i, { [field]: e.currentTarget.value })} />
                </label>
              ))}
            </div>
            <div class="row">
              <label class="field">
                <span>In at least (orders)</span>
                <input
                  type="number"
                  min={1}
                  max={1000}
                  value={rule.minPurchases}
                  onInput={(e) => set(i, { minPurchases: e.currentTarget.value })}
                />
              </label>
              <label class="field">
                <span>Within the last (days)</span>
                <input
                  type="number"
                  min={1}
                  max={3650}
                  value={rule.withinDays}
                  onInput={(e) => set(i, { withinDays: e.currentTarget.value })}
                />
              </label>
              <button
                type="button"
                class="danger"
                onClick={() => onChange(rules.filter((_, j) => j !== i))}
                aria-label={`Remove ${name.toLowerCase()}`}
              >
                Remove
              </button>
            </div>
          </fieldset>
        );
      })}
      <button type="button" onClick={() => onChange([...rules, emptyRule()])}>
        Add {kind.toLowerCase()} rule
      </button>
    </div>
  );
}
