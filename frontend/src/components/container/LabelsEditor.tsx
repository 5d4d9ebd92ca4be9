import {
  Alert,
  Button,
  Fieldset,
  Group,
  Loader,
  Paper,
  Radio,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
} from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useEffect, useMemo, useState } from "react";
import type { TypedLabelsInput } from "../../gql/graphql";
import type { ShownError } from "../../lib/errors";
import {
  initialValues,
  isEmptyChange,
  LABEL_SPECS,
  type LabelValues,
  outrankedPins,
  typedChange,
} from "../../lib/labels";

// The radio value of a choice's "label not set" option.
const UNSET = "unset";

export interface LabelProblem {
  label?: string | null;
  message: string;
}

export type Validator = (
  change: TypedLabelsInput,
) => Promise<{ problems: LabelProblem[] } | { error: ShownError }>;

/**
 * The docksmith.* labels with what each means; every change is checked by the
 * server (validateLabels, the same rules setLabels applies) before Save is
 * offered, and each problem is shown beside its field. `readOnly` says why
 * these labels cannot change here (a container not made by compose): said
 * before anything is toggled, with the labels shown as they are.
 */
export function LabelsEditor({
  labels,
  validate,
  onSave,
  saving = false,
  readOnly = null,
}: {
  labels: { key: string; value: string }[];
  validate: Validator;
  onSave: (change: TypedLabelsInput) => void;
  saving?: boolean;
  readOnly?: string | null;
}) {
  const start = useMemo(() => initialValues(labels), [labels]);
  const [values, setValues] = useState<LabelValues>(start);
  const change = useMemo(() => typedChange(start, values), [start, values]);
  const changeKey = JSON.stringify(change);
  const [debouncedKey] = useDebouncedValue(changeKey, 350);
  const [checked, setChecked] = useState<{
    key: string;
    problems: LabelProblem[];
    error: ShownError | null;
  } | null>(null);

  useEffect(() => {
    setValues(start);
  }, [start]);

  useEffect(() => {
    const pending = JSON.parse(debouncedKey) as TypedLabelsInput;
    if (isEmptyChange(pending)) {
      setChecked(null);
      return;
    }
    let current = true;
    void validate(pending).then((answer) => {
      if (!current) return;
      if ("error" in answer) setChecked({ key: debouncedKey, problems: [], error: answer.error });
      else setChecked({ key: debouncedKey, problems: answer.problems, error: null });
    });
    return () => {
      current = false;
    };
  }, [debouncedKey, validate]);

  const empty = isEmptyChange(change);
  const upToDate = checked !== null && checked.key === changeKey;
  const problems = upToDate ? checked.problems : [];
  const byLabel = new Map(problems.filter((p) => p.label).map((p) => [p.label, p.message]));
  const general = problems.filter((p) => !p.label);
  const valid = upToDate && checked.error === null && problems.length === 0;
  const checking = !empty && !upToDate;
  const outranked = outrankedPins(values);

  return (
    <Stack gap="md">
      {readOnly && (
        <Alert color="blue" title="These labels cannot be changed here">
          {readOnly}
        </Alert>
      )}
      <Fieldset variant="unstyled" disabled={Boolean(readOnly)}>
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
          {LABEL_SPECS.map((spec) => {
            const error = byLabel.get(spec.key);
            if (spec.kind === "boolean") {
              const stricter = outranked.get(spec.key);
              const described = [
                `${spec.key}-help`,
                ...(stricter ? [`${spec.key}-note`] : []),
                ...(error ? [`${spec.key}-error`] : []),
              ].join(" ");
              return (
                <Paper key={spec.key} withBorder p="sm">
                  {/* The description sits outside the label so the switch's name stays its title. */}
                  <Switch
                    label={spec.title}
                    checked={values[spec.key] === "true"}
                    onChange={(e) =>
                      setValues({
                        ...values,
                        [spec.key]: e.currentTarget.checked ? "true" : "false",
                      })
                    }
                    aria-describedby={described}
                    aria-invalid={error ? true : undefined}
                  />
                  <Text id={`${spec.key}-help`} size="xs" c="dimmed" mt={4}>
                    {spec.help} ({spec.key})
                  </Text>
                  {stricter && (
                    <Text id={`${spec.key}-note`} size="xs" mt={4}>
                      {stricter} is on too and is stricter, so it decides; this pin adds nothing
                      while both are on.
                    </Text>
                  )}
                  {error && (
                    <Text id={`${spec.key}-error`} size="xs" c="red" mt={4}>
                      {error}
                    </Text>
                  )}
                </Paper>
              );
            }
            if (spec.kind === "choice") {
              return (
                <Paper key={spec.key} withBorder p="sm">
                  <Radio.Group
                    label={spec.title}
                    description={`${spec.help} (${spec.key})`}
                    value={values[spec.key] || UNSET}
                    onChange={(v) => setValues({ ...values, [spec.key]: v === UNSET ? "" : v })}
                    error={error}
                  >
                    <Group gap="md" mt={6}>
                      {(spec.options ?? []).map((o) => (
                        <Radio key={o.value || UNSET} value={o.value || UNSET} label={o.label} />
                      ))}
                    </Group>
                  </Radio.Group>
                </Paper>
              );
            }
            return (
              <Paper key={spec.key} withBorder p="sm">
                <TextInput
                  label={spec.title}
                  description={`${spec.help} (${spec.key})`}
                  placeholder={spec.placeholder}
                  value={values[spec.key] ?? ""}
                  onChange={(e) => setValues({ ...values, [spec.key]: e.currentTarget.value })}
                  error={error}
                  spellCheck={false}
                  autoCapitalize="off"
                  autoCorrect="off"
                />
              </Paper>
            );
          })}
        </SimpleGrid>
      </Fieldset>
      {general.map((p) => (
        <Alert key={p.message} color="red" title="This change would be refused" role="alert">
          {p.message}
        </Alert>
      ))}
      {upToDate && checked?.error && (
        <Alert color="red" title="Could not check the labels" role="alert">
          {checked.error.message} (error code {checked.error.code})
        </Alert>
      )}
      {!readOnly && (
        <Group justify="space-between" wrap="wrap">
          <Text size="sm" c="dimmed" aria-live="polite">
            {empty
              ? "No changes."
              : checking
                ? "Checking the change…"
                : valid
                  ? "The change is valid. Saving rewrites the compose file and recreates the container."
                  : "Fix the problems above to save."}
          </Text>
          <Group gap="sm">
            {checking && <Loader size="xs" aria-label="Checking" />}
            <Button variant="default" disabled={empty} onClick={() => setValues(start)}>
              Reset
            </Button>
            <Button disabled={!valid || saving} loading={saving} onClick={() => onSave(change)}>
              Save labels
            </Button>
          </Group>
        </Group>
      )}
    </Stack>
  );
}
