"""Self-contained HTML reports from jinja2 templates in this folder (autoescape always on)."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _env():
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("pipeline", "report/templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )


def render(template: str, **context) -> str:
    """Render ``templates/<template>`` with ``context``; all document text is escaped."""
    return _env().get_template(template).render(**context)
