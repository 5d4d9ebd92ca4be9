import type { AutoRollbackLabel, AutoUpdateLabel, TypedLabelsInput } from "../gql/graphql";

export type LabelKind = "boolean" | "text" | "choice";

/** A choice's options, by the label's value ("" leaves the label out). */
export interface LabelOption {
  value: string;
  label: string;
}

export interface LabelSpec {
  /** The docksmith.* label. */
  key: string;
  /** Its field in setLabels' and validateLabels' `typed` input. */
  field: keyof TypedLabelsInput;
  kind: LabelKind;
  title: string;
  help: string;
  placeholder?: string;
  /** For a choice. */
  options?: LabelOption[];
  /** Other spellings of the label read as this one (the older first). */
  aliases?: string[];
  /** How a choice is sent when its typed field is a GraphQL enum. */
  toInput?: (value: string) => string;
}

/** The labels the editor offers, in the order a person reads them. */
export const LABEL_SPECS: LabelSpec[] = [
  {
    key: "docksmith.ignore",
    field: "ignore",
    kind: "boolean",
    title: "Ignore",
    help: "Leave this container out of checks and updates.",
  },
  {
    key: "docksmith.version-pin-major",
    field: "versionPinMajor",
    kind: "boolean",
    title: "Pin major version",
    help: "Only offer versions of the current major line (1.4 → 1.9, never 2.0).",
  },
  {
    key: "docksmith.version-pin-minor",
    field: "versionPinMinor",
    kind: "boolean",
    title: "Pin minor version",
    help: "Only offer patches of the current minor line (1.4.2 → 1.4.7).",
  },
  {
    key: "docksmith.version-pin-patch",
    field: "versionPinPatch",
    kind: "boolean",
    title: "Pin patch version",
    help: "Only offer rebuilds of the current patch version (1.4.2-r1 → 1.4.2-r3).",
  },
  {
    key: "docksmith.allow-prerelease",
    field: "allowPrerelease",
    kind: "boolean",
    title: "Allow prereleases",
    help: "Offer alpha, beta and rc versions as updates.",
  },
  {
    key: "docksmith.allow-latest",
    field: "allowLatest",
    kind: "boolean",
    title: "Allow latest",
    help: "Keep a floating tag such as latest and follow its digest instead of suggesting a pinned version.",
  },
  {
    key: "docksmith.version-min",
    field: "versionMin",
    kind: "text",
    title: "Minimum version",
    help: "Never offer a version below this one.",
    placeholder: "1.2.0",
  },
  {
    key: "docksmith.version-max",
    field: "versionMax",
    kind: "text",
    title: "Maximum version",
    help: "Never offer a version above this one.",
    placeholder: "2.99.99",
  },
  {
    key: "docksmith.tag-regex",
    field: "tagRegex",
    kind: "text",
    title: "Tag pattern",
    help: "Only tags matching this RE2 pattern (the whole tag) are candidates.",
    placeholder: "^\\d+\\.\\d+\\.\\d+-alpine$",
  },
  {
    key: "docksmith.pre-update-check",
    field: "script",
    kind: "text",
    title: "Pre-update check script",
    help: "A script in SCRIPTS_DIR that must exit 0 before an update goes ahead.",
    placeholder: "checks/db-idle.sh",
  },
  {
    key: "docksmith.auto-rollback",
    field: "autoRollback",
    kind: "choice",
    title: "Automatic rollback",
    help: "Whether a failed update (its health check fails) goes back to the previous version; when not set, the rollback policies in Settings decide.",
    options: [
      { value: "", label: "As the policies say" },
      { value: "true", label: "Always" },
      { value: "false", label: "Never" },
    ],
    aliases: ["docksmith.auto_rollback"],
    toInput: (value): AutoRollbackLabel =>
      value === "" ? "POLICIES" : (value.toUpperCase() as AutoRollbackLabel),
  },
  {
    key: "docksmith.post-update",
    field: "postUpdate",
    kind: "text",
    title: "After an update",
    help: "What runs once an update succeeded: restart:<containers>, compose-restart:<services>, script:<path in SCRIPTS_DIR> or exec:<command> (when the administrator allows commands).",
    placeholder: "restart:proxy, worker",
  },
  {
    key: "docksmith.auto-update",
    field: "autoUpdate",
    kind: "choice",
    title: "Automatic updates",
    help: "How far Docksmith may update this container by itself (digest: rebuilds of the same version; patch: 1.4.2 → 1.4.5; minor: 1.4 → 1.9; major: any); when not set, the auto-update policies in Settings decide.",
    options: [
      { value: "", label: "As the policies say" },
      { value: "off", label: "Off" },
      { value: "digest", label: "Digest" },
      { value: "patch", label: "Patch" },
      { value: "minor", label: "Minor" },
      { value: "major", label: "Major" },
    ],
    toInput: (value): AutoUpdateLabel =>
      value === "" ? "POLICIES" : (value.toUpperCase() as AutoUpdateLabel),
  },
  {
    key: "docksmith.min-age",
    field: "minAge",
    kind: "text",
    title: "Minimum image age",
    help: "An automatic update waits until the new image is at least this old: 3d, 12h, 1w, 1d12h or 0; when empty, the policies decide.",
    placeholder: "3d",
  },
  {
    key: "docksmith.maintenance-window",
    field: "maintenanceWindow",
    kind: "text",
    title: "Maintenance window",
    help: "When automatic updates may happen, in AUTO_UPDATE_TIMEZONE: [days ]HH:MM-HH:MM, several separated by ';'; when empty, the policies decide.",
    placeholder: "sat,sun 02:00-06:00; fri 22:00-02:00",
  },
  {
    key: "docksmith.restart-after",
    field: "restartAfter",
    kind: "text",
    title: "Restart after",
    help: "Containers (comma-separated) whose restart or update restarts this one too.",
    placeholder: "db, cache",
  },
];

