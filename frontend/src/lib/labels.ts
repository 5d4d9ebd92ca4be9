import type { TypedLabelsInput } from "../gql/graphql";

export type LabelKind = "boolean" | "text";

export interface LabelSpec {
  /** The docksmith.* label. */
  key: string;
  /** Its field in setLabels' and validateLabels' `typed` input. */
  field: keyof TypedLabelsInput;
  kind: LabelKind;
  title: string;
  help: string;
  placeholder?: string;
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

/** The editor's starting values: the container's docksmith.* labels. */
export function initialValues(labels: { key: string; value: string }[]): LabelValues {
  const values: LabelValues = {};
  for (const spec of LABEL_SPECS) {
    const found = labels.find((l) => l.key === spec.key);
    values[spec.key] =
      spec.kind === "boolean" ? (isOn(found?.value) ? "true" : "false") : (found?.value ?? "");
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
      change[spec.field] = b.trim();
    }
  }
  return change as TypedLabelsInput;
}

export function isEmptyChange(change: TypedLabelsInput): boolean {
  return Object.keys(change).length === 0;
}
