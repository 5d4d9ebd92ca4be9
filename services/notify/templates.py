"""Title and Markdown body of a notice, by default or from a channel's templates.

Templates are `string.Template` text (`$summary`, `${count}`): no code runs
and an unknown name is refused when the channel is saved, not when an event
fires. Apprise turns the Markdown into what each service understands.
"""

from __future__ import annotations

from string import Template

from services.checks.model import updates_available_text
from services.errors import InvalidInputError
from services.notify.model import Notice, NotificationEvent, Subject, Templates

VARIABLES = ("event", "severity", "summary", "details", "count")
_DEFAULT_TITLE = "Docksmith: $summary"


def render(notice: Notice, templates: Templates | None = None) -> tuple[str, str]:
    """(title, Markdown body) of `notice` for one channel."""
    values = {
        "event": str(notice.event),
        "severity": str(notice.severity),
        "summary": summary(notice),
        "details": details(notice),
        "count": str(len(notice.subjects)),
    }
    chosen = templates or Templates()
    title = Template(chosen.title or _DEFAULT_TITLE).safe_substitute(values)
    body = Template(chosen.body or "$details").safe_substitute(values)
    return title, body


def summary(notice: Notice) -> str:
    """One line; a digest's count follows the channel's share of it."""
    if notice.event is NotificationEvent.UPDATES_FOUND:
        return updates_available_text(len(notice.subjects), new=True)
    return notice.summary


def details(notice: Notice) -> str:
    if notice.event is NotificationEvent.UPDATES_FOUND:
        return "\n".join(_update_line(s) for s in notice.subjects)
    lines = [notice.summary]
    reason = notice.data.get("error")
    if reason:
        lines.append(f"\nReason: {reason}")
    members = notice.data.get("containers") or []
    if len(members) > 1:
        lines.append("")
        lines.extend(
            f"- **{m['container']}**: {m['status']}"
            + (f" ({m['message']})" if m.get("message") else "")
            for m in members
        )
    return "\n".join(lines)


def _update_line(subject: Subject) -> str:
    where = f" ({subject.stack})" if subject.stack else ""
    change = f" [{subject.change}]" if subject.change else ""
    versions = f"{subject.current or '?'} → {subject.new or '?'}"
    return f"- **{subject.container}**{where}: {versions}{change}"


def validate_templates(templates: Templates) -> Templates:
    """Refuse a template with a name `render` does not fill, or bad syntax."""
    for label, text in (
        ("titleTemplate", templates.title),
        ("bodyTemplate", templates.body),
    ):
        if text is None:
            continue
        if len(text) > 4000:
            raise InvalidInputError(f"{label} is longer than 4000 characters")
        template = Template(text)
        if not template.is_valid():
            raise InvalidInputError(
                f"{label} is not a valid template (write $$ for a dollar sign)"
            )
        unknown = set(template.get_identifiers()) - set(VARIABLES)
        if unknown:
            raise InvalidInputError(
                f"{label} uses unknown variable(s) {', '.join(sorted(unknown))}; "
                f"known: {', '.join(VARIABLES)}"
            )
    return templates