export type LabelValues = Record<string, string>;

const TRUE = new Set(["true", "1", "yes"]);

export function isOn(value: string | undefined): boolean {
  return value !== undefined && TRUE.has(value.trim().toLowerCase());
}

const FALSE = new Set(["false", "0", "no"]);

/** A choice's option for a label value as written (`yes` is `true`); "" when unset. */
function choiceOf(spec: LabelSpec, value: string | undefined): string {
  const v = value?.trim().toLowerCase() ?? "";
  const normal = TRUE.has(v) ? "true" : FALSE.has(v) ? "false" : v;
  return spec.options?.some((o) => o.value === normal) ? normal : (value ?? "");
}

/** The editor's starting values: the container's docksmith.* labels. */
export function initialValues(labels: { key: string; value: string }[]): LabelValues {
  const values: LabelValues = {};
  for (const spec of LABEL_SPECS) {
    const keys = [...(spec.aliases ?? []), spec.key];
    const found = keys.map((k) => labels.find((l) => l.key === k)).find((l) => l?.value.trim());
    if (spec.kind === "boolean") values[spec.key] = isOn(found?.value) ? "true" : "false";
    else if (spec.kind === "choice") values[spec.key] = choiceOf(spec, found?.value);
    else values[spec.key] = found?.value ?? "";
  }
  return values;
}

/**
 * What changed, as setLabels' typed input: true sets a flag, false and ""
 * remove the label (the API's meaning), untouched fields are left out.
 */
export function typedChange(before: LabelValues, after: LabelValues): TypedLabelsInput {
  const change: Record<string, boolean | string> = {};
  for (const spec of LABEL_SPECS) {
    const a = before[spec.key] ?? "";
    const b = after[spec.key] ?? "";
    if (spec.kind === "boolean") {
      if (isOn(a) !== isOn(b)) change[spec.field] = isOn(b);
    } else if (a.trim() !== b.trim()) {
      change[spec.field] = spec.toInput ? spec.toInput(b.trim()) : b.trim();
    }
  }
  return change as TypedLabelsInput;
}

// The version pins, strictest first. Several may be on; the strictest
// decides (the checker and the update engine keep the deepest pin's line).
const PINS = [
  "docksmith.version-pin-patch",
  "docksmith.version-pin-minor",
  "docksmith.version-pin-major",
];

/** Each pin that is on beside a stricter one, with that stricter pin's title. */
export function outrankedPins(values: LabelValues): Map<string, string> {
  const outranked = new Map<string, string>();
  const strictest = PINS.find((key) => isOn(values[key]));
  const title = LABEL_SPECS.find((spec) => spec.key === strictest)?.title;
  if (!strictest || !title) return outranked;
  for (const key of PINS) {
    if (key !== strictest && isOn(values[key])) outranked.set(key, title);
  }
  return outranked;
}

export function isEmptyChange(change: TypedLabelsInput): boolean {
  return Object.keys(change).length === 0;
}
